// src/control.ts on its own: one call's lifetime (the caller's signal and the per-attempt timeout),
// abortable(), and onAbort()'s fan-out (one listener per shared signal). Time runs on fake timers.
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CallControl, abortable, onAbort } from "../../src/control.js";
import { TrutoTimeoutError } from "../../src/errors.js";

const URL_ = "http://x.test/unified/crm/engagements/1";
const request = (method = "DELETE", url = URL_) => new Request(url, { method });
const listeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

/** How a promise has settled so far: "pending", or its value or reason. */
async function state(promise: Promise<unknown>): Promise<unknown> {
  const pending = Symbol("pending");
  const settled = await Promise.race([promise.then((value) => ({ value }), (reason: unknown) => ({ reason })), Promise.resolve().then(() => pending)]);
  return settled === pending ? "pending" : settled;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("CallControl.begin", () => {
  it("gives no signal and sets no timer for a call with no timeout and no signal; still records the URL", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const control = new CallControl(undefined, Infinity);
    expect(control.begin(request("DELETE", "http://x.test/a"))).toBeUndefined();
    expect(control.url).toBe("http://x.test/a");
    expect(vi.getTimerCount()).toBe(0);
    expect(control.stopped()).toBeUndefined();
  });

  it("aborts the attempt's signal after exactly timeoutMs with a TrutoTimeoutError naming the method and URL", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const control = new CallControl(undefined, 50);
    const signal = control.begin(request("POST", "http://x.test/things"))!;
    expect(signal).toBeInstanceOf(AbortSignal);
    vi.advanceTimersByTime(49);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toEqual(new TrutoTimeoutError("POST", "http://x.test/things", 50));
    expect(signal.reason).toBeInstanceOf(TrutoTimeoutError);
    expect((signal.reason as Error).message).toBe("Request timed out after 50 ms (POST http://x.test/things)");
    // A timeout is not the caller's abort.
    expect(control.stopped()).toBeUndefined();
  });

  it("starts each attempt with a fresh signal and timer: the previous attempt's timer is dropped", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const control = new CallControl(undefined, 50);
    const first = control.begin(request())!;
    vi.advanceTimersByTime(40);
    const second = control.begin(request("DELETE", "http://x.test/retry"))!;
    expect(second).not.toBe(first);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(40);
    expect([first.aborted, second.aborted]).toEqual([false, false]);
    vi.advanceTimersByTime(10);
    expect([first.aborted, second.aborted]).toEqual([false, true]);
    expect(second.reason).toEqual(new TrutoTimeoutError("DELETE", "http://x.test/retry", 50));
    expect(control.url).toBe("http://x.test/retry");
  });

  it("with a caller's signal and no timeout: a signal but no timer", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const caller = new AbortController();
    const control = new CallControl(caller.signal, Infinity);
    const signal = control.begin(request())!;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal).not.toBe(caller.signal);
    expect(vi.getTimerCount()).toBe(0);
    expect(signal.aborted).toBe(false);
  });

  it("the caller's abort aborts the attempt with the caller's reason, and the call is over", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const caller = new AbortController();
    const control = new CallControl(caller.signal, 50);
    const signal = control.begin(request())!;
    const reason = new Error("user navigated away");
    caller.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(control.stopped()).toEqual({ reason });
    // The abort ended the call: no timer, no listener left.
    expect(vi.getTimerCount()).toBe(0);
    expect(listeners(caller.signal)).toBe(0);
  });

  it("a caller's signal aborted before the call: nothing linked, and every attempt starts aborted with its reason", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const caller = new AbortController();
    const reason = new Error("cancelled before");
    caller.abort(reason);
    const control = new CallControl(caller.signal, 50);
    expect(listeners(caller.signal)).toBe(0);
    expect(control.stopped()).toEqual({ reason });
    const signal = control.begin(request())!;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("CallControl.sleep", () => {
  it("waits exactly ms, with no attempt timer running meanwhile", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const control = new CallControl(undefined, 50);
    const signal = control.begin(request())!;
    const sleeping = control.sleep(500);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(499);
    expect(await state(sleeping)).toBe("pending");
    vi.advanceTimersByTime(1);
    expect(await state(sleeping)).toEqual({ value: undefined });
    expect(signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("the caller's abort wakes it at once with the caller's reason, leaving no timer", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const caller = new AbortController();
    const control = new CallControl(caller.signal, 50);
    const sleeping = control.sleep(60_000);
    const reason = new Error("stop");
    caller.abort(reason);
    expect(await state(sleeping)).toEqual({ reason });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a sleep that ended is not woken by a later abort", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const caller = new AbortController();
    const control = new CallControl(caller.signal, Infinity);
    const sleeping = control.sleep(10);
    vi.advanceTimersByTime(10);
    expect(await state(sleeping)).toEqual({ value: undefined });
    control.begin(request());
    caller.abort(new Error("later"));
    expect(await state(sleeping)).toEqual({ value: undefined });
  });
});

describe("CallControl.race", () => {
  it("with no timeout and no signal hands back the very promise", () => {
    const control = new CallControl(undefined, Infinity);
    const promise = Promise.resolve(1);
    expect(control.race(promise)).toBe(promise);
  });

  it("settles as the promise does", async () => {
    const control = new CallControl(undefined, 50);
    expect(await control.race(Promise.resolve("data"))).toBe("data");
    const error = new Error("middleware failed");
    await expect(control.race(Promise.reject(error))).rejects.toBe(error);
  });

  it("fails with the caller's reason when the caller aborts, though the promise never settles", async () => {
    const caller = new AbortController();
    const control = new CallControl(caller.signal, Infinity);
    const never = new Promise(() => {});
    const racing = control.race(never);
    expect(racing).not.toBe(never);
    const reason = new Error("user navigated away");
    caller.abort(reason);
    expect(await state(racing)).toEqual({ reason });
  });

  it("fails at once for a caller's signal that was already aborted", async () => {
    const caller = new AbortController();
    caller.abort("gone");
    const control = new CallControl(caller.signal, 50);
    expect(await state(control.race(Promise.resolve("data")))).toEqual({ reason: "gone" });
  });

  it("is not failed by a timeout before responded(): the attempt is aborted and the transport decides (retry or error)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const control = new CallControl(undefined, 50);
    const racing = control.race(new Promise(() => {}));
    const signal = control.begin(request())!;
    vi.advanceTimersByTime(50);
    expect(signal.aborted).toBe(true);
    expect(await state(racing)).toBe("pending");
    expect(control.hasResponded).toBe(false);
  });

  it("is failed by the timeout once the final response has responded() (its body is being read)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const control = new CallControl(undefined, 50);
    const racing = control.race(new Promise(() => {}));
    const signal = control.begin(request("DELETE", "http://x.test/slow-body"))!;
    control.responded(false);
    expect(control.hasResponded).toBe(true);
    vi.advanceTimersByTime(49);
    expect(await state(racing)).toBe("pending");
    vi.advanceTimersByTime(1);
    const timeout = new TrutoTimeoutError("DELETE", "http://x.test/slow-body", 50);
    expect(await state(racing)).toEqual({ reason: timeout });
    expect(signal.reason).toEqual(timeout);
  });

  it("responded(true) (a stream: the caller reads the body) stops the timer", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const control = new CallControl(undefined, 50);
    const racing = control.race(new Promise(() => {}));
    const signal = control.begin(request())!;
    control.responded(true);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(signal.aborted).toBe(false);
    expect(await state(racing)).toBe("pending");
  });
});

