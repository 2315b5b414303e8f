// The transport on its own, with an injected fetch: methods retried, bodies re-sent, timers released.
import { afterEach, describe, expect, it, vi } from "vitest";
import { TrutoConnectionError, TrutoTimeoutError } from "../../src/errors.js";
import { MAX_RETRY_AFTER_MS } from "../../src/retry.js";
import { createTransport, type RetryEvent, type TransportOptions } from "../../src/transport.js";

/** A fetch that answers from a list and records what each attempt sent. */
function scriptedFetch(statuses: number[]) {
  const sent: { method: string; body: string }[] = [];
  const fetch = vi.fn(async (request: Request, init?: RequestInit) => {
    sent.push({ method: request.method, body: await new Request(request, init).text() });
    return new Response(null, { status: statuses[sent.length - 1] ?? 200, headers: { "retry-after": "0" } });
  });
  return { fetch, sent };
}

const options = (fetch: TransportOptions["fetch"], overrides: Partial<TransportOptions> = {}): TransportOptions => ({
  fetch, maxRetries: 2, timeoutMs: 1_000, retryNonIdempotent: false, onRetry: undefined, ...overrides,
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("transport", () => {
  it("does not retry POST unless the caller opts in", async () => {
    const { fetch } = scriptedFetch([503, 503, 200]);
    const response = await createTransport(options(fetch))(new Request("http://x.test/a", { method: "POST", body: "{}" }));
    expect(response.status).toBe(503);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("re-sends the same body on each retry when the caller opts in", async () => {
    const { fetch, sent } = scriptedFetch([503, 502, 201]);
    const transport = createTransport(options(fetch, { retryNonIdempotent: true }));
    const response = await transport(new Request("http://x.test/a", { method: "POST", body: '{"subject":"hi"}' }));
    expect(response.status).toBe(201);
    expect(sent).toEqual([
      { method: "POST", body: '{"subject":"hi"}' },
      { method: "POST", body: '{"subject":"hi"}' },
      { method: "POST", body: '{"subject":"hi"}' },
    ]);
  });

  it("leaves no timer and no abort listener behind after a call", async () => {
    const { fetch } = scriptedFetch([200]);
    const caller = new AbortController();
    const added = vi.spyOn(caller.signal, "addEventListener");
    const removed = vi.spyOn(caller.signal, "removeEventListener");
    const clear = vi.spyOn(globalThis, "clearTimeout");
    await createTransport(options(fetch))(new Request("http://x.test/a", { method: "DELETE" }), undefined, caller.signal);
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledWith("abort", added.mock.calls[0]![1]);
    expect(clear).toHaveBeenCalledTimes(1);
  });

  it("links nothing when the call has no signal of its own", async () => {
    const { fetch } = scriptedFetch([200]);
    const request = new Request("http://x.test/a", { method: "DELETE" });
    const added = vi.spyOn(request.signal, "addEventListener");
    await createTransport(options(fetch))(request);
    expect(added).not.toHaveBeenCalled();
  });

  it("aborts the attempt's signal after timeoutMs and reports a TrutoTimeoutError", async () => {
    const seen: AbortSignal[] = [];
    const fetch = (_: Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init!.signal!;
        seen.push(signal);
        signal.addEventListener("abort", () => reject(signal.reason));
      });
    const call = createTransport(options(fetch, { timeoutMs: 20, maxRetries: 0 }))(new Request("http://x.test/a", { method: "DELETE" }));
    await expect(call).rejects.toThrow(new TrutoTimeoutError("DELETE", "http://x.test/a", 20));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(seen[0]!.aborted).toBe(true);
  });

  it("gives each attempt a fresh signal, so a retry is not born aborted", async () => {
    const signals: AbortSignal[] = [];
    const fetch = vi.fn(async (_: Request, init?: RequestInit) => {
      signals.push(init!.signal!);
      return new Response(null, { status: signals.length === 1 ? 503 : 204, headers: { "retry-after": "0" } });
    });
    const response = await createTransport(options(fetch))(new Request("http://x.test/a", { method: "DELETE" }));
    expect(response.status).toBe(204);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
    expect(signals.map((signal) => signal.aborted)).toEqual([false, false]);
  });

  it("with timeoutMs: Infinity sets no timer and passes no signal unless the caller gives one", async () => {
    const inits: (RequestInit | undefined)[] = [];
    const fetch = async (_: Request, init?: RequestInit) => {
      inits.push(init);
      return new Response(null, { status: 204 });
    };
    const timers = vi.spyOn(globalThis, "setTimeout");
    const transport = createTransport(options(fetch, { timeoutMs: Infinity }));
    await transport(new Request("http://x.test/a", { method: "DELETE" }));
    expect(inits).toEqual([undefined]);
    expect(timers).not.toHaveBeenCalled();

    const caller = new AbortController();
    const pending = transport(new Request("http://x.test/a", { method: "DELETE" }), undefined, caller.signal);
    await pending;
    expect(inits[1]!.signal).toBeInstanceOf(AbortSignal);
    expect(inits[1]!.signal!.aborted).toBe(false);
  });

  it("passes the caller's abort reason through to the attempt's signal", async () => {
    const caller = new AbortController();
    let attempt: AbortSignal | undefined;
    const fetch = (_: Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        attempt = init!.signal!;
        attempt.addEventListener("abort", () => reject(attempt!.reason));
        caller.abort(new Error("user navigated away"));
      });
    const call = createTransport(options(fetch))(new Request("http://x.test/a", { method: "DELETE" }), undefined, caller.signal);
    await expect(call).rejects.toThrow(new Error("user navigated away"));
    expect(attempt!.reason).toBe(caller.signal.reason);
  });

  it("merges the signal into an init that openapi-fetch passes", async () => {
    const inits: RequestInit[] = [];
    const fetch = async (_: Request, init?: RequestInit) => {
      inits.push(init!);
      return new Response(null, { status: 204 });
    };
    await createTransport(options(fetch))(new Request("http://x.test/a", { method: "DELETE" }), { keepalive: true });
    expect(Object.keys(inits[0]!).sort()).toEqual(["keepalive", "signal"]);
    expect(inits[0]!.keepalive).toBe(true);
  });

  it("treats a fetch that throws synchronously like a failed connection: retried, then reported", async () => {
    const fetch = vi.fn(() => {
      throw new TypeError("bad fetch");
    });
    const onRetry = vi.fn();
    const call = createTransport(options(fetch as never, { maxRetries: 1, onRetry }))(new Request("http://x.test/a", { method: "DELETE" }));
    const error = await call.catch((e: unknown) => e);
    expect(error).toEqual(new TrutoConnectionError("DELETE", "http://x.test/a", "Connection error"));
    expect((error as Error).cause).toEqual(new TypeError("bad fetch"));
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it("keeps the attempt's signal for a fetch wrapper that spreads init", async () => {
    let seen: AbortSignal | null | undefined;
    const inner = (_: Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        seen = init?.signal;
        init?.signal?.addEventListener("abort", () => reject(new Error("aborted")));
      });
    const wrapper = (request: Request, init?: RequestInit) => inner(request, { ...init, keepalive: false });
    const call = createTransport(options(wrapper, { timeoutMs: 20, maxRetries: 0 }))(new Request("http://x.test/a", { method: "DELETE" }));
    await expect(call).rejects.toBeInstanceOf(TrutoTimeoutError);
    expect(seen?.aborted).toBe(true);
  });

  it("releases the attempt's timer when the connection fails, so no 60 s timer outlives the call", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const fetch = () => Promise.reject(new TypeError("connection refused"));
    const call = createTransport(options(fetch, { timeoutMs: 60_000, maxRetries: 0 }))(new Request("http://x.test/a", { method: "DELETE" }));
    await expect(call).rejects.toBeInstanceOf(TrutoConnectionError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("waits out a Retry-After of exactly MAX_RETRY_AFTER_MS (60 s), and no longer one", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const answer = (retryAfter: string) => {
      let calls = 0;
      return async () => new Response(null, { status: calls++ === 0 ? 429 : 204, headers: { "retry-after": retryAfter } });
    };
    const events: RetryEvent[] = [];
    const onRetry = (event: RetryEvent) => {
      events.push(event);
      setImmediate(() => vi.advanceTimersByTime(event.delayMs));
    };
    const request = () => new Request("http://x.test/a", { method: "DELETE" });
    expect((await createTransport(options(answer("60"), { onRetry }))(request())).status).toBe(204);
    expect(events.map((event) => event.delayMs)).toEqual([MAX_RETRY_AFTER_MS]);
    expect((await createTransport(options(answer("61"), { onRetry }))(request())).status).toBe(429);
    expect(events).toHaveLength(1);
  });

  it("accepts a fetch that returns a Response rather than a promise, and releases its timer", async () => {
    const clear = vi.spyOn(globalThis, "clearTimeout");
    const fetch = () => new Response(null, { status: 204 });
    const response = await createTransport(options(fetch as never))(new Request("http://x.test/a", { method: "DELETE" }));
    expect(response.status).toBe(204);
    expect(clear).toHaveBeenCalledTimes(1);
  });
});

describe("transport: what fetch is handed", () => {
  it("hands fetch the caller's very Request on every attempt of a request without a body", async () => {
    const received: Request[] = [];
    const fetch = async (request: Request) => {
      received.push(request);
      return new Response(null, { status: received.length < 3 ? 503 : 204, headers: { "retry-after": "0" } });
    };
    const request = new Request("http://x.test/a", { method: "DELETE" });
    const response = await createTransport(options(fetch))(request);
    expect(response.status).toBe(204);
    expect(received).toHaveLength(3);
    for (const sent of received) expect(sent).toBe(request);
  });

  it("sends the caller's Request first and fresh copies of its body on retries", async () => {
    const received: { request: Request; body: string }[] = [];
    const fetch = async (request: Request) => {
      received.push({ request, body: await request.text() });
      return new Response(null, { status: received.length < 3 ? 503 : 204, headers: { "retry-after": "0" } });
    };
    const request = new Request("http://x.test/a", { method: "PUT", body: '{"subject":"hi"}' });
    const response = await createTransport(options(fetch))(request);
    expect(response.status).toBe(204);
    expect(received.map((r) => r.body)).toEqual(['{"subject":"hi"}', '{"subject":"hi"}', '{"subject":"hi"}']);
    expect(received[0]!.request).toBe(request);
    expect(received[1]!.request).not.toBe(request);
    expect(received[2]!.request).not.toBe(received[1]!.request);
  });

  it.each([
    ["a POST (not retried by default)", "POST", {}],
    ["a PUT with maxRetries: 0", "PUT", { maxRetries: 0 }],
  ])("sends the body of %s as it is: its stream is not teed into a copy kept for a retry", async (_, method, overrides) => {
    const received: { request: Request; stream: ReadableStream | null; body: string }[] = [];
    const fetch = async (request: Request) => {
      received.push({ request, stream: request.body, body: await request.text() });
      return new Response(null, { status: 503 });
    };
    const request = new Request("http://x.test/a", { method, body: '{"subject":"hi"}' });
    const stream = request.body;
    const response = await createTransport(options(fetch, overrides))(request);
    expect(response.status).toBe(503);
    expect(received).toHaveLength(1);
    expect(received[0]!.request).toBe(request);
    expect(received[0]!.stream).toBe(stream);
    expect(received[0]!.body).toBe('{"subject":"hi"}');
  });
});
