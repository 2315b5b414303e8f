// Transport: the `fetch` handed to openapi-fetch. Adds a timeout to each attempt and retries.
import { TrutoConnectionError, TrutoError, TrutoTimeoutError } from "./errors.js";
import { MAX_RETRY_AFTER_MS, backoffMs, isIdempotent, isRetryableStatus, onAbort, retryAfterMs, sleep } from "./retry.js";

export interface RetryEvent {
  /** 1 for the first retry, 2 for the second… */
  attempt: number;
  /** How long the client waits before sending it. */
  delayMs: number;
  method: string;
  /** The request URL (it never holds the token, which travels in a header). */
  url: string;
  /** Status of the response that is being retried, if there was one. */
  status?: number;
  /** The connection or timeout error that is being retried, if that was the failure. */
  error?: TrutoConnectionError;
}

export interface TransportOptions {
  fetch: (input: Request, init?: RequestInit) => Promise<Response>;
  maxRetries: number;
  timeoutMs: number;
  /** Retry POST and PATCH as well; off by default, as repeating them can act twice. */
  retryNonIdempotent: boolean;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

/**
 * The fetch given to openapi-fetch. `callerSignal` is the caller's AbortSignal, passed here rather
 * than into the Request: a Request built with a long-lived signal leaves a listener on it per call.
 * The Request's own signal is not followed (the client never sets one).
 *
 * The caller's signal is unlinked when the response headers arrive, unless `hold` is given: then
 * the link stays, so that the caller can still abort a body that stalls, and `hold.release` is
 * set to the function that unlinks it, for the caller to call once the body is read (or failed).
 */
export type Transport = (request: Request, init?: RequestInit, callerSignal?: AbortSignal, hold?: Hold) => Promise<Response>;

export interface Hold {
  release?: () => void;
}

/**
 * Responses to a retry sent after an attempt that timed out or lost its connection: that attempt
 * may have reached the server and acted (a DELETE that then answers 404 may have been done by
 * it). Only such responses are added, off the fast path; the client reads it to build its error.
 */
export const afterLostAttempt = new WeakSet<Response>();

export function createTransport(options: TransportOptions): Transport {
  const { fetch, timeoutMs } = options;
  const timed = timeoutMs !== Infinity;
  // Attempts are chained with then() rather than awaited: on the fast path that is one promise per
  // attempt and no async frame between openapi-fetch and fetch (it measured faster on loopback).
  return function transport(request, init, signal, hold) {
    const { method } = request;
    const retries = options.retryNonIdempotent || isIdempotent(method) ? options.maxRetries : 0;
    // A request body can be read once: every attempt sends a fresh copy of the original.
    const original = retries > 0 && request.body !== null ? request.clone() : request;
    // Set once an attempt got no response: it may still have acted.
    let lost = false;

    const retry = async (event: RetryEvent, discarded?: Response): Promise<Response> => {
      // Free the connection before waiting; the discarded response is not read.
      await discarded?.body?.cancel();
      options.onRetry?.(event);
      await sleep(event.delayMs, signal);
      return send(event.attempt);
    };

    /**
     * Attempt number `attempt` (0 for the first): aborted after timeoutMs without response headers,
     * or when the caller aborts. The timer is released as soon as headers arrive, so a streamed
     * body is not cut off; so is the caller's link, unless the caller holds it (see Transport).
     */
    function send(attempt: number): Promise<Response> {
      // An abort listener does not fire for a signal that is already aborted.
      if (signal?.aborted) return Promise.reject(signal.reason);
      const sent = attempt > 0 && original !== request ? original.clone() : request;
      const controller = timed || signal ? new AbortController() : undefined;
      const timer = timed ? setTimeout(abortAttempt, timeoutMs, controller) : undefined;
      const unlink = signal ? onAbort(signal, () => controller!.abort(signal.reason)) : undefined;
      return fetchOnce(fetch, sent, controller ? { ...init, signal: controller.signal } : init).then(
        (response) => {
          clearTimeout(timer);
          if (typeof response?.status !== "number" || typeof response.headers?.get !== "function") {
            unlink?.();
            throw new TrutoError(`The fetch option returned ${response === null ? "null" : typeof response} instead of a Response (${method} ${request.url})`);
          }
          const again = attempt < retries && isRetryableStatus(response.status);
          const requested = again ? retryAfterMs(response.headers) : undefined;
          // Stryker disable next-line ConditionalExpression: undefined > MAX_RETRY_AFTER_MS is false anyway (the check is for the types)
          if (!again || (requested !== undefined && requested > MAX_RETRY_AFTER_MS)) {
            if (hold && unlink) hold.release = unlink;
            else unlink?.();
            if (lost) afterLostAttempt.add(response);
            return response;
          }
          unlink?.();
          return retry({ attempt: attempt + 1, delayMs: requested ?? backoffMs(attempt), method, url: request.url, status: response.status }, response);
        },
        (cause: unknown) => {
          clearTimeout(timer);
          unlink?.();
          // The caller's own abort is final and surfaces as fetch reports it.
          if (signal?.aborted) throw signal.reason;
          const error = controller?.signal.aborted
            ? new TrutoTimeoutError(method, request.url, timeoutMs)
            : new TrutoConnectionError(method, request.url, "Connection error", { cause });
          if (attempt >= retries) throw error;
          lost = true;
          return retry({ attempt: attempt + 1, delayMs: backoffMs(attempt), method, url: request.url, error });
        },
      );
    }

    return send(0);
  };
}

/** fetch as a promise: a custom fetch may throw synchronously, or return a Response as is. */
function fetchOnce(fetch: TransportOptions["fetch"], request: Request, init: RequestInit | undefined): Promise<Response> {
  try {
    return Promise.resolve(fetch(request, init));
  } catch (error) {
    return Promise.reject(error);
  }
}

function abortAttempt(controller: AbortController): void {
  controller.abort();
}
