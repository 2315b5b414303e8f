// Error classes: every failure the client reports is a TrutoError; HTTP failures map by status.

/** Base class of every error this client throws. */
export class TrutoError extends Error {
  override name = "TrutoError";
}

/** Bad input caught before any request was sent (client options, parameters, provider rules). */
export class TrutoValidationError extends TrutoError {
  override name = "TrutoValidationError";
  /** The option or parameter at fault, e.g. `engagement_type` or `token`. */
  readonly parameter: string;
  /** Display name of the integration whose rule failed, when one did. */
  readonly integration: string | undefined;

  constructor(parameter: string, message: string, integration?: string) {
    super(message);
    this.parameter = parameter;
    this.integration = integration;
  }
}

/** The request never got an HTTP response: DNS, refused or reset connection, TLS… */
export class TrutoConnectionError extends TrutoError {
  override name = "TrutoConnectionError";
  readonly method: string;
  readonly url: string;

  constructor(method: string, url: string, message = "Connection error", options?: ErrorOptions) {
    super(`${message} (${method} ${url})`, options);
    this.method = method;
    this.url = url;
  }
}

/** No response headers within `timeoutMs` on the last attempt. */
export class TrutoTimeoutError extends TrutoConnectionError {
  override name = "TrutoTimeoutError";

  constructor(method: string, url: string, timeoutMs: number) {
    super(method, url, `Request timed out after ${timeoutMs} ms`);
  }
}

/** Truto's error body; remote errors add the provider's answer. */
export interface TrutoErrorBody {
  statusCode: number;
  error: string;
  message: string;
  truto_is_remote_error?: true;
  raw_response?: unknown;
}

/** Truto answered with a non-2xx status. Subclasses name the common statuses. */
export class TrutoApiError extends TrutoError {
  override name = "TrutoApiError";
  readonly status: number;
  /** The parsed error body: Truto's JSON, else the raw text, else undefined (empty body). */
  readonly body: unknown;
  /** Response headers; for remote errors they include the provider's (rate limits, Retry-After). */
  readonly headers: Headers;
  /** Value of the `x-request-id` response header, when present. */
  readonly requestId: string | undefined;
  readonly method: string;
  readonly url: string;
  /** True when the CRM behind Truto failed (`truto_is_remote_error`), not Truto itself. */
  readonly isRemoteError: boolean;
  /** The provider's own error body, for remote errors. */
  readonly rawResponse: unknown;

  constructor(status: number, body: unknown, headers: Headers, method: string, url: string) {
    super(errorMessage(status, body));
    this.status = status;
    this.body = body;
    this.headers = headers;
    this.requestId = headers.get("x-request-id") ?? undefined;
    this.method = method;
    this.url = url;
    const trutoBody = isTrutoBody(body) ? body : undefined;
    this.isRemoteError = trutoBody?.truto_is_remote_error === true;
    this.rawResponse = trutoBody?.raw_response;
  }

  /** The subclass for a status: 400 → BadRequestError … ≥500 → InternalServerError. */
  static fromResponse(status: number, body: unknown, headers: Headers, method: string, url: string): TrutoApiError {
    const ErrorClass = STATUS_CLASSES[status] ?? (status >= 500 ? InternalServerError : TrutoApiError);
    return new ErrorClass(status, body, headers, method, url);
  }
}

export class BadRequestError extends TrutoApiError { override name = "BadRequestError"; }
export class AuthenticationError extends TrutoApiError { override name = "AuthenticationError"; }
export class PermissionDeniedError extends TrutoApiError { override name = "PermissionDeniedError"; }
export class NotFoundError extends TrutoApiError { override name = "NotFoundError"; }
export class ConflictError extends TrutoApiError { override name = "ConflictError"; }
export class UnprocessableEntityError extends TrutoApiError { override name = "UnprocessableEntityError"; }
export class RateLimitError extends TrutoApiError { override name = "RateLimitError"; }
export class InternalServerError extends TrutoApiError { override name = "InternalServerError"; }

const STATUS_CLASSES: Record<number, typeof TrutoApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** Text bodies can be whole HTML pages: keep messages to one readable line. */
const MAX_TEXT_IN_MESSAGE = 200;

function errorMessage(status: number, body: unknown): string {
  if (isTrutoBody(body)) return `${status} ${body.message}`;
  if (typeof body === "string" && body.trim() !== "") {
    const text = body.trim().replace(/\s+/g, " ");
    return `${status} ${text.length > MAX_TEXT_IN_MESSAGE ? `${text.slice(0, MAX_TEXT_IN_MESSAGE)}…` : text}`;
  }
  if (body !== undefined && body !== "") return `${status} ${JSON.stringify(body).slice(0, MAX_TEXT_IN_MESSAGE)}`;
  return `${status} status code (no body)`;
}

function isTrutoBody(body: unknown): body is TrutoErrorBody {
  return typeof body === "object" && body !== null && typeof (body as TrutoErrorBody).message === "string";
}
