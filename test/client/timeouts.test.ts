// Per-attempt timeouts and the caller's own AbortSignal, on both call styles.
import { describe, expect, it, vi } from "vitest";
import { TrutoTimeoutError, TrutoValidationError } from "../../src/index.js";
import { ACCOUNT, ENGAGEMENT, clientTestServer } from "../helpers/client.js";

const { server, client } = await clientTestServer();

describe("timeouts", () => {
  it("time out each attempt, retry, then throw TrutoTimeoutError", async () => {
    server.reply({ kind: "hang" }, { kind: "hang" });
    // 400 ms: long enough for the second attempt to reach the server on a loaded 2-core machine.
    const error = await client({ timeoutMs: 400, maxRetries: 1, onRetry: (e) => expect(e.error).toBeInstanceOf(TrutoTimeoutError) })
      .crm.engagements.delete("1", { integrated_account_id: ACCOUNT })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TrutoTimeoutError);
    expect(error.message).toBe(`Request timed out after 400 ms (DELETE ${server.url}/unified/crm/engagements/1?integrated_account_id=${ACCOUNT})`);
    expect(server.requests).toHaveLength(2);
  }, 5_000);

  it("time out slow headers per call", async () => {
    server.reply({ kind: "delay", ms: 500, reply: { status: 200, body: ENGAGEMENT } });
    const call = client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { timeoutMs: 30, maxRetries: 0 });
    await expect(call).rejects.toBeInstanceOf(TrutoTimeoutError);
  });

  it("wait for slow headers with timeoutMs: Infinity, and still honour the caller's signal", async () => {
    server.reply({ kind: "delay", ms: 80, reply: { status: 200, body: ENGAGEMENT } }, { kind: "hang" });
    const truto = client({ timeoutMs: Infinity, maxRetries: 0 });
    expect(await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).toEqual(ENGAGEMENT);
    const controller = new AbortController();
    const call = truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 30);
    await expect(call).rejects.toThrow(new Error("stop"));
  });

  it.each([2_147_483_648, -Infinity, Number.NaN])("reject timeoutMs %s per call, naming the method", async (timeoutMs) => {
    const call = client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { timeoutMs });
    await expect(call).rejects.toThrow(
      new TrutoValidationError("timeoutMs", `crm.engagements.delete: "timeoutMs" must be a number of milliseconds > 0 and <= 2147483647, or Infinity for none, got ${timeoutMs}`),
    );
    expect(server.requests).toHaveLength(0);
  });

  it("accept the largest timer delay, 2147483647 ms, per call and per client", async () => {
    server.reply({ status: 200, body: ENGAGEMENT });
    const truto = client({ timeoutMs: 2_147_483_647 });
    expect(await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { timeoutMs: 2_147_483_647 })).toEqual(ENGAGEMENT);
  });

  it("never retry the caller's own abort", async () => {
    server.reply({ kind: "hang" });
    const controller = new AbortController();
    const onRetry = vi.fn();
    const call = client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });
});

describe("caller signals", () => {
  it("a long-lived signal keeps no listener once calls are done, on both call styles", async () => {
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, "addEventListener");
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    const truto = client();
    for (let i = 0; i < 5; i++) {
      await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal: controller.signal });
      await truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, signal: controller.signal });
    }
    expect(added).toHaveBeenCalledTimes(10);
    expect(removed).toHaveBeenCalledTimes(10);
    expect(server.requests).toHaveLength(10);
  });

  it("an already aborted signal sends nothing", async () => {
    const signal = AbortSignal.abort(new Error("too late"));
    await expect(client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal })).rejects.toThrow("too late");
    await expect(client().DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, signal })).rejects.toThrow("too late");
    expect(server.requests).toHaveLength(0);
  });

  it("aborting it cancels an openapi-fetch-style call too", async () => {
    server.reply({ kind: "hang" });
    const controller = new AbortController();
    const call = client().DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user navigated away")), 20);
    await expect(call).rejects.toThrow("user navigated away");
    expect(server.requests).toHaveLength(1);
  });
});
