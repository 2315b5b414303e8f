// The one call pipeline, for both call styles (resources.ts, http-methods.ts): a call is prepared (options
// settled, checks run, headers and Idempotency-Key set, the body serialized, a transport made for
// it), sent through openapi-fetch under its CallControl, and settled (data, or a typed error; the
// token scrubbed from whatever is reported; the caller's signal released once the body is read).
import { createFinalURL, type Client } from "openapi-fetch";
import { jsonBody } from "./body.js";
import { CallControl } from "./control.js";
import type { Credential } from "./credential.js";
import { TrutoApiError, TrutoConnectionError, TrutoError, TrutoValidationError } from "./errors.js";
import { addHeaders, headerValue, readHeaders, type HeaderRecord, type HeadersInput } from "./headers.js";
import { withIdempotencyKey } from "./idempotency.js";
import type { Operation } from "./model.js";
import { readCallSettings, type Settings } from "./options.js";
import { scrubHeaders, scrubTokens } from "./redact.js";
import { thrownByMiddleware, tracked } from "./middleware.js";
import { describe } from "./messages.js";
import { expandPath } from "./path.js";
import { checkQueryObject, serializeQuery } from "./query.js";
import { isIdempotent } from "./retry.js";
import { afterLostAttempt, createTransport, truncatedBodies } from "./transport.js";
import { checkBody, checkQuery, type CheckContext } from "./validate.js";

/** What a client's calls share. */
export interface ClientContext {
  /** openapi-fetch's client, set up with Truto's query format and path encoding. */
  openapi: Client<Record<string, never>>;
  credential: Credential;
  settings: Settings;
}

/** One call, as an adapter read it from its arguments. */
export interface CallRequest {
  method: string;
  /** The path template, e.g. `/unified/crm/engagements/{id}`. */
  path: string;
  /** The spec's operation, when the call is one of it (checks and Idempotency-Key come from it). */
  operation: (Operation & { operationId: string }) | undefined;
  params: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: HeadersInput };
  /** The JSON body; undefined for none. */
  body: unknown;
  /** The call's options: a resource method's options argument, or a raw call's init. */
  options: Record<string, unknown>;
  place: "call" | "raw";
  /** A raw call's init, passed on to openapi-fetch (parseAs, middleware, bodySerializer…) with what the pipeline owns replaced. */
  init: Record<string, unknown>;
  /** How errors name the call: the operationId, or `METHOD /path`. */
  at: string;
}

/** The body serializer of a body serialized already (JSON text). */
const asIs = (text: string) => text;

/** openapi-fetch's answer: `data` for a 2xx, `error` (the parsed body) otherwise. */
export type RawResult = { data?: unknown; error?: unknown; response: Response };

/** Sends the call; resolves to openapi-fetch's `{ data, error, response }`, the error body scrubbed. */
export async function callRaw(client: ClientContext, request: CallRequest): Promise<RawResult> {
  const result = await send(client, request);
  if (result.error !== undefined) result.error = scrubTokens(result.error, client.credential.tokens);
  return result;
}

/** Sends the call; resolves to the success body, or rejects with the typed error of the response. */
export async function callData(client: ClientContext, request: CallRequest): Promise<unknown> {
  const { data, error, response } = await send(client, request);
  if (response.ok) return data;
  const tokens = client.credential.tokens;
  throw TrutoApiError.fromResponse({
    status: response.status,
    body: scrubTokens(error, tokens),
    headers: scrubHeaders(response.headers, tokens),
    method: request.method,
    url: response.url,
    earlierAttemptMayHaveActed: afterLostAttempt.has(response),
    bodyTruncated: truncatedBodies.has(response),
  });
}

/** Sends a prepared call through openapi-fetch under its control, and settles what comes back. */
async function send(client: ClientContext, request: CallRequest): Promise<RawResult> {
  const { control, init } = prepare(client, request);
  let result: RawResult;
  try {
    result = (await control.race(client.openapi.request(request.method as "get", request.path as never, init as never))) as RawResult;
  } catch (error) {
    control.end();
    throw failure(error, control, request.method, request.at);
  }
  // The caller's signal stays linked to a stream until the stream ends: the caller reads it, with no
  // timeout (a middleware may have answered it without the transport, which would have said so).
  if (result.data instanceof ReadableStream) {
    control.responded(true);
    result.data = releasedAtEnd(result.data, () => control.end());
  } else control.end();
  return result;
}

/**
 * Everything decided before sending: the call's settings, the spec's and the integration's checks,
 * the headers and Idempotency-Key, the JSON body, and the control and transport of this call, as
 * openapi-fetch's init. Throws (a TrutoValidationError) before anything is sent.
 */
