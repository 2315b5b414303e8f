// Public entry point: exports only.
export { createTrutoClient } from "./client.js";
export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TrutoApiError,
  TrutoConnectionError,
  TrutoError,
  TrutoTimeoutError,
  TrutoValidationError,
  UnprocessableEntityError,
  type TrutoErrorBody,
} from "./errors.js";
export { serializeQuery } from "./query.js";
export type {
  CallOptions,
  Engagement,
  IntegrationSlug,
  QueryFor,
  RequestOptions,
  ResourceMethod,
  RetryEvent,
  TrutoClient,
  TrutoClientOptions,
  UnsupportedPolicy,
  components,
  paths,
} from "./types.js";
