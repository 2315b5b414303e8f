// timeoutMs (per attempt) and the caller's AbortSignal at every stage of a call: before sending, in
// flight, between retries, after the headers while the body stalls (waited for with
// observedFetch().arrived(n), never a sleep), and a stream that stays linked until read or
// cancelled. Many calls share one listener on a signal, and none is left once they are done.
import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { InternalServerError, NotFoundError, TrutoTimeoutError, type RetryEvent } from "../../src/index.js";
import { mockServer, observedFetch } from "../helpers/client.js";
import { ACCOUNT, DELETE_PATH, ENGAGEMENT, IDS } from "../helpers/constants.js";

const { mock, client } = await mockServer();

const q = { integrated_account_id: ACCOUNT };
const init = (id: string) => ({ params: { path: { id }, query: q } });
const urlOf = (id: string) => `${mock.url}/unified/crm/engagements/${id}?integrated_account_id=${ACCOUNT}`;
/** What the mock answers for a delete on a Capsule account: the id (the only field Capsule fills) and Truto's remote_data. */
const capsuleRecord = (id: string) => ({ id, remote_data: { Id: id, source: "mock" } });

/** How `promise` settled: { value } or { error }. */
const settled = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

/**
 * A caller's signal whose listeners are counted (`added`: how many were ever added; `listening`: how
 * many are on it now), and its abort reason.
 */
function callerSignal() {
  const controller = new AbortController();
  const added = vi.spyOn(controller.signal, "addEventListener");
  const reason = new Error("user navigated away");
  const listening = () => getEventListeners(controller.signal, "abort").length;
  return { signal: controller.signal, added, listening, reason, abort: () => controller.abort(reason) };
}

/** onRetry that records each event and resolves `retried(n)` once n retries were announced. */
function retryWatch() {
  const events: RetryEvent[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const onRetry = (event: RetryEvent) => {
    events.push(event);
    for (const waiter of waiters.filter((w) => events.length >= w.count)) waiter.resolve();
  };
  const retried = (count: number) => (events.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })));
  return { events, onRetry, retried };
}

/** Node's process warnings emitted while `run` ran (a warning is emitted on a later tick). */
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

describe("timeoutMs", () => {
  it("bounds each attempt: the first times out after exactly timeoutMs, is retried, and the last one's TrutoTimeoutError is thrown", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    mock.inject({ hang: true }, 2);
    const { events, onRetry, retried } = retryWatch();
    const call = settled(
      client({
        timeoutMs: 100,
        maxRetries: 1,
        onRetry: (event) => {
          onRetry(event);
          setImmediate(() => vi.advanceTimersByTime(event.delayMs));
        },
      }).crm.engagements.delete(IDS[0], q),
    );
    await mock.received(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await retried(1);
    await mock.received(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(await call).toEqual({ error: new TrutoTimeoutError("DELETE", urlOf(IDS[0]), 100) });
    expect(events).toEqual([{ attempt: 1, delayMs: events[0]!.delayMs, method: "DELETE", url: urlOf(IDS[0]), error: new TrutoTimeoutError("DELETE", urlOf(IDS[0]), 100) }]);
    expect(mock.requests).toHaveLength(2);
  });

  it("covers a middleware's onRequest: one that never finishes is cut off after exactly timeoutMs, not retried, and nothing is sent after it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const fetch = vi.fn(globalThis.fetch);
    const truto = client({ timeoutMs: 100, maxRetries: 2, fetch });
    let enter!: () => void;
    let finish!: () => void;
    let fail!: (error: unknown) => void;
    const entered = new Promise<void>((resolve) => (enter = resolve));
    const hanging = new Promise<undefined>((resolve) => (finish = () => resolve(undefined)));
    const failed = new Promise<unknown>((resolve) => (fail = resolve));
    truto.use({
      onRequest: () => {
        enter();
        return hanging;
      },
      // openapi-fetch hands what the fetch threw to onError: the event that the late request was refused.
      onError: ({ error }) => void fail(error),
    });
    const call = settled(truto.crm.engagements.delete(IDS[0], q));
    await entered;
    await vi.advanceTimersByTimeAsync(99);
    await vi.advanceTimersByTimeAsync(1);
    const timeout = new TrutoTimeoutError("DELETE", urlOf(IDS[0]), 100);
    expect(await call).toEqual({ error: timeout });
    finish();
    expect(await failed).toBe((await call as { error: unknown }).error);
    expect([fetch.mock.calls.length, mock.requests.length, vi.getTimerCount()]).toEqual([0, 0, 0]);
  });

  it("a call's timeoutMs replaces the client's", async () => {
    mock.inject({ hang: true });
    const call = client({ timeoutMs: 60_000 }).crm.engagements.delete(IDS[0], q, { timeoutMs: 100, maxRetries: 0 });
    await expect(call).rejects.toThrow(new TrutoTimeoutError("DELETE", urlOf(IDS[0]), 100));
  });

  it("Infinity waits for slow headers, and the caller's signal still ends the call", async () => {
    const truto = client({ timeoutMs: 50, maxRetries: 0 });
    mock.inject({ slow: 150 });
    expect(await truto.crm.engagements.delete(IDS[0], q, { timeoutMs: Infinity })).toEqual(capsuleRecord(IDS[0]));
    mock.inject({ hang: true });
    const { signal, reason, abort } = callerSignal();
    const call = truto.crm.engagements.delete(IDS[1], q, { timeoutMs: Infinity, signal });
    await mock.received(2);
    abort();
    await expect(call).rejects.toBe(reason);
  });

  it("the largest timer delay (2147483647 ms) is accepted per client and per call", async () => {
    const truto = client({ timeoutMs: 2_147_483_647 });
    expect(await truto.crm.engagements.delete(IDS[0], q, { timeoutMs: 2_147_483_647 })).toEqual(capsuleRecord(IDS[0]));
  });
});