function prepare(client: ClientContext, request: CallRequest): { control: CallControl; init: object } {
  const { method, at, operation } = request;
  const settings = readCallSettings(client.settings, request.options, request.place, at);
  // Logged once every check has passed: a call refused later in prepare() warns of nothing.
  const warnings: string[] = [];
  const checks: CheckContext = {
    integration: settings.integration,
    unsupported: settings.unsupportedParameters,
    warn: (text) => warnings.push(text),
    accountToken: client.credential.option === "integratedAccountToken",
  };
  const query = request.params.query;
  checkQueryObject(query, at);
  let headers = request.params.header === undefined ? settings.headers : addHeaders(settings.headers, readHeaders(request.params.header, at));
  if (operation) {
    // Without params.path openapi-fetch would send the template's `{id}` as it is.
    const first = operation.pathParams[0];
    if (first !== undefined && request.params.path === undefined) throw new TrutoValidationError(first, `Path parameter "${first}" is required, got undefined`);
    checkBody(operation.operationId, operation, request.body, checks);
    checkQuery(operation.operationId, operation, query ?? {}, checks);
  }
  const keyHeader = operation?.idempotencyKey;
  if (keyHeader !== undefined) headers = withIdempotencyKey(headers, keyHeader, settings.idempotencyKey, at);
  else if (settings.idempotencyKey !== undefined) throw new TrutoValidationError("idempotencyKey", `${at}: this operation declares no Idempotency-Key header`);
  const body = bodyToSend(request, headers);
  const parseAs = request.init.parseAs;
  if (parseAs !== undefined && !PARSE_AS.includes(parseAs as never)) throw new TrutoValidationError("parseAs", `${at}: "parseAs" must be one of ${PARSE_AS.join(", ")}, got ${describe(parseAs)}`);

  for (const text of warnings) settings.logger.warn(text);
  const control = new CallControl(settings.signal, settings.timeoutMs);
  const fetch = createTransport({
    fetch: settings.fetch,
    credential: client.credential,
    control,
    // A key makes a POST or PATCH safe to repeat: Truto answers a repeat with the first response.
    retries: isIdempotent(method) || keyHeader !== undefined || settings.retryNonIdempotent ? settings.maxRetries : 0,
    onRetry: settings.onRetry,
    stream: parseAs === "stream",
  });
  const { middleware } = request.init;
  const init = {
    ...request.init,
    ...(Array.isArray(middleware) ? { middleware: middleware.map(tracked) } : {}),
    params: { path: request.params.path, query },
    ...body,
    headers,
    fetch,
    // The caller's signal is the transport's, never the Request's: a Request built with a
    // long-lived signal leaves a listener on it per call.
    signal: undefined,
  };
  control.start(method, () => createFinalURL(request.path, { baseUrl: settings.baseUrl, params: init.params, querySerializer: serializeQuery, pathSerializer: expandPath }));
  return { control, init };
}

/** How openapi-fetch can read a body (`response[parseAs]()`): anything else would fail after the response arrived. */
const PARSE_AS = ["json", "text", "blob", "arrayBuffer", "stream"] as const;

/**
 * The body to send: JSON text serialized here, so that what JSON cannot carry is refused naming the
 * field; or, for a raw call, what openapi-fetch serializes itself (with the call's own
 * bodySerializer, a FormData as it is, or a urlencoded Content-Type as URLSearchParams). A GET or
 * HEAD with a body is refused: fetch would throw a TypeError when building its Request.
 */
function bodyToSend(request: CallRequest, headers: HeaderRecord): { body: unknown; bodySerializer?: typeof asIs } {
  const { body, method, at } = request;
  if (body === undefined) return { body };
  if (method === "GET" || method === "HEAD") throw new TrutoValidationError("body", `${at}: a ${method} request cannot have a body`);
  const leftToOpenapiFetch =
    request.init.bodySerializer !== undefined || body instanceof FormData || headerValue(headers, "content-type")?.value === "application/x-www-form-urlencoded";
  return leftToOpenapiFetch ? { body } : { body: jsonBody(body, at), bodySerializer: asIs };
}

/**
 * What a call rejects with: the caller's abort reason as is (or the timeout that stopped it in a
 * middleware); a body that is not JSON as a TrutoError (with the parser's position, not its
 * message); a TypeError once the response had arrived, not a middleware's, as a lost connection
 * (never retried: the server has acted); anything else (the client's own errors, a middleware's) as
 * it came.
 */
function failure(error: unknown, control: CallControl, method: string, at: string): unknown {
  const stopped = control.stopped();
  if (stopped) return stopped.reason;
  if (error instanceof SyntaxError) return new TrutoError(`${at}: the response body is not valid JSON`, { cause: parseFailure(error) });
  // fetch reports a connection lost mid-body as a TypeError; what a middleware's hook throws (a
  // TypeError too) passes as it came. An error body was read by the transport, which said so.
  if (control.hasResponded && error instanceof TypeError && !thrownByMiddleware(error)) return new TrutoConnectionError(method, control.url!, "Connection lost while reading the response body", { cause: error });
  return error;
}

/**
 * The parser's error without its message, which quotes a window of the body (V8 ten characters,
 * other engines more): a token echoed in it would be cut where no scrubbing finds it. The position
 * is kept when the engine gives one.
 */
function parseFailure(error: SyntaxError): SyntaxError {
  const position = /at position (\d+)/.exec(error.message)?.[1];
  return new SyntaxError(`JSON.parse failed${position === undefined ? "" : ` at position ${position}`} (its message, which quotes the body, is left out)`);
}

/**
 * A streamed body that calls `release` once it ends, fails or is cancelled: a byte stream, like a
 * fetch body (a BYOB reader works on it). Each chunk is enqueued as a copy: a byte stream takes over
 * the chunk's buffer, which may be shared (a Node Buffer is a view of a pool other Buffers use).
 */
function releasedAtEnd(data: ReadableStream<Uint8Array>, release: () => void): ReadableStream<Uint8Array> {
  const reader = data.getReader();
  return new ReadableStream({
    type: "bytes",
    async pull(controller) {
      try {
        // A byte stream asks again only for what a pull enqueued: an empty chunk is skipped here.
        let read = await reader.read();
        while (!read.done && read.value.byteLength === 0) read = await reader.read();
        if (read.done) {
          release();
          controller.close();
          // A pending BYOB read resolves (done) only once answered.
          controller.byobRequest?.respond(0);
        } else controller.enqueue(new Uint8Array(read.value));
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
}
