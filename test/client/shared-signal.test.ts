// One AbortSignal shared by many concurrent calls: a single listener on it (no Node
// MaxListenersExceededWarning past 10), every call still aborted by it, nothing left behind.
import { describe, expect, it, vi } from "vitest";
import { createTrutoClient } from "../../src/index.js";
import { sleep } from "../../src/retry.js";
import { createTransport } from "../../src/transport.js";
import { ACCOUNT, TOKEN, clientTestServer } from "../helpers/client.js";

const { server } = await clientTestServer();

/** Warnings Node emitted while `run` ran (process "warning" events arrive on a later tick). */
async function warningsDuring(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (warning: Error) => void seen.push(`${warning.name}: ${warning.message}`);
  process.on("warning", listener);
  try {
    await run();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", listener);
  }
  return seen;
}

describe("a signal shared by 50 concurrent calls", () => {
  it("gets no MaxListenersExceededWarning, one listener, and none once the calls are done", async () => {
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, "addEventListener");
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    const truto = createTrutoClient({ token: TOKEN, baseUrl: server.url });
    server.reply(...Array.from({ length: 50 }, () => ({ kind: "delay" as const, ms: 30, reply: { status: 200, body: { id: "1" } } })));
    const warnings = await warningsDuring(async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          i % 2 === 0
            ? truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal: controller.signal })
            : truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, signal: controller.signal }).then((r) => r.data),
        ),
      );
      expect(results).toEqual(Array(50).fill({ id: "1" }));
    });
    expect(warnings).toEqual([]);
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledWith("abort", added.mock.calls[0]![1]);
    expect(server.requests).toHaveLength(50);
    server.reset();
  });

  it("aborting it aborts all 50 (in flight and waiting to retry) with its reason", async () => {
    const controller = new AbortController();
    let calls = 0;
    // Half hang until aborted, half answer 503 and wait out a 30 s Retry-After.
    const fetch = (_: Request, init?: RequestInit) =>
      ++calls % 2 === 0
        ? Promise.resolve(new Response(null, { status: 503, headers: { "retry-after": "30" } }))
        : new Promise<Response>((_resolve, reject) => init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason)));
    const transport = createTransport({ fetch, maxRetries: 2, timeoutMs: Infinity, retryNonIdempotent: false, onRetry: undefined });
    const warnings = await warningsDuring(async () => {
      const pending = Array.from({ length: 50 }, () => transport(new Request("http://x.test/a", { method: "DELETE" }), undefined, controller.signal).catch((e: unknown) => e));
      await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort(new Error("shutting down"));
      const results = await Promise.all(pending);
      expect(results).toEqual(Array(50).fill(new Error("shutting down")));
    });
    expect(warnings).toEqual([]);
    expect(calls).toBe(50);
  });

  it("sleep() shares the same single listener", async () => {
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, "addEventListener");
    const warnings = await warningsDuring(async () => {
      const sleeps = Array.from({ length: 50 }, () => sleep(60_000, controller.signal).catch((e: unknown) => e));
      controller.abort(new Error("stop"));
      expect(await Promise.all(sleeps)).toEqual(Array(50).fill(new Error("stop")));
    });
    expect(warnings).toEqual([]);
    expect(added).toHaveBeenCalledTimes(1);
  });
});