describe("CallControl.start", () => {
  it("begins the first attempt: its timeout runs from start(), the first begin() takes it over (no new timer), a later begin() starts a new one", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const control = new CallControl(undefined, 50);
    // The planned URL is built only for a timeout before the first begin().
    const planned = vi.fn(() => "http://x.test/unified/crm/engagements/1?integrated_account_id=a");
    control.start("DELETE", planned);
    vi.advanceTimersByTime(30);
    const first = control.begin(request())!;
    vi.advanceTimersByTime(19);
    expect(first.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(first.reason).toEqual(new TrutoTimeoutError("DELETE", URL_, 50));
    // In an attempt, the timeout is the transport's to act on (a retry): the call is not stopped.
    expect(control.stopped()).toBeUndefined();
    const second = control.begin(request())!;
    vi.advanceTimersByTime(49);
    expect(second.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(second.aborted).toBe(true);
    expect(planned).not.toHaveBeenCalled();
  });

  it("a timeout before the first begin() (a middleware's onRequest) stops the call: race rejects, stopped() says why, nothing is left running", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const control = new CallControl(undefined, 50);
    control.start("GET", () => "http://x.test/unified/crm/engagements/1?integrated_account_id=a");
    const racing = control.race(new Promise(() => {}));
    vi.advanceTimersByTime(50);
    const timeout = new TrutoTimeoutError("GET", "http://x.test/unified/crm/engagements/1?integrated_account_id=a", 50);
    expect(await state(racing)).toEqual({ reason: timeout });
    expect(control.stopped()).toEqual({ reason: timeout });
    expect(control.begin(request())!.reason).toEqual(timeout);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("with no timeout and no signal, creates nothing", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const control = new CallControl(undefined, Infinity);
    control.start("GET", () => "http://x.test/a");
    expect([control.begin(request()), vi.getTimerCount()]).toEqual([undefined, 0]);
  });
});

describe("CallControl.end", () => {
  it("releases the timer and the caller's signal; idempotent", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const caller = new AbortController();
    const control = new CallControl(caller.signal, 50);
    const signal = control.begin(request())!;
    expect(listeners(caller.signal)).toBe(1);
    control.end();
    expect(listeners(caller.signal)).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    control.end();
    expect(listeners(caller.signal)).toBe(0);
    // Unlinked: a later abort does not reach the attempt.
    caller.abort(new Error("late"));
    expect(signal.aborted).toBe(false);
    expect(control.stopped()).toEqual({ reason: new Error("late") });
  });

  it("a call without a signal links nothing", () => {
    const control = new CallControl(undefined, 50);
    control.end();
    expect(control.stopped()).toBeUndefined();
  });
});

