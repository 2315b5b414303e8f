// Retry policy: which failures are retried, and how long to wait before the next attempt.

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Statuses worth another attempt of the same request. Everything else (incl. 409) is final. */
const RETRY_STATUS_CODES = new Set([
  408, // Request Timeout: the server gave up waiting for us
  429, // Too Many Requests: Truto's or the provider's rate limit; Retry-After says when
  500, // Internal Server Error: Truto or the CRM failed transiently
  502, // Bad Gateway: the CRM behind Truto was unreachable
  503, // Service Unavailable: overloaded or in maintenance
  504, // Gateway Timeout: the CRM answered too slowly
]);

/** Methods safe to repeat without the caller's say-so (a repeated DELETE deletes nothing new). */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

const INITIAL_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;
/** Up to 25 % is taken off each backoff so that many clients do not retry in step. */
const JITTER = 0.25;
/** A Retry-After longer than this is not waited out: the error goes to the caller instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

export function isRetryableStatus(status: number): boolean {
  return RETRY_STATUS_CODES.has(status);
}

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method);
}

/** Exponential backoff for retry number `retry` (0-based): 0.5 s, 1 s, 2 s … capped at 8 s, minus jitter. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const delay = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_BACKOFF_MS);
  return Math.round(delay * (1 - JITTER * random()));
}

/**
 * Milliseconds the `Retry-After` header asks for (delta-seconds or an HTTP date), or undefined
 * when absent or unparseable. May exceed MAX_RETRY_AFTER_MS; the caller decides.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  // Only an HTTP date (it names a weekday and month) is read as a date; "-1" is not.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
