// Retry policy: which failures are retried, and how long to wait before the next attempt.
import type { TrutoConnectionError } from "./errors.js";

/** What onRetry receives before each retry; never the token. */
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

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Ceiling of `maxRetries`: with backoff capped at 8 s, 10 retries already span over a minute. */
export const MAX_RETRIES = 10;

/**
 * Statuses worth another attempt of the same request. Everything else (incl. 409) is final, and
 * so are the 5xx that say the request itself cannot succeed: 501 Not Implemented, 505 HTTP
 * Version Not Supported, 506–511.
 */
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
/** The shortest wait a Retry-After can ask for: `Retry-After: 0` (or a past date) must not spin. */
export const MIN_RETRY_AFTER_MS = 100;

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

const MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
// RFC 9110 §5.6.7 HTTP-date, in its three forms (case-sensitive, GMT only):
//   IMF-fixdate  Sun, 06 Nov 1994 08:49:37 GMT
//   rfc850-date  Sunday, 06-Nov-94 08:49:37 GMT
//   asctime      Sun Nov  6 08:49:37 1994
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) ([A-Z][a-z]{2}) (\d{4}) (\d\d:\d\d:\d\d) GMT$/;
const RFC850_DATE = /^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\d\d)-([A-Z][a-z]{2})-(\d\d) (\d\d:\d\d:\d\d) GMT$/;
const ASCTIME_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d:\d\d) (\d{4})$/;

type Groups = [string, string, string, string, string];

/** Milliseconds since the epoch of an RFC 9110 HTTP-date, or NaN for any other text. */
export function parseHttpDate(value: string, now: number = Date.now()): number {
  let day: string, month: string, year: string, clock: string;
  let match = IMF_FIXDATE.exec(value);
  if (match) [, day, month, year, clock] = match as unknown as Groups;
  else if ((match = RFC850_DATE.exec(value))) {
    [, day, month, year, clock] = match as unknown as Groups;
    // A two-digit year more than 50 years ahead is the most recent past year with those digits.
    const full = 2000 + +year;
    year = String(full > new Date(now).getUTCFullYear() + 50 ? full - 100 : full);
  } else if ((match = ASCTIME_DATE.exec(value))) [, month, day, clock, year] = match as unknown as Groups;
  else return NaN;
  const monthIndex = MONTHS.indexOf(month) / 3;
  const [hours, minutes, seconds] = clock.split(":").map(Number) as [number, number, number];
  // Stryker disable next-line ConditionalExpression: hours 24-99 move the date by a day, which the day check below refuses anyway
  if (!Number.isInteger(monthIndex) || hours > 23 || minutes > 59 || seconds > 60) return NaN;
  const date = Date.UTC(+year, monthIndex, +day, hours, minutes, seconds);
  // Date.UTC rolls 31 Feb over into March: a day the month does not have is no date.
  return new Date(date).getUTCDate() === +day ? date : NaN;
}

/**
 * Milliseconds the response asks the client to wait, or undefined when it says nothing usable: its
 * `Retry-After` in one of RFC 9110's forms (delta-seconds, digits only, or an HTTP-date); else, when
 * Truto's normalized rate-limit headers say the quota is used up (`ratelimit-remaining: 0`), their
 * `ratelimit-reset` (delta-seconds until the window opens again, which Truto sends on a 429 with or
 * without a Retry-After). At least MIN_RETRY_AFTER_MS; may exceed MAX_RETRY_AFTER_MS (the caller decides).
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get("retry-after");
  // Stryker disable next-line ConditionalExpression: null would parse to NaN too (as no date)
  let ms = value === null ? NaN : /^\d+$/.test(value) ? Number(value) * 1000 : parseHttpDate(value, now) - now;
  if (Number.isNaN(ms) && headers.get("ratelimit-remaining") === "0") {
    const reset = headers.get("ratelimit-reset") ?? "";
    if (/^\d+$/.test(reset)) ms = Number(reset) * 1000;
  }
  return Number.isNaN(ms) ? undefined : Math.max(MIN_RETRY_AFTER_MS, ms);
}
