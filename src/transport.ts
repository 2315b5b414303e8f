// Transport: the `fetch` handed to openapi-fetch. Adds a timeout to each attempt and retries.
import { TrutoConnectionError, TrutoTimeoutError } from "./errors.js";
import { MAX_RETRY_AFTER_MS, backoffMs, isIdempotent, isRetryableStatus, retryAfterMs, sleep } from "./retry.js";

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
 */
export type Transport = (request: Request, init?: RequestInit, callerSignal?: AbortSignal) => Promise<Response>;

export function createTransport(options: TransportOptions): Transport {
  const { fetch, timeoutMs } = options;
  const timed = timeoutMs !== Infinity;
  // Attempts are chained with then() rather than awaited: on the fast path that is one promise per
  // attempt and no async frame between openapi-fetch and fetch (it measured faster on loopback).
  return function transport(request, init, signal) {
    const { method } = request;
    const retries = options.retryNonIdempotent || isIdempotent(method) ? options.maxRetries : 0;
    // A request body can be read once: every attempt sends a fresh copy of the original.
    const original = retries > 0 && request.body !== null ? request.clone() : request;

    const retry = async (event: RetryEvent, discarded?: Response): Promise<Response> => {
      // Free the connection before waiting; the discarded response is not read.
      await discarded?.body?.cancel();
      options.onRetry?.(event);
      await sleep(event.delayMs, signal);
      return send(event.attempt);
    };

    /**
     * Attempt number `attempt` (0 for the first): aborted after timeoutMs without response headers,
     * or when the caller aborts. Timer and link are released as soon as headers arrive, so a
     * streamed body is not cut off.
     */
    function send(attempt: number): Promise<Response> {
      // An abort listener does not fire for a signal that is already aborted.
      if (signal?.aborted) return Promise.reject(signal.reason);
      const sent = attempt > 0 && original !== request ? original.clone() : request;
      const controller = timed || signal ? new AbortController() : undefined;
      const timer = timed ? setTimeout(abortAttempt, timeoutMs, controller) : undefined;
      const unlink = signal ? linkCaller(signal, controller!) : undefined;
      const release = () => {
        clearTimeout(timer);
        unlink?.();
      };
      return fetchOnce(fetch, sent, controller ? { ...init, signal: controller.signal } : init).then(
        (response) => {
          release();
          if (attempt >= retries || !isRetryableStatus(response.status)) return response;
          const requested = retryAfterMs(response.headers);
          if (requested !== undefined && requested > MAX_RETRY_AFTER_MS) return response;
          return retry({ attempt: attempt + 1, delayMs: requested ?? backoffMs(attempt), method, url: request.url, status: response.status }, response);
        },
        (cause: unknown) => {
          release();
          // The caller's own abort is final and surfaces as fetch reports it.
          if (signal?.aborted) throw signal.reason;
          const error = controller?.signal.aborted
            ? new TrutoTimeoutError(method, request.url, timeoutMs)
            : new TrutoConnectionError(method, request.url, "Connection error", { cause });
          if (attempt >= retries) throw error;
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

/** Aborts one attempt when the caller's signal aborts; returns the function that unlinks them. */
function linkCaller(caller: AbortSignal, controller: AbortController): () => void {
  const abort = () => controller.abort(caller.reason);
  caller.addEventListener("abort", abort);
  return () => caller.removeEventListener("abort", abort);
}
