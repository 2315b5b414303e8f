// Token functions: called before the first request and after a 401, one resend per call, shared
// refreshes, failures as TrutoError; tested under a stub transport that records what it is sent.
import { describe, expect, it, vi } from "vitest";
import { TrutoError, TrutoValidationError } from "../src/errors.js";
import { tokenSource, withToken } from "../src/token.js";
import type { Transport } from "../src/transport.js";

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