describe("the caller's signal, at every stage of a call", () => {
  it("already aborted: rejects with its reason and sends nothing, in both call styles", async () => {
    const reason = new Error("too late");
    const signal = AbortSignal.abort(reason);
    await expect(client().crm.engagements.delete(IDS[0], q, { signal })).rejects.toBe(reason);
    await expect(client().DELETE(DELETE_PATH, { ...init(IDS[0]), signal })).rejects.toBe(reason);
    expect(mock.requests).toEqual([]);
  });

  it("in flight, before any answer: rejects with its reason and is never retried, in both call styles", async () => {
    mock.inject({ hang: true }, 2);
    const { events, onRetry } = retryWatch();
    const truto = client({ onRetry });
    const first = callerSignal();
    const resource = truto.crm.engagements.delete(IDS[0], q, { signal: first.signal });
    await mock.received(1);
    first.abort();
    await expect(resource).rejects.toBe(first.reason);
    const second = callerSignal();
    const raw = truto.DELETE(DELETE_PATH, { ...init(IDS[0]), signal: second.signal });
    await mock.received(2);
    second.abort();
    await expect(raw).rejects.toBe(second.reason);
    expect(events).toEqual([]);
    expect(mock.requests).toHaveLength(2);
  });

  it("aborted without a reason: the signal's own AbortError", async () => {
    mock.inject({ hang: true });
    const controller = new AbortController();
    const call = client().crm.engagements.delete(IDS[0], q, { signal: controller.signal });
    await mock.received(1);
    controller.abort();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    expect(error).toMatchObject({ name: "AbortError" });
  });

  it("between retries: the wait is cut short, nothing more is sent", async () => {
    mock.inject({ status: 503, message: "busy", retryAfter: 30 });
    const { events, onRetry, retried } = retryWatch();
    const { signal, reason, abort } = callerSignal();
    const call = client({ onRetry }).crm.engagements.delete(IDS[0], q, { signal });
    await retried(1);
    expect(events.map((e) => [e.status, e.delayMs])).toEqual([[503, 30_000]]);
    abort();
    await expect(call).rejects.toBe(reason);
    expect(mock.requests).toHaveLength(1);
  });

  it("in onRetry itself: rejects with its reason, and no wait is left behind (no timer keeps the process up)", async () => {
    const timers = vi.spyOn(globalThis, "setTimeout");
    mock.inject({ status: 503, message: "busy", retryAfter: 20 });
    const { signal, reason, abort } = callerSignal();
    const call = client({ onRetry: abort }).crm.engagements.delete(IDS[0], q, { signal });
    await expect(call).rejects.toBe(reason);
    // The attempt's 60 s timeout was set (undici sets timers of its own), the 20 s wait never.
    expect(timers.mock.calls.map(([, ms]) => ms)).toContain(60_000);
    expect(timers.mock.calls.map(([, ms]) => ms)).not.toContain(20_000);
    expect(mock.requests).toHaveLength(1);
  });

  it("after the headers, while a 200's body stalls: rejects with its reason, in both call styles", async () => {
    for (const style of ["resource", "raw"] as const) {
      mock.inject({ stall: true });
      const { fetch, arrived } = observedFetch();
      const { signal, reason, abort } = callerSignal();
      const truto = client({ fetch, timeoutMs: Infinity });
      const call = style === "resource" ? truto.crm.engagements.delete(IDS[0], q, { signal }) : truto.DELETE(DELETE_PATH, { ...init(IDS[0]), signal });
      const [response] = await arrived(1);
      expect(response!.status).toBe(200);
      abort();
      expect(await settled(call)).toEqual({ error: reason });
      mock.reset();
    }
  });

  it("after the headers, while the last attempt's 503 body stalls: rejects with its reason, in both call styles", async () => {
    for (const style of ["resource", "raw"] as const) {
      mock.inject({ status: 503, message: "busy", stall: true });
      const { fetch, arrived } = observedFetch();
      const { signal, reason, abort } = callerSignal();
      const truto = client({ fetch, timeoutMs: Infinity, maxRetries: 0 });
      const call = style === "resource" ? truto.crm.engagements.delete(IDS[0], q, { signal }) : truto.DELETE(DELETE_PATH, { ...init(IDS[0]), signal });
      const [response] = await arrived(1);
      expect(response!.status).toBe(503);
      abort();
      expect(await settled(call)).toEqual({ error: reason });
      mock.reset();
    }
  });

  it("a stream that stalls after its first chunk stays linked, and the signal errors it", async () => {
    // An exact answer: the headers and its first half, then nothing more.
    mock.inject({ reply: { status: 200, body: ENGAGEMENT }, stall: true });
    const { signal, reason, added, abort, listening } = callerSignal();
    const stream = await client().crm.engagements.delete(IDS[0], { ...q, truto_response_format: "stream" }, { signal });
    const whole = JSON.stringify(ENGAGEMENT);
    const reader = stream.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(whole.slice(0, Math.ceil(whole.length / 2)));
    expect([added.mock.calls.length, listening()]).toEqual([1, 1]);
    const next = reader.read();
    abort();
    expect(await settled(next)).toEqual({ error: reason });
    expect(listening()).toBe(0);
  });

  it("an abort once the call is over changes nothing", async () => {
    mock.inject({ status: 503, message: "down" });
    const { signal, abort, listening } = callerSignal();
    const truto = client({ maxRetries: 0 });
    const error = await truto.crm.engagements.delete(IDS[0], q, { signal }).catch((e: unknown) => e);
    const record = await truto.crm.engagements.delete(IDS[1], q, { signal });
    abort();
    expect(error).toEqual(expect.objectContaining({ constructor: InternalServerError, message: "503 down" }));
    expect(record).toEqual(capsuleRecord(IDS[1]));
    expect(listening()).toBe(0);
  });
});

