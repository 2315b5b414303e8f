// A custom `fetch` that does not return a Response is a programming error, reported as such (a
// TrutoError, not retried), never as a lost connection.
import { describe, expect, it, vi } from "vitest";
import { TrutoConnectionError, TrutoError, createTrutoClient } from "../../src/index.js";
import { createTransport } from "../../src/transport.js";

const TOKEN = "tok_live_5f2b9c0e41d8a7";
const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
const URL_ = `https://api.truto.one/unified/crm/engagements/1?integrated_account_id=${ACCOUNT}`;

describe("a fetch that returns no Response", () => {
  it.each([
    [undefined, "undefined"],
    [null, "null"],
    ["ok", "string"],
    [{ ok: true }, "object"],
    [{ status: 200 }, "object"],
  ])("%j: a TrutoError, fetch called once, on both call styles", async (value, got) => {
    const fetch = vi.fn(async () => value);
    const truto = createTrutoClient({ token: TOKEN, fetch: fetch as never });
    const expected = new TrutoError(`The fetch option returned ${got} instead of a Response (DELETE ${URL_})`);
    const error = await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e: unknown) => e);
    expect(error).toEqual(expected);
    expect(error).not.toBeInstanceOf(TrutoConnectionError);
    expect(fetch).toHaveBeenCalledTimes(1);
    await expect(truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } } })).rejects.toEqual(expected);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("also when returned synchronously, and the attempt's timer and caller link are released", async () => {
    const clear = vi.spyOn(globalThis, "clearTimeout");
    const caller = new AbortController();
    const added = vi.spyOn(caller.signal, "addEventListener");
    const removed = vi.spyOn(caller.signal, "removeEventListener");
    const transport = createTransport({ fetch: (() => "nope") as never, maxRetries: 2, timeoutMs: 1_000, retryNonIdempotent: false, onRetry: undefined });
    await expect(transport(new Request("http://x.test/a", { method: "DELETE" }), undefined, caller.signal)).rejects.toEqual(
      new TrutoError("The fetch option returned string instead of a Response (DELETE http://x.test/a)"),
    );
    expect(clear).toHaveBeenCalledTimes(1);
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });
});
