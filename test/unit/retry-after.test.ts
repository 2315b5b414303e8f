// Retry-After read strictly as RFC 9110 says (delta-seconds or an HTTP-date), with a floor so that
// `Retry-After: 0` cannot spin, a ceiling on maxRetries, and 5xx retried only where they are transient.
import { afterEach, describe, expect, it, vi } from "vitest";
import { TrutoValidationError, createTrutoClient, type RetryEvent } from "../../src/index.js";
import { MAX_RETRIES, MIN_RETRY_AFTER_MS, isRetryableStatus, parseHttpDate, retryAfterMs } from "../../src/retry.js";
import { createTransport } from "../../src/transport.js";

const now = Date.parse("2026-11-25T10:00:00Z");
const headers = (value: string) => new Headers({ "Retry-After": value });

afterEach(() => {
  vi.useRealTimers();
});

describe("Retry-After", () => {
  it.each([
    ["10", 10_000],
    ["120", 120_000],
    ["Wed, 25 Nov 2026 10:00:30 GMT", 30_000], // IMF-fixdate
    ["Wednesday, 25-Nov-26 10:00:30 GMT", 30_000], // rfc850-date
    ["Wed Nov 25 10:00:30 2026", 30_000], // asctime, read as GMT whatever the local zone
    ["Thu Nov  5 10:00:30 2026", 0], // asctime's space-padded day: a past date, floored below
  ])("reads %j", (value, ms) => expect(retryAfterMs(headers(value), now)).toBe(Math.max(ms, MIN_RETRY_AFTER_MS)));

  it.each([
    "soon 3", // Date.parse reads it as a date in 2001
    "in 3 days",
    "1.5", // delta-seconds is digits only
    "-1",
    "0x10",
    "1e3",
    "Wed, 25 Nov 2026 10:00:30", // no GMT
    "Wed, 25 Nov 2026 10:00:30 UTC",
    "wed, 25 nov 2026 10:00:30 GMT", // case-sensitive
    "Wed, 31 Feb 2026 10:00:30 GMT", // no such day
    "Wed, 25 Nov 2026 24:00:30 GMT",
    "Foo, 25 Nov 2026 10:00:30 GMT",
    "2026-11-25T10:00:30Z", // ISO 8601 is not an HTTP-date
    "",
  ])("ignores %j (backoff applies)", (value) => expect(retryAfterMs(headers(value), now)).toBeUndefined());

  it("floors 0 and past dates at MIN_RETRY_AFTER_MS", () => {
    expect(MIN_RETRY_AFTER_MS).toBe(100);
    expect(retryAfterMs(headers("0"), now)).toBe(100);
    expect(retryAfterMs(headers("Sun, 06 Nov 1994 08:49:37 GMT"), now)).toBe(100);
  });

  it("reads a two-digit rfc850 year more than 50 years ahead as the past century", () => {
    expect(new Date(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", now)).toISOString()).toBe("1994-11-06T08:49:37.000Z");
    expect(new Date(parseHttpDate("Thursday, 06-Nov-70 08:49:37 GMT", now)).toISOString()).toBe("2070-11-06T08:49:37.000Z");
    expect(new Date(parseHttpDate("Saturday, 06-Nov-77 08:49:37 GMT", now)).toISOString()).toBe("1977-11-06T08:49:37.000Z");
  });

  it("a server that always answers 429 with Retry-After: 0 is retried no faster than the floor", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const events: RetryEvent[] = [];
    const fetch = vi.fn(async () => new Response(null, { status: 429, headers: { "retry-after": "0" } }));
    const transport = createTransport({ fetch, maxRetries: MAX_RETRIES, timeoutMs: Infinity, retryNonIdempotent: false, onRetry: (e) => void events.push(e) });
    const pending = transport(new Request("http://x.test/a", { method: "DELETE" }));
    await vi.advanceTimersByTimeAsync(99);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(100 * MAX_RETRIES);
    expect((await pending).status).toBe(429);
    expect(fetch).toHaveBeenCalledTimes(1 + MAX_RETRIES);
    expect(events.map((e) => e.delayMs)).toEqual(Array(MAX_RETRIES).fill(100));
  });

  it("'soon 3' is not taken for a date: the retry waits the backoff", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const events: RetryEvent[] = [];
    let calls = 0;
    const fetch = async () => new Response(null, { status: calls++ === 0 ? 503 : 204, headers: { "retry-after": "soon 3" } });
    const transport = createTransport({ fetch, maxRetries: 1, timeoutMs: Infinity, retryNonIdempotent: false, onRetry: (e) => void events.push(e) });
    const pending = transport(new Request("http://x.test/a", { method: "DELETE" }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await pending).status).toBe(204);
    expect(events).toHaveLength(1);
    expect(events[0]!.delayMs).toBeGreaterThanOrEqual(375);
    expect(events[0]!.delayMs).toBeLessThanOrEqual(500);
  });
});

describe("maxRetries ceiling", () => {
  it.each([[11], [1e9]])("refuses %i at creation and per call", async (maxRetries) => {
    const message = `"maxRetries" must be at most 10, got ${maxRetries}`;
    expect(() => createTrutoClient({ token: "tok_live_5f2b9c0e41d8a7", maxRetries })).toThrow(new TrutoValidationError("maxRetries", `createTrutoClient: ${message}`));
    const fetch = vi.fn();
    const truto = createTrutoClient({ token: "tok_live_5f2b9c0e41d8a7", fetch });
    await expect(truto.crm.engagements.delete("1", { integrated_account_id: "62f44730-dd91-461e-bd6a-aedd9e0ad79d" }, { maxRetries })).rejects.toThrow(
      new TrutoValidationError("maxRetries", `crm.engagements.delete: ${message}`),
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it("accepts 10", () => {
    expect(MAX_RETRIES).toBe(10);
    expect(() => createTrutoClient({ token: "tok_live_5f2b9c0e41d8a7", maxRetries: 10 })).not.toThrow();
  });
});

describe("which 5xx are retried", () => {
  it.each([500, 502, 503, 504])("%i is transient: retried", (status) => expect(isRetryableStatus(status)).toBe(true));
  it.each([501, 505, 506, 507, 508, 510, 511])("%i says the request cannot succeed: not retried", (status) => expect(isRetryableStatus(status)).toBe(false));

  it("a 501 goes to the caller after one attempt", async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 501 }));
    const transport = createTransport({ fetch, maxRetries: 2, timeoutMs: Infinity, retryNonIdempotent: false, onRetry: undefined });
    expect((await transport(new Request("http://x.test/a", { method: "DELETE" }))).status).toBe(501);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
