// src/retry.ts: the retry policy only (which statuses and methods are retried, backoff, and
// Retry-After read strictly as RFC 9110 says). Waiting and aborting are control.ts's
// (control.test.ts); the transport's use of the policy is in transport.test.ts.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRIES, MAX_RETRY_AFTER_MS, MIN_RETRY_AFTER_MS, backoffMs, isIdempotent, isRetryableStatus, parseHttpDate, retryAfterMs,
} from "../../src/retry.js";

const now = Date.parse("2026-11-25T10:00:00Z");
const headers = (value?: string) => new Headers(value === undefined ? {} : { "Retry-After": value });
const iso = (ms: number) => new Date(ms).toISOString();

describe("the policy's constants", () => {
  it("default to 2 retries and a 60 s timeout; at most 10 retries; Retry-After waited out from 100 ms up to 60 s", () => {
    expect([DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRIES, MIN_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS]).toEqual([2, 60_000, 10, 100, 60_000]);
  });
});

describe("isRetryableStatus", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries %i", (status) => expect(isRetryableStatus(status)).toBe(true));
  it.each([200, 204, 400, 401, 403, 404, 409, 422, 499])("does not retry %i", (status) => expect(isRetryableStatus(status)).toBe(false));
  // 5xx that say the request itself cannot succeed.
  it.each([501, 505, 506, 507, 508, 510, 511])("does not retry %i", (status) => expect(isRetryableStatus(status)).toBe(false));
});

describe("isIdempotent", () => {
  it.each(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])("%s is", (method) => expect(isIdempotent(method)).toBe(true));
  // Methods are compared as fetch normalises them (upper case).
  it.each(["POST", "PATCH", "delete", "CONNECT"])("%s is not", (method) => expect(isIdempotent(method)).toBe(false));
});

