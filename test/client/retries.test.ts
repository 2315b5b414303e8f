// Retries: which statuses and failures are retried, backoff, Retry-After, maxRetries.
import { describe, expect, it, vi } from "vitest";
import { ConflictError, NotFoundError, RateLimitError, TrutoApiError, TrutoConnectionError, type RetryEvent } from "../../src/index.js";
import { ACCOUNT, ENGAGEMENT, clientTestServer, fastRetries } from "../helpers/client.js";
import { trutoError } from "../helpers/server.js";

const { server, client, lines } = await clientTestServer();

describe("retries", () => {
  it.each([500, 502, 503, 504, 408])("retry %i twice by default, then throw", async (status) => {
    server.reply(trutoError(status, "flaky"), trutoError(status, "flaky"), trutoError(status, "still flaky"));
    const { events, onRetry } = fastRetries();
    const error = await client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(TrutoApiError);
    expect(error.message).toBe(`${status} still flaky`);
    expect(server.requests).toHaveLength(3);
    expect(events.map((e) => [e.attempt, e.status])).toEqual([[1, status], [2, status]]);
  });

  it("recover when a retry succeeds", async () => {
    server.reply(trutoError(503, "busy"), { status: 200, body: ENGAGEMENT });
    const { onRetry } = fastRetries();
    await expect(client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).resolves.toEqual(ENGAGEMENT);
    expect(lines()).toEqual([
      `DELETE /unified/crm/engagements/1?integrated_account_id=${ACCOUNT} HTTP/1.1`,
      `DELETE /unified/crm/engagements/1?integrated_account_id=${ACCOUNT} HTTP/1.1`,
    ]);
  });

  it("back off 0.5 s then 1 s, less jitter", async () => {
    server.reply(trutoError(500, "a"), trutoError(500, "b"), { status: 200, body: ENGAGEMENT });
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const { events, onRetry } = fastRetries();
    await client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT });
    expect(events.map((e) => e.delayMs)).toEqual([438, 875]);
  });

  it.each([
    [409, ConflictError],
    [400, TrutoApiError],
    [401, TrutoApiError],
    [404, NotFoundError],
    [422, TrutoApiError],
  ])("never retry %i", async (status, ErrorClass) => {
    server.reply(trutoError(status, "final"));
    const onRetry = vi.fn();
    await expect(client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).rejects.toBeInstanceOf(ErrorClass);
    expect(server.requests).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it("maxRetries: 0 disables retries, per client and per call", async () => {
    server.reply(trutoError(503, "x"), trutoError(503, "y"));
    await expect(client({ maxRetries: 0 }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).rejects.toThrow("503 x");
    await expect(client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { maxRetries: 0 })).rejects.toThrow("503 y");
    expect(server.requests).toHaveLength(2);
  });

  it("wait exactly what Retry-After asks, in seconds", async () => {
    server.reply(trutoError(429, "Rate limit exceeded", undefined, { "retry-after": "1" }), { status: 200, body: ENGAGEMENT });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let retried!: () => void;
    const waiting = new Promise<void>((resolve) => (retried = resolve));
    const events: RetryEvent[] = [];
    const call = client({ onRetry: (e) => (events.push(e), retried()) }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT });
    await waiting;
    await vi.advanceTimersByTimeAsync(999);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).resolves.toEqual(ENGAGEMENT);
    expect(server.requests).toHaveLength(2);
    expect(events).toEqual([{ attempt: 1, delayMs: 1000, method: "DELETE", url: `${server.url}/unified/crm/engagements/1?integrated_account_id=${ACCOUNT}`, status: 429 }]);
  });

  it("wait until a Retry-After HTTP date", async () => {
    const now = new Date("2026-11-25T10:00:00.000Z");
    server.reply({ status: 429, body: "", headers: { "retry-after": "Wed, 25 Nov 2026 10:00:30 GMT" } }, { status: 200, body: ENGAGEMENT });
    const { events, onRetry } = fastRetries([], now);
    await client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT });
    expect(events.map((e) => e.delayMs)).toEqual([30_000]);
    expect(server.requests).toHaveLength(2);
  });

  it("do not wait out a Retry-After beyond 60 s: the RateLimitError goes to the caller", async () => {
    server.reply(trutoError(429, "Daily quota exhausted", undefined, { "retry-after": "3600" }));
    const error = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.headers.get("retry-after")).toBe("3600");
    expect(server.requests).toHaveLength(1);
  });

  it("retry a connection reset before the response, then throw TrutoConnectionError", async () => {
    server.reply({ kind: "resetBeforeResponse" }, { kind: "resetBeforeResponse" });
    const { events, onRetry } = fastRetries();
    const error = await client({ maxRetries: 1, onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(TrutoConnectionError);
    expect(error.message).toBe(`Connection error (DELETE ${server.url}/unified/crm/engagements/1?integrated_account_id=${ACCOUNT})`);
    expect(error.cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(2);
    expect(events.map((e) => [e.attempt, e.error?.name])).toEqual([[1, "TrutoConnectionError"]]);
  });

  it("do not retry a connection reset mid-body: the request was served (a DELETE would now 404)", async () => {
    server.reply({ kind: "reset" });
    const onRetry = vi.fn();
    const error = await client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(TrutoConnectionError);
    expect(error.message).toBe("Connection lost while reading the response body (DELETE /unified/crm/engagements/{id})");
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(server.requests).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });
});
