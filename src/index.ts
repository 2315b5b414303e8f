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
  BodyFor,
  CallOptions,
  Engagement,
  IntegrationSlug,
  PagePromise,
  QueryFor,
  RequestOptions,
  ResourceMethod,
  ResultFor,
  RetryEvent,
  Schemas,
  TrutoClient,
  TrutoClientOptions,
  UnsupportedPolicy,
  components,
  paths,
} from "./types.js";
