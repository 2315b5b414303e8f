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

  constructor(parameter: string, message: string, integration?: string, options?: ErrorOptions) {
    super(message, options);
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

/** What a TrutoApiError is made from: the response's status, parsed body, headers, and the request. */
export interface ApiErrorInit {
  status: number;
  body: unknown;
  headers: Headers;
  method: string;
  url: string;
  /** The response answered a retry sent after an attempt that got no response. */
  earlierAttemptMayHaveActed?: boolean;
  /** The body was longer than the client reads (MAX_ERROR_BODY_BYTES): `body` holds its start. */
  bodyTruncated?: boolean;
}

/** Truto answered with a non-2xx status. Subclasses name the common statuses. */
export class TrutoApiError extends TrutoError {
  override name = "TrutoApiError";
  readonly status: number;
  /**
   * The parsed error body: Truto's JSON, else the raw text, else undefined (empty body). A body
   * longer than 64 KiB (as text, or as JSON text) is kept as its first 65,536 characters and a
   * `…[N more characters]` note, so an error never holds a huge page.
   */
  readonly body: unknown;
  /** Response headers; for remote errors they include the provider's (rate limits, Retry-After). */
  readonly headers: Headers;
  /** Value of the `x-request-id` response header, when present. */
  readonly requestId: string | undefined;
  readonly method: string;
  readonly url: string;
  /** True when the CRM behind Truto failed (`truto_is_remote_error`), not Truto itself. */
  readonly isRemoteError: boolean;
  /** The provider's own error body, for remote errors (bounded like `body`). */
  readonly rawResponse: unknown;

  /**
   * True when this response answered a retry sent after an attempt that timed out or lost its
   * connection: that attempt may have reached Truto and acted, e.g. a 404 on a retried DELETE may
   * mean the first attempt deleted the record. The message says so too.
   */
  readonly earlierAttemptMayHaveActed: boolean;

  constructor({ status, body, headers, method, url, earlierAttemptMayHaveActed = false, bodyTruncated = false }: ApiErrorInit) {
    const trutoBody = isTrutoBody(body) ? body : undefined;
    super(
      errorMessage(status, body) +
        (earlierAttemptMayHaveActed ? ` (retried: an earlier attempt got no response and may have ${method === "DELETE" ? "deleted it" : "acted"})` : ""),
    );
    this.status = status;
    this.body = bounded(body, bodyTruncated);
    this.headers = headers;
    this.requestId = headers.get("x-request-id") ?? undefined;
    this.method = method;
    this.url = url;
    this.isRemoteError = trutoBody?.truto_is_remote_error === true;
    this.rawResponse = bounded(trutoBody?.raw_response, false);
    this.earlierAttemptMayHaveActed = earlierAttemptMayHaveActed;
  }

  /** The subclass for a status: 400 → BadRequestError … ≥500 → InternalServerError. */
  static fromResponse(init: ApiErrorInit): TrutoApiError {
    const ErrorClass = STATUS_CLASSES[init.status] ?? (init.status >= 500 ? InternalServerError : TrutoApiError);
    return new ErrorClass(init);
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
/** Truto's own `message` is kept (on one line) up to this length. */
const MAX_TRUTO_MESSAGE = 1_000;
/** What an error keeps of a body, in characters (of its text, or of its JSON text). */
export const MAX_ERROR_BODY_CHARS = 65_536;

function errorMessage(status: number, body: unknown): string {
  // Truto's message may be the provider's text (a remote error): one line, like a text body.
  const message = isTrutoBody(body) ? oneLine(body.message) : "";
  if (message !== "") return `${status} ${cut(message, MAX_TRUTO_MESSAGE)}`;
  if (typeof body === "string" && body.trim() !== "") return `${status} ${cut(oneLine(body), MAX_TEXT_IN_MESSAGE)}`;
  if (body !== undefined && body !== "") return `${status} ${cut(JSON.stringify(body), MAX_TEXT_IN_MESSAGE, "")}`;
  return `${status} status code (no body)`;
}

/** `text` on one line: trimmed, each run of whitespace (line breaks included) one space. */
function oneLine(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

/**
 * A body as is when small; else its first MAX_ERROR_BODY_CHARS characters of text, and how much
 * more there was (or, when the client stopped reading it, that the rest was not read).
 */
function bounded(body: unknown, truncated: boolean): unknown {
  if (typeof body !== "string" && (typeof body !== "object" || body === null)) return body;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  if (truncated) return cut(text, MAX_ERROR_BODY_CHARS, "…[the body was longer than 1 MiB; the rest was not read]", true);
  return text.length > MAX_ERROR_BODY_CHARS ? cut(text, MAX_ERROR_BODY_CHARS, `…[${text.length - cutAt(text, MAX_ERROR_BODY_CHARS)} more characters]`) : body;
}

/** The first `max` characters and `mark` (always, or only when cut), as a string of its own. */
function cut(text: string, max: number, mark = "…", always = false): string {
  // A slice would keep the whole text alive (V8 shares it); JSON.parse makes a copy.
  return text.length > max || always ? (JSON.parse(JSON.stringify(text.slice(0, cutAt(text, max)) + mark)) as string) : text;
}

/**
 * Where to cut `text` to keep at most `max` characters: `max`, or one less when that would split a
 * surrogate pair (a character outside the BMP, e.g. an emoji), which would leave ill-formed text
 * (encodeURIComponent throws on it; UTF-8 writes it as U+FFFD).
 */
function cutAt(text: string, max: number): number {
  const last = text.charCodeAt(max - 1);
  return last >= 0xd800 && last <= 0xdbff && max < text.length ? max - 1 : max;
}

function isTrutoBody(body: unknown): body is TrutoErrorBody {
  return typeof body === "object" && body !== null && typeof (body as TrutoErrorBody).message === "string";
}