describe("listeners on the caller's signal", () => {
  it("a long-lived signal keeps none once calls are done, in both call styles", async () => {
    const { signal, added, listening } = callerSignal();
    const truto = client();
    for (const id of IDS) {
      await truto.crm.engagements.delete(id, q, { signal });
      await truto.DELETE(DELETE_PATH, { ...init(id), signal });
    }
    expect(added).toHaveBeenCalledTimes(10);
    expect(listening()).toBe(0);
    expect(mock.requests.map((r) => r.status)).toEqual(IDS.flatMap(() => [200, 404]));
  });

  it("none is kept after JSON bodies, error bodies, and streams read to the end or cancelled", async () => {
    const { signal, added, listening } = callerSignal();
    const truto = client({ maxRetries: 0 });
    expect(await truto.crm.engagements.delete(IDS[0], q, { signal })).toEqual(capsuleRecord(IDS[0]));
    expect((await truto.DELETE(DELETE_PATH, { ...init(IDS[1]), signal })).data).toEqual(capsuleRecord(IDS[1]));
    await expect(truto.crm.engagements.delete(IDS[0], q, { signal })).rejects.toBeInstanceOf(NotFoundError);
    expect((await truto.DELETE(DELETE_PATH, { ...init(IDS[1]), signal })).error).toMatchObject({ statusCode: 404 });
    const read = await truto.crm.engagements.delete(IDS[2], { ...q, truto_response_format: "stream" }, { signal });
    expect(await new Response(read).text()).toBe(JSON.stringify(capsuleRecord(IDS[2])));
    const cancelled = await truto.crm.engagements.delete(IDS[3], { ...q, truto_response_format: "stream" }, { signal });
    await cancelled.cancel();
    expect(added).toHaveBeenCalledTimes(6);
    expect(listening()).toBe(0);
  });

  it("none is kept after a stream whose connection is lost mid-body", async () => {
    mock.inject({ cut: true });
    const { signal, added, listening } = callerSignal();
    const stream = await client().crm.engagements.delete(IDS[0], { ...q, truto_response_format: "stream" }, { signal });
    await expect(new Response(stream).text()).rejects.toThrow();
    expect(added).toHaveBeenCalledTimes(1);
    expect(listening()).toBe(0);
  });

  it("a call retried after a 503 links the signal once, and lets it go", async () => {
    mock.inject({ status: 503, message: "busy", retryAfter: 0 });
    const { signal, added, listening } = callerSignal();
    expect(await client().crm.engagements.delete(IDS[0], q, { signal })).toEqual(capsuleRecord(IDS[0]));
    expect(mock.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(added).toHaveBeenCalledTimes(1);
    expect(listening()).toBe(0);
  });
});

describe("one signal shared by 50 concurrent calls", () => {
  it("carries a single listener while they run (no MaxListenersExceededWarning), and none once they are done", async () => {
    const { signal, added, listening } = callerSignal();
    const truto = client();
    mock.inject({ reply: { status: 200, body: ENGAGEMENT } }, 50);
    const warnings = await warningsDuring(async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          i % 2 === 0 ? truto.crm.engagements.delete(IDS[0], q, { signal }) : truto.DELETE(DELETE_PATH, { ...init(IDS[0]), signal }).then((r) => r.data),
        ),
      );
      expect(results).toEqual(Array(50).fill(ENGAGEMENT));
    });
    expect(warnings).toEqual([]);
    expect(added).toHaveBeenCalledTimes(1);
    expect(listening()).toBe(0);
    expect(mock.requests).toHaveLength(50);
  });

  it("aborting it ends all 50 with its reason, those in flight and those waiting to retry, and frees the listener", async () => {
    const { signal, reason, abort, added, listening } = callerSignal();
    const { onRetry, retried } = retryWatch();
    // Half hang until aborted; half answer 503 and wait out a 30 s Retry-After.
    mock.inject({ hang: true }, 25);
    mock.inject({ status: 503, message: "busy", retryAfter: 30 }, 25);
    const truto = client({ onRetry });
    const warnings = await warningsDuring(async () => {
      const pending = Array.from({ length: 50 }, (_, i) =>
        settled(i % 2 === 0 ? truto.crm.engagements.delete(IDS[0], q, { signal }) : truto.DELETE(DELETE_PATH, { ...init(IDS[0]), signal })),
      );
      await mock.received(50);
      await retried(25);
      abort();
      expect(await Promise.all(pending)).toEqual(Array(50).fill({ error: reason }));
    });
    expect(warnings).toEqual([]);
    expect(mock.requests).toHaveLength(50);
    expect(added).toHaveBeenCalledTimes(1);
    expect(listening()).toBe(0);
  });
});
