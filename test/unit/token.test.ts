// Token functions: called before the first request and after a 401, one resend per call, shared
// refreshes, failures as TrutoError; tested under a stub transport that records what it is sent.
import { describe, expect, it, vi } from "vitest";
import { TrutoError, TrutoValidationError } from "../../src/errors.js";
import { tokenSource, withToken } from "../../src/token.js";
import type { Hold, Transport } from "../../src/transport.js";

/** A transport answering 401 to any token in `rejected`, 200 otherwise; records headers and bodies. */
function stubTransport(rejected: Set<string>) {
  const seen: { authorization: string | null; body: string }[] = [];
  const transport: Transport = async (request) => {
    const authorization = request.headers.get("authorization");
    seen.push({ authorization, body: await request.text() });
    return new Response(null, { status: rejected.has(authorization ?? "") ? 401 : 200 });
  };
  return { transport, seen };
}

const post = () => new Request("https://x.test/things", { method: "POST", body: '{"a":1}' });

describe("token functions", () => {
  it("are called once before the first request, and the token is reused after", async () => {
    const fn = vi.fn(() => "tok-1");
    const { transport, seen } = stubTransport(new Set());
    const send = withToken(transport, tokenSource(fn, "token"));
    await send(post());
    await send(new Request("https://x.test/things/1"));
    expect(fn).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([
      { authorization: "Bearer tok-1", body: '{"a":1}' },
      { authorization: "Bearer tok-1", body: "" },
    ]);
  });

  it("after a 401, get a new token and the request is sent once more, body included", async () => {
    const tokens = ["old", "new"];
    const source = tokenSource(async () => tokens.shift()!, "token");
    const { transport, seen } = stubTransport(new Set(["Bearer old"]));
    const response = await withToken(transport, source)(post());
    expect(response.status).toBe(200);
    expect(seen).toEqual([
      { authorization: "Bearer old", body: '{"a":1}' },
      { authorization: "Bearer new", body: '{"a":1}' },
    ]);
    expect(source.tokens).toEqual(["old", "new"]);
  });

  it("refresh once per call: a second 401 is returned, never a loop", async () => {
    let n = 0;
    const fn = vi.fn(() => `t${++n}`);
    const { transport, seen } = stubTransport(new Set(["Bearer t1", "Bearer t2", "Bearer t3"]));
    const response = await withToken(transport, tokenSource(fn, "token"))(post());
    expect(response.status).toBe(401);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  it("calls that get the same 401 together share one refresh", async () => {
    let n = 0;
    const fn = vi.fn(async () => `t${++n}`);
    const { transport, seen } = stubTransport(new Set(["Bearer t1"]));
    const send = withToken(transport, tokenSource(fn, "token"));
    const statuses = await Promise.all([1, 2, 3].map(() => send(new Request("https://x.test/a")).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200]);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(seen.filter((s) => s.authorization === "Bearer t2")).toHaveLength(3);
  });

  it("a failing function is a TrutoError with the cause, sends nothing, and is called again next time", async () => {
    const cause = new Error("backend down");
    const fn = vi.fn().mockRejectedValueOnce(cause).mockResolvedValueOnce("tok");
    const { transport, seen } = stubTransport(new Set());
    const send = withToken(transport, tokenSource(fn, "integratedAccountToken"));
    const error = await send(post()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrutoError);
    expect(error).toMatchObject({ message: 'createTrutoClient: the "integratedAccountToken" function failed', cause });
    expect(seen).toEqual([]);
    expect((await send(post())).status).toBe(200);
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer tok"]);
  });

  it("a function that returns no usable token is refused like a fixed one", async () => {
    const { transport, seen } = stubTransport(new Set());
    const error = await withToken(transport, tokenSource(() => "", "token"))(post()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrutoValidationError);
    expect((error as TrutoValidationError).parameter).toBe("token");
    expect(seen).toEqual([]);
  });

  it("a 401 for a token older than the latest refresh needs no new call of the function", async () => {
    let n = 0;
    const fn = vi.fn(async () => `t${++n}`);
    const source = tokenSource(fn, "token");
    expect(await source.authorization()).toBe("Bearer t1");
    expect(await source.refresh("Bearer t1")).toBe("Bearer t2");
    expect(await source.refresh("Bearer t2")).toBe("Bearer t3");
    // A late 401 for t1 (sent before both refreshes) gets the latest token.
    expect(await source.refresh("Bearer t1")).toBe("Bearer t3");
    expect(fn).toHaveBeenCalledTimes(3);
  });
});

/** A token function whose calls wait until the test settles them, in the order they were made. */
function settledByTest() {
  const calls: { resolve: (token: string) => void; reject: (error: unknown) => void }[] = [];
  const fn = vi.fn(() => new Promise<string>((resolve, reject) => calls.push({ resolve, reject })));
  return { fn, calls };
}

/** Lets the token function's calls (made in a microtask) and their handlers run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A 401 whose body is a stream that records whether it was cancelled. */
function unauthorized() {
  const state = { cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"message":"Invalid token"}'));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { response: new Response(body, { status: 401 }), state };
}

describe("token functions at their edges", () => {
  it("list each token once for redaction, however often the function gives it", async () => {
    const fn = vi.fn(() => "tok-same");
    const source = tokenSource(fn, "token");
    expect(await source.authorization()).toBe("Bearer tok-same");
    expect(await source.refresh("Bearer tok-same")).toBe("Bearer tok-same");
    expect(fn).toHaveBeenCalledTimes(2);
    expect(source.tokens).toEqual(["tok-same"]);
  });

  it("a 401 whose refresh gives the same token back is returned as it came, body unread, and not sent again", async () => {
    const fn = vi.fn(() => "tok-same");
    const seen: (string | null)[] = [];
    const transport: Transport = async (request) => {
      seen.push(request.headers.get("authorization"));
      return new Response('{"message":"Invalid token"}', { status: 401 });
    };
    const response = await withToken(transport, tokenSource(fn, "token"))(post());
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('{"message":"Invalid token"}');
    expect(seen).toEqual(["Bearer tok-same"]);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("a refresh that fails after a 401 rejects with the function's TrutoError, cancels the 401's body and sends nothing more", async () => {
    const cause = new Error("token service down");
    const fn = vi.fn().mockResolvedValueOnce("tok-1").mockRejectedValueOnce(cause);
    const seen: (string | null)[] = [];
    const { response, state } = unauthorized();
    const transport: Transport = async (request) => {
      seen.push(request.headers.get("authorization"));
      return response;
    };
    const error = await withToken(transport, tokenSource(fn, "token"))(post()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrutoError);
    expect(error).toMatchObject({ message: 'createTrutoClient: the "token" function failed', cause });
    expect(state.cancelled).toBe(true);
    expect(seen).toEqual(["Bearer tok-1"]);
  });

  it("a refresh that fails after a 401 without a body rejects with the same TrutoError", async () => {
    const cause = new Error("token service down");
    const fn = vi.fn().mockResolvedValueOnce("tok-1").mockRejectedValueOnce(cause);
    const transport = vi.fn<Transport>(async () => new Response(null, { status: 401 }));
    const error = await withToken(transport, tokenSource(fn, "integratedAccountToken"))(post()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrutoError);
    expect(error).toMatchObject({ message: 'createTrutoClient: the "integratedAccountToken" function failed', cause });
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it("resends a request without a body as the very Request it was given, with the new token", async () => {
    const tokens = ["old", "new"];
    const received: { request: Request; authorization: string | null }[] = [];
    const transport: Transport = async (request) => {
      received.push({ request, authorization: request.headers.get("authorization") });
      return new Response(null, { status: received.length === 1 ? 401 : 200 });
    };
    const request = new Request("https://x.test/things/1");
    const response = await withToken(transport, tokenSource(async () => tokens.shift()!, "token"))(request);
    expect(response.status).toBe(200);
    expect(received.map((r) => r.authorization)).toEqual(["Bearer old", "Bearer new"]);
    expect(received.map((r) => r.request === request)).toEqual([true, true]);
  });

  it("a resend after a 401 works with a hold that has nothing to release (no caller signal was linked)", async () => {
    const tokens = ["old", "new"];
    const { transport, seen } = stubTransport(new Set(["Bearer old"]));
    const hold: Hold = {};
    const response = await withToken(transport, tokenSource(async () => tokens.shift()!, "token"))(post(), undefined, undefined, hold);
    expect(response.status).toBe(200);
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer old", "Bearer new"]);
    expect(hold.release).toBeUndefined();
  });

  it("lets the 401's link to the caller's signal go exactly once: the hold keeps only what the resend set", async () => {
    const tokens = ["old", "new"];
    const releaseOf401 = vi.fn();
    const transport: Transport = async (request, _init, _signal, hold) => {
      if (request.headers.get("authorization") === "Bearer old") {
        hold!.release = releaseOf401;
        return new Response(null, { status: 401 });
      }
      // The resend's response links nothing (as when its transport had no signal to link).
      return new Response('{"id":"1"}', { status: 200 });
    };
    const hold: Hold = {};
    const response = await withToken(transport, tokenSource(async () => tokens.shift()!, "token"))(post(), undefined, new AbortController().signal, hold);
    expect(await response.text()).toBe('{"id":"1"}');
    expect(releaseOf401).toHaveBeenCalledTimes(1);
    expect(hold.release).toBeUndefined();
    // The caller releases what the hold has once the body is read: nothing of the 401's.
    hold.release?.();
    expect(releaseOf401).toHaveBeenCalledTimes(1);
  });

  it("a refresh after a failed refresh for the same stale token calls the function again", async () => {
    const fn = vi.fn().mockResolvedValueOnce("t1").mockRejectedValueOnce(new Error("down")).mockResolvedValueOnce("t3");
    const source = tokenSource(fn, "token");
    expect(await source.authorization()).toBe("Bearer t1");
    await expect(source.refresh("Bearer t1")).rejects.toThrow(new TrutoError('createTrutoClient: the "token" function failed'));
    expect(await source.refresh("Bearer t1")).toBe("Bearer t3");
    expect(await source.authorization()).toBe("Bearer t3");
    expect(fn).toHaveBeenCalledTimes(3);
    expect(source.tokens).toEqual(["t1", "t3"]);
  });

  it("a refresh before the function has given any token starts a call of its own, even while the first one runs", async () => {
    const { fn, calls } = settledByTest();
    const source = tokenSource(fn, "token");
    const first = source.authorization();
    const refreshed = source.refresh("Bearer from-elsewhere");
    await settle();
    expect(fn).toHaveBeenCalledTimes(2);
    calls[0]!.resolve("t1");
    calls[1]!.resolve("t2");
    expect(await first).toBe("Bearer t1");
    expect(await refreshed).toBe("Bearer t2");
  });

  it("an older call failing after a newer one gave a token does not drop that token", async () => {
    const { fn, calls } = settledByTest();
    const source = tokenSource(fn, "token");
    const first = source.authorization();
    const refreshed = source.refresh("Bearer from-elsewhere");
    await settle();
    calls[1]!.resolve("t2");
    expect(await refreshed).toBe("Bearer t2");
    calls[0]!.reject(new Error("slow failure"));
    await expect(first).rejects.toThrow(new TrutoError('createTrutoClient: the "token" function failed'));
    await settle();
    const next = source.authorization();
    await settle();
    expect(fn).toHaveBeenCalledTimes(2);
    expect(await next).toBe("Bearer t2");
  });
});
