// Retry policy: which statuses and methods are retried, backoff, and Retry-After parsing.
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { backoffMs, isIdempotent, isRetryableStatus, onAbort, parseHttpDate, retryAfterMs, sleep } from "../../src/retry.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("isRetryableStatus", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries %i", (status) => expect(isRetryableStatus(status)).toBe(true));
  it.each([200, 204, 400, 401, 403, 404, 409, 422, 501, 505])("does not retry %i", (status) => expect(isRetryableStatus(status)).toBe(false));
});

describe("isIdempotent", () => {
  it.each(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])("%s is", (method) => expect(isIdempotent(method)).toBe(true));
  it.each(["POST", "PATCH"])("%s is not", (method) => expect(isIdempotent(method)).toBe(false));
});

describe("backoffMs", () => {
  it("doubles from 0.5 s and caps at 8 s with no jitter", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffMs(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
  it("takes off at most 25 % for jitter", () => {
    expect([0, 1, 4].map((n) => backoffMs(n, () => 1))).toEqual([375, 750, 6000]);
    expect(backoffMs(2, () => 0.5)).toBe(1750);
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-11-25T10:00:00Z");
  const headers = (value?: string) => new Headers(value === undefined ? {} : { "Retry-After": value });

  it.each([
    ["10", 10_000],
    // 0 and past dates wait the floor (MIN_RETRY_AFTER_MS): no hot loop.
    ["0", 100],
    [" 2 ", 2_000],
    ["Wed, 25 Nov 2026 10:00:30 GMT", 30_000],
    ["Wed, 25 Nov 2026 09:59:00 GMT", 100],
  ])("reads %j as %i ms", (value, ms) => expect(retryAfterMs(headers(value), now)).toBe(ms));

  // RFC 9110: delta-seconds are digits only; anything else is not a Retry-After.
  it.each([[undefined], ["soon"], ["-1"], [""], ["1.5"]])("gives undefined for %j", (value) => expect(retryAfterMs(headers(value), now)).toBeUndefined());

  it("reports long waits as they are; the cap is applied by the transport", () => {
    expect(retryAfterMs(headers("3600"), now)).toBe(3_600_000);
  });
});

describe("parseHttpDate, field by field", () => {
  const now = Date.parse("2026-11-25T10:00:00Z");

  it.each([
    ["Wed, 25 Nov 2026 23:59:59 GMT", "2026-11-25T23:59:59.000Z"],
    // A leap second (60) is allowed, as RFC 9110's grammar does; Date.UTC carries it over.
    ["Wed, 25 Nov 2026 10:59:60 GMT", "2026-11-25T11:00:00.000Z"],
    // rfc850-date's two-digit year: exactly 50 years ahead is kept, more is the previous century.
    ["Wednesday, 25-Nov-76 10:00:00 GMT", "2076-11-25T10:00:00.000Z"],
    ["Thursday, 25-Nov-77 10:00:00 GMT", "1977-11-25T10:00:00.000Z"],
  ])("reads %j as %s", (value, iso) => {
    expect(new Date(parseHttpDate(value, now)).toISOString()).toBe(iso);
  });

  it.each([
    ["an hour past 23", "Wed, 25 Nov 2026 24:00:00 GMT"],
    ["a minute past 59", "Wed, 25 Nov 2026 10:60:00 GMT"],
    ["a second past 60", "Wed, 25 Nov 2026 10:00:61 GMT"],
    ["an unknown month", "Wed, 25 Foo 2026 10:00:00 GMT"],
  ])("refuses %s", (_, value) => {
    expect(parseHttpDate(value, now)).toBeNaN();
  });
});

describe("sleep", () => {
  it("leaves no timer behind when the signal aborts it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(vi.getTimerCount()).toBe(0);
  });


  it("rejects with the signal's reason when aborted, and at once when already aborted", async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    await expect(sleep(10, controller.signal)).rejects.toThrow("stop");
  });
});

describe("onAbort", () => {
  it("leaves no listener on the signal once it has aborted, though nobody unlinked", async () => {
    const controller = new AbortController();
    const pending = [sleep(60_000, controller.signal), sleep(60_000, controller.signal)];
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort(new Error("stop"));
    for (const sleeping of pending) await expect(sleeping).rejects.toThrow("stop");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("fans one listener out to the callbacks still linked, and calls them once even if abort is dispatched again", () => {
    const controller = new AbortController();
    const first = vi.fn();
    const second = vi.fn();
    const unlinkFirst = onAbort(controller.signal, first);
    onAbort(controller.signal, second);
    unlinkFirst();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort();
    controller.signal.dispatchEvent(new Event("abort"));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });
});