describe("onAbort: one listener per signal, however many calls share it", () => {
  it("50 calls on one signal: one listener, kept until the last call ends", () => {
    const caller = new AbortController();
    const controls = Array.from({ length: 50 }, () => new CallControl(caller.signal, Infinity));
    expect(listeners(caller.signal)).toBe(1);
    for (const control of controls.slice(0, 49)) control.end();
    expect(listeners(caller.signal)).toBe(1);
    controls[49]!.end();
    expect(listeners(caller.signal)).toBe(0);
  });

  it("an abort reaches every call still linked, once each, and leaves no listener", () => {
    const caller = new AbortController();
    const controls = Array.from({ length: 50 }, () => new CallControl(caller.signal, Infinity));
    const signals = controls.map((control) => control.begin(request())!);
    controls[0]!.end();
    caller.abort("stop");
    expect(signals.map((signal) => signal.aborted)).toEqual([false, ...Array(49).fill(true)]);
    expect(listeners(caller.signal)).toBe(0);
  });

  it("fans out to the callbacks still linked, and calls them once even if abort is dispatched again", () => {
    const controller = new AbortController();
    const first = vi.fn();
    const second = vi.fn();
    const unlinkFirst = onAbort(controller.signal, first);
    onAbort(controller.signal, second);
    unlinkFirst();
    expect(listeners(controller.signal)).toBe(1);
    controller.abort();
    controller.signal.dispatchEvent(new Event("abort"));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it("the same callback linked twice is one callback: one unlink releases it", () => {
    const controller = new AbortController();
    const callback = vi.fn();
    const unlink = onAbort(controller.signal, callback);
    onAbort(controller.signal, callback);
    unlink();
    expect(listeners(controller.signal)).toBe(0);
  });

  it("an unlink after the abort does not remove the listener of a later watch of the same signal", () => {
    const controller = new AbortController();
    const unlinkOld = onAbort(controller.signal, () => {});
    controller.abort();
    expect(listeners(controller.signal)).toBe(0);
    // A watch made after the abort (its listener never fires, but it is the signal's current watch).
    const unlinkNew = onAbort(controller.signal, () => {});
    expect(listeners(controller.signal)).toBe(1);
    unlinkOld();
    expect(listeners(controller.signal)).toBe(1);
    // A third watch joins the current one: still one listener.
    const unlinkThird = onAbort(controller.signal, () => {});
    expect(listeners(controller.signal)).toBe(1);
    unlinkNew();
    expect(listeners(controller.signal)).toBe(1);
    unlinkThird();
    expect(listeners(controller.signal)).toBe(0);
  });

  it("a signal watched again after every watch was released gets a listener again, and its abort is delivered", () => {
    const controller = new AbortController();
    onAbort(controller.signal, () => {})();
    expect(listeners(controller.signal)).toBe(0);
    const callback = vi.fn();
    onAbort(controller.signal, callback);
    expect(listeners(controller.signal)).toBe(1);
    controller.abort();
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it("separate signals have separate listeners", () => {
    const a = new AbortController();
    const b = new AbortController();
    const onA = vi.fn();
    const onB = vi.fn();
    onAbort(a.signal, onA);
    onAbort(b.signal, onB);
    a.abort();
    expect([onA.mock.calls.length, onB.mock.calls.length]).toEqual([1, 0]);
    expect(listeners(b.signal)).toBe(1);
  });
});

describe("abortable", () => {
  it("with no signal hands back the very promise", () => {
    const promise = Promise.resolve(1);
    expect(abortable(promise, undefined)).toBe(promise);
  });

  it("settles as the promise does, and removes its listener either way", async () => {
    const controller = new AbortController();
    expect(await abortable(Promise.resolve("token"), controller.signal)).toBe("token");
    expect(listeners(controller.signal)).toBe(0);
    const error = new Error("fetch failed");
    await expect(abortable(Promise.reject(error), controller.signal)).rejects.toBe(error);
    expect(listeners(controller.signal)).toBe(0);
  });

  it("rejects with the signal's reason when it aborts first (a fetch or token function that ignores it)", async () => {
    const controller = new AbortController();
    const waiting = abortable(new Promise(() => {}), controller.signal);
    expect(listeners(controller.signal)).toBe(1);
    const reason = new Error("timed out");
    controller.abort(reason);
    expect(await state(waiting)).toEqual({ reason });
    expect(listeners(controller.signal)).toBe(0);
  });

  it("rejects at once for an aborted signal, and the promise's own later rejection is handled", async () => {
    const controller = new AbortController();
    controller.abort("already");
    let reject!: (error: unknown) => void;
    const promise = new Promise((_, r) => (reject = r));
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      expect(await state(abortable(promise, controller.signal))).toEqual({ reason: "already" });
      reject(new Error("late failure"));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});
