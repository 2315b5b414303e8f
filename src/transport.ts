// The fetch a call hands to openapi-fetch: a plain fetch-compatible function made for that call
// (call.ts). Each attempt gets the credential's token and runs under the call's control (timeout,
// caller's signal: control.ts); a 401 is answered once with a new token from a token function; what
// is safe to repeat is retried; and an error body is read here, bounded, before openapi-fetch reads
// it whole.
import { discard } from "./body.js";
import { abortable, type CallControl } from "./control.js";
import type { Credential } from "./credential.js";
import { TrutoConnectionError, TrutoError, type TrutoTimeoutError } from "./errors.js";
import type { FetchFunction } from "./options.js";
import { tokenStartAtEnd } from "./redact.js";
import { MAX_RETRY_AFTER_MS, backoffMs, isRetryableStatus, retryAfterMs, type RetryEvent } from "./retry.js";

export interface TransportPlan {
  fetch: FetchFunction;
  credential: Credential;
  control: CallControl;
  /** Retries after the first attempt: 0 for a method that may not be repeated. */
  retries: number;
  onRetry: ((event: RetryEvent) => void) | undefined;
  /** The caller reads a 2xx body as a stream: no timeout once its headers arrive. */
  stream: boolean;
}

/**
 * At most this much of an error body is read: far more than any error Truto sends, and a bound on
 * the memory and time an endless or huge error body can take.
 */
export const MAX_ERROR_BODY_BYTES = 1_048_576;

/**
 * Responses that answered a retry sent after an attempt that timed out or lost its connection: that
 * attempt may have reached the server and acted (a DELETE that then answers 404 may have been done
 * by it).
 */
export const afterLostAttempt = new WeakSet<Response>();
/** Error responses whose body was longer than MAX_ERROR_BODY_BYTES: only that much was read. */
export const truncatedBodies = new WeakSet<Response>();

/** `sent`: the request had gone out, so the server may have acted on it. */
type Failure = { failure: TrutoConnectionError; sent: boolean };
type Answered = { response: Response; authorization: string; signal: AbortSignal | undefined };
type Attempt = Answered | Failure;

export function createTransport(plan: TransportPlan): (request: Request) => Promise<Response> {
  const { control, credential } = plan;

  /** One attempt: the token, then fetch. A timeout or a network failure is a `failure`; anything else throws. */
  async function attempt(request: Request): Promise<Attempt> {
    // A stopped call (the caller aborted, or it timed out in a middleware) asks for no token and sends nothing.
    const stopped = control.stopped();
    if (stopped) throw stopped.reason;
    const signal = control.begin(request);
    // Where the attempt got to: the token (a function's own error is not retried), fetch called
    // (what it throws is a connection failure), the request handed over (the server may have acted).
    let fetching = false;
    let sent = false;
    let response: unknown;
    let authorization = credential.header();
    try {
      // A fixed token needs no wait; a token function's may take as long as the attempt's timeout.
      if (typeof authorization !== "string") authorization = await waitForToken(credential, authorization, signal);
      request.headers.set("Authorization", authorization);
      fetching = true;
      // A custom fetch may throw synchronously (caught here too), or return a non-promise.
      const answer = Promise.resolve(plan.fetch(request, signal ? { signal } : undefined));
      sent = true;
      // A fetch that ignores its signal may still answer after the attempt was given up: free that body.
      if (signal) answer.then((late) => signal.aborted && discard((late as Response | null)?.body), () => {});
      response = await abortable(answer, signal);
    } catch (error) {
      const stopped = control.stopped();
      if (stopped) throw stopped.reason;
      if (signal?.aborted) return { failure: signal.reason as TrutoTimeoutError, sent };
      if (!fetching) throw error;
      return { failure: new TrutoConnectionError(request.method, request.url, "Connection error", { cause: error }), sent };
    } finally {
      // The attempt is over: the Request no longer holds the token, which a fetch wrapper's error may
      // keep (as its cause's `request`) and which middleware's onResponse and onError receive.
      request.headers.delete("Authorization");
    }
    if (typeof (response as Response | null)?.status !== "number" || typeof (response as Response).headers?.get !== "function") {
      throw new TrutoError(`The fetch option returned ${response === null ? "null" : typeof response} instead of a Response (${request.method} ${request.url})`);
    }
    // A network error answered rather than thrown (Response.error(), as a service worker may).
    if ((response as Response).type === "error") return { failure: new TrutoConnectionError(request.method, request.url, "Connection error (fetch answered a network error)"), sent };
    return { response: response as Response, authorization, signal };
  }

  async function wait(event: RetryEvent, discarded?: Response): Promise<void> {
    // Frees the connection first; the discarded response is not read.
    discard(discarded?.body);
    plan.onRetry?.(event);
    await control.sleep(event.delayMs);
  }

  /**
   * After a 401 with a token function: "resend" with the function's new token; the 401 itself when
   * it gave the same token; a failure when the attempt's timeout ran out while it worked (retried
   * like any attempt that timed out: the 401 did nothing on the server).
   */
  async function afterUnauthorized(answered: Answered): Promise<Attempt | "resend"> {
    const { response, authorization, signal } = answered;
    let fresh: string;
    try {
      fresh = await waitForToken(credential, credential.refresh(authorization), signal);
    } catch (error) {
      discard(response.body);
      const stopped = control.stopped();
      if (stopped) throw stopped.reason;
      if (signal?.aborted) return { failure: signal.reason as TrutoTimeoutError, sent: false };
      throw error;
    }
    if (fresh === authorization) return answered;
    discard(response.body);
    return "resend";
  }

  return async function send(request) {
    const { method, url } = request;
    // A request body can be read once: every later attempt sends a copy of the original.
    const original = request.body !== null && (plan.retries > 0 || credential.refreshable) ? request.clone() : request;
    const copy = () => (original === request ? request : original.clone());
    let lost = false;
    let resent = false;
    let next = request;
    for (let retry = 0; ; ) {
      const result = await attempt(next);
      // A 401 with a token function: one resend with a new token (not a retry), never a loop.
      const outcome = "response" in result && result.response.status === 401 && credential.refreshable && !resent ? await afterUnauthorized(result) : result;
      if (outcome === "resend") {
        resent = true;
        next = copy();
        continue;
      }
      if ("failure" in outcome) {
        if (retry >= plan.retries) throw outcome.failure;
        lost ||= outcome.sent;
        await wait({ attempt: retry + 1, delayMs: backoffMs(retry), method, url, error: outcome.failure });
        retry++;
        next = copy();
        continue;
      }
      const { response, signal } = outcome;
      if (retry < plan.retries && isRetryableStatus(response.status)) {
        const requested = retryAfterMs(response.headers);
        // A Retry-After too long to wait out goes to the caller as the error.
        if (requested === undefined || requested <= MAX_RETRY_AFTER_MS) {
          await wait({ attempt: retry + 1, delayMs: requested ?? backoffMs(retry), method, url, status: response.status }, response);
          retry++;
          next = copy();
          continue;
        }
      }
      control.responded(plan.stream && response.ok);
      const final = response.ok || !isHttpStatus(response.status) ? response : await boundedError(response, signal, { method, url }, credential.tokens);
      if (lost) afterLostAttempt.add(final);
      return final;
    }
  };
}

