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

export type Transport = (request: Request, init?: RequestInit) => Promise<Response>;

export function createTransport(options: TransportOptions): Transport {
  return async function transport(request, init) {
    const { method, url, signal } = request;
    const retries = options.retryNonIdempotent || isIdempotent(method) ? options.maxRetries : 0;
    // A request body can be read once: every attempt sends a fresh copy of the original.
    const original = retries > 0 && request.body !== null ? request.clone() : request;
    for (let attempt = 0; ; attempt++) {
      const sent = attempt > 0 && original !== request ? original.clone() : request;
      let response: Response;
      try {
        response = await fetchWithTimeout(options.fetch, sent, init, options.timeoutMs);
      } catch (cause) {
        // The caller's own abort is final and surfaces as fetch reports it.
        if (signal.aborted) throw signal.reason;
        const error = cause === TIMED_OUT
          ? new TrutoTimeoutError(method, url, options.timeoutMs)
          : new TrutoConnectionError(method, url, "Connection error", { cause });
        if (attempt >= retries) throw error;
        await wait(options, { attempt: attempt + 1, delayMs: backoffMs(attempt), method, url, error }, signal);
        continue;
      }
      if (attempt >= retries || !isRetryableStatus(response.status)) return response;
      const requested = retryAfterMs(response.headers);
      if (requested !== undefined && requested > MAX_RETRY_AFTER_MS) return response;
      // Free the connection before waiting; this response is discarded.
      await response.body?.cancel();
      const delayMs = requested ?? backoffMs(attempt);
      await wait(options, { attempt: attempt + 1, delayMs, method, url, status: response.status }, signal);
    }
  };
}

function wait(options: TransportOptions, event: RetryEvent, signal: AbortSignal): Promise<void> {
  options.onRetry?.(event);
  return sleep(event.delayMs, signal);
}

const TIMED_OUT = Symbol("timed out");

/**
 * One attempt, aborted after `timeoutMs` without response headers or when the caller aborts.
 * Timer and listener are released as soon as headers arrive: a streamed body is not cut off.
 */
async function fetchWithTimeout(fetch: TransportOptions["fetch"], request: Request, init: RequestInit | undefined, timeoutMs: number): Promise<Response> {
  const controller = new AbortController();
  const callerSignal = request.signal;
  const onCallerAbort = () => controller.abort(callerSignal.reason);
  callerSignal.addEventListener("abort", onCallerAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return await fetch(request, { ...init, signal: controller.signal });
  } catch (error) {
    throw timedOut ? TIMED_OUT : error;
  } finally {
    clearTimeout(timer);
    callerSignal.removeEventListener("abort", onCallerAbort);
  }
}