describe("backoffMs", () => {
  it("doubles from 0.5 s and caps at 8 s with no jitter", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffMs(n, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it("takes off at most 25 % for jitter, rounded to whole milliseconds", () => {
    expect([0, 1, 4].map((n) => backoffMs(n, () => 1))).toEqual([375, 750, 6_000]);
    expect(backoffMs(2, () => 0.5)).toBe(1_750);
    expect(backoffMs(0, () => 0.001)).toBe(500);
    expect(backoffMs(0, () => 0.003)).toBe(500);
    expect(backoffMs(0, () => 0.005)).toBe(499);
  });

  it("uses Math.random by default: within the jitter band", () => {
    for (let i = 0; i < 50; i++) {
      const delay = backoffMs(3);
      expect(delay).toBeGreaterThanOrEqual(3_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });
});

describe("retryAfterMs", () => {
  it.each([
    ["10", 10_000],
    ["120", 120_000],
    ["3600", 3_600_000], // reported as it is: the transport decides what is too long
    [" 2 ", 2_000], // Headers trims the value
    ["Wed, 25 Nov 2026 10:00:30 GMT", 30_000], // IMF-fixdate
    ["Wednesday, 25-Nov-26 10:00:30 GMT", 30_000], // rfc850-date
    ["Wed Nov 25 10:00:30 2026", 30_000], // asctime, read as GMT whatever the local zone
  ])("reads %j as %i ms", (value, ms) => expect(retryAfterMs(headers(value), now)).toBe(ms));

  it.each([
    ["0", 100],
    ["1", 1_000],
    ["Wed, 25 Nov 2026 09:59:00 GMT", 100], // past
    ["Thu Nov  5 10:00:30 2026", 100], // asctime's space-padded day: a past date
    ["Sun, 06 Nov 1994 08:49:37 GMT", 100],
    ["Wed, 25 Nov 2026 10:00:00 GMT", 100], // now
  ])("floors %j at MIN_RETRY_AFTER_MS (no hot loop): %i ms", (value, ms) => expect(retryAfterMs(headers(value), now)).toBe(ms));

  it("reads an HTTP-date 101 ms ahead as 101 ms (just past the floor)", () => {
    expect(retryAfterMs(headers("Wed, 25 Nov 2026 10:00:30 GMT"), Date.parse("2026-11-25T10:00:29.899Z"))).toBe(101);
  });

  it.each([
    [undefined],
    ["soon 3"], // Date.parse reads it as a date in 2001
    ["in 3 days"],
    ["1.5"], // delta-seconds is digits only
    ["-1"],
    ["+2"],
    ["0x10"],
    ["1e3"],
    ["Wed, 25 Nov 2026 10:00:30"], // no GMT
    ["Wed, 25 Nov 2026 10:00:30 UTC"],
    ["wed, 25 nov 2026 10:00:30 GMT"], // case-sensitive
    ["Wed, 31 Feb 2026 10:00:30 GMT"], // no such day
    ["Wed, 25 Nov 2026 24:00:30 GMT"],
    ["Foo, 25 Nov 2026 10:00:30 GMT"],
    ["2026-11-25T10:00:30Z"], // ISO 8601 is not an HTTP-date
    [""],
  ])("gives undefined for %j (backoff applies)", (value) => expect(retryAfterMs(headers(value), now)).toBeUndefined());

  // Truto's normalized rate-limit headers (truto.one/docs/api-reference/overview/rate-limits): a 429
  // carries ratelimit-remaining and ratelimit-reset (seconds until the window opens again).
  const quota = (remaining: string, reset: string, retryAfter?: string) =>
    new Headers({ "ratelimit-limit": "110;w=10", "ratelimit-remaining": remaining, "ratelimit-reset": reset, ...(retryAfter === undefined ? {} : { "retry-after": retryAfter }) });

  it.each([
    ["0", "30", undefined, 30_000],
    ["0", "0", undefined, 100], // floored like Retry-After: no hot loop
    ["0", "3600", undefined, 3_600_000], // reported as it is: the transport decides what is too long
    ["0", "30", "5", 5_000], // Retry-After wins
    ["0", "30", "soon", 30_000], // a Retry-After that is no RFC 9110 form is ignored, the reset read
    ["0", "1.5", undefined, undefined], // delta-seconds only
    ["0", "-1", undefined, undefined],
    ["0", "", undefined, undefined],
    ["109", "60", undefined, undefined], // quota left: the reset says nothing of this failure
    ["1", "60", undefined, undefined],
  ])("with the quota's ratelimit-remaining %j and ratelimit-reset %j (Retry-After %j): %j ms", (remaining, reset, retryAfter, ms) => {
    expect(retryAfterMs(quota(remaining, reset, retryAfter), now)).toBe(ms);
  });

  it("reads ratelimit-reset only with ratelimit-remaining", () => {
    expect(retryAfterMs(new Headers({ "ratelimit-reset": "30" }), now)).toBeUndefined();
  });

  it("reads the clock by default", () => {
    const ahead = new Date(Date.now() + 3_600_000).toUTCString();
    const ms = retryAfterMs(headers(ahead))!;
    expect(ms).toBeGreaterThan(3_590_000);
    expect(ms).toBeLessThanOrEqual(3_600_000);
  });
});

describe("parseHttpDate, field by field", () => {
  it.each([
    ["Wed, 25 Nov 2026 23:59:59 GMT", "2026-11-25T23:59:59.000Z"],
    ["Sun, 01 Jan 2023 00:00:00 GMT", "2023-01-01T00:00:00.000Z"],
    ["Tue, 31 Dec 2024 12:00:00 GMT", "2024-12-31T12:00:00.000Z"],
    ["Thu, 29 Feb 2024 10:00:00 GMT", "2024-02-29T10:00:00.000Z"],
    // A leap second (60) is allowed, as RFC 9110's grammar does; Date.UTC carries it over.
    ["Wed, 25 Nov 2026 10:59:60 GMT", "2026-11-25T11:00:00.000Z"],
    ["Mon, 25 Nov 2026 10:00:00 GMT", "2026-11-25T10:00:00.000Z"], // the weekday is not checked
    ["Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37.000Z"],
    ["Tuesday, 06-Jun-00 08:49:37 GMT", "2000-06-06T08:49:37.000Z"],
    // rfc850-date's two-digit year: exactly 50 years ahead is kept, more is the previous century.
    ["Wednesday, 25-Nov-76 10:00:00 GMT", "2076-11-25T10:00:00.000Z"],
    ["Thursday, 25-Nov-77 10:00:00 GMT", "1977-11-25T10:00:00.000Z"],
    ["Saturday, 06-Nov-77 08:49:37 GMT", "1977-11-06T08:49:37.000Z"],
    ["Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37.000Z"],
    ["Sat Jan 31 00:00:00 2026", "2026-01-31T00:00:00.000Z"],
  ])("reads %j as %s", (value, expected) => {
    expect(iso(parseHttpDate(value, now))).toBe(expected);
  });

  it.each(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])("knows rfc850's %s", (day) => {
    expect(iso(parseHttpDate(`${day}, 25-Nov-26 10:00:00 GMT`, now))).toBe("2026-11-25T10:00:00.000Z");
  });

  it.each(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map((month, i) => [month, i] as const))("knows %s", (month, index) => {
    expect(new Date(parseHttpDate(`Wed, 01 ${month} 2026 00:00:00 GMT`, now)).getUTCMonth()).toBe(index);
  });

  it("reads a two-digit year against the clock by default", () => {
    const year = new Date().getUTCFullYear() + 51;
    const twoDigits = String(year % 100).padStart(2, "0");
    expect(new Date(parseHttpDate(`Sunday, 01-Jan-${twoDigits} 00:00:00 GMT`)).getUTCFullYear()).toBe(year - 100);
  });

  it.each([
    ["an hour past 23", "Wed, 25 Nov 2026 24:00:00 GMT"],
    ["a minute past 59", "Wed, 25 Nov 2026 10:60:00 GMT"],
    ["a second past 60", "Wed, 25 Nov 2026 10:00:61 GMT"],
    ["an unknown month", "Wed, 25 Foo 2026 10:00:00 GMT"],
    ["a month in the wrong case", "Wed, 25 NOV 2026 10:00:00 GMT"],
    ["day 0", "Wed, 00 Nov 2026 10:00:00 GMT"],
    ["31 November", "Wed, 31 Nov 2026 10:00:00 GMT"],
    ["29 February of a common year", "Sun, 29 Feb 2026 10:00:00 GMT"],
    ["a one-digit day", "Wed, 5 Nov 2026 10:00:00 GMT"],
    ["a two-digit year in IMF-fixdate", "Wed, 25 Nov 26 10:00:00 GMT"],
    ["rfc850 with a short weekday", "Wed, 25-Nov-26 10:00:00 GMT"],
    ["asctime with a comma", "Wed, Nov 25 10:00:00 2026"],
    ["trailing text", "Wed, 25 Nov 2026 10:00:00 GMT x"],
    ["leading space", " Wed, 25 Nov 2026 10:00:00 GMT"],
  ])("refuses %s", (_, value) => {
    expect(parseHttpDate(value, now)).toBeNaN();
  });
});