/** A status an HTTP response can have: not an opaque response's 0, whose body cannot be read (nor copied into a Response). */
function isHttpStatus(status: number): boolean {
  return status >= 200 && status <= 599;
}

/** The Authorization header `pending` gives; a token promise that failed or that this attempt stopped waiting for is dropped. */
async function waitForToken(credential: Credential, pending: Promise<string>, signal: AbortSignal | undefined): Promise<string> {
  try {
    return await abortable(pending, signal);
  } catch (error) {
    credential.abandon(pending);
    throw error;
  }
}

/**
 * The error response with its body read here, at most MAX_ERROR_BODY_BYTES of it (the rest is
 * cancelled unread), under the call's timeout: openapi-fetch would read it whole. A copy of the
 * response, with the same status and headers, and its url (the request's when a fetch of the
 * caller's built the Response itself, which leaves it empty). A body cut through an echoed token
 * loses that token's beginning too: scrubbing only finds whole tokens. A read that fails, unless
 * aborted (a timeout, the caller), is the connection lost mid-body.
 */
async function boundedError(response: Response, signal: AbortSignal | undefined, { method, url }: { method: string; url: string }, tokens: readonly string[]): Promise<Response> {
  let read: { body: Blob; truncated: boolean } | null;
  try {
    read = response.body && (await readBounded(response.body, signal));
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new TrutoConnectionError(method, url, "Connection lost while reading the response body", { cause: error });
  }
  let body = read ? read.body : null;
  if (read?.truncated) {
    // Tokens are ASCII (credential.ts): the characters that begin one are as many bytes.
    body = read.body.slice(0, read.body.size - tokenStartAtEnd(await read.body.text(), tokens));
  }
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, "url", { value: response.url || url });
  if (read?.truncated) truncatedBodies.add(copy);
  return copy;
}

/** At most MAX_ERROR_BODY_BYTES of `stream`; `truncated` when there was more (the rest is cancelled). */
async function readBounded(stream: ReadableStream<Uint8Array>, signal: AbortSignal | undefined): Promise<{ body: Blob; truncated: boolean }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= MAX_ERROR_BODY_BYTES) {
      const { done, value } = await abortable(reader.read(), signal);
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  const truncated = size > MAX_ERROR_BODY_BYTES;
  if (truncated) reader.cancel().catch(() => {});
  return { body: new Blob(chunks as BlobPart[]).slice(0, MAX_ERROR_BODY_BYTES), truncated };
}
