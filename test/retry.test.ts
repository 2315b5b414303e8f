// Retry policy: which statuses and methods are retried, backoff, and Retry-After parsing.
import { describe, expect, it } from "vitest";
import { backoffMs, isIdempotent, isRetryableStatus, retryAfterMs, sleep } from "../src/retry.js";

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

describe("sleep", () => {
  it("rejects with the signal's reason when aborted, and at once when already aborted", async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    await expect(sleep(10, controller.signal)).rejects.toThrow("stop");
  });
});
