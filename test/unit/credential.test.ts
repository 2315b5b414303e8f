// src/credential.ts on its own: the Bearer header and what it refuses, readCredential (exactly one
// of the two options, fixed or a function), and token functions: one shared call, failures asked
// again, refreshes shared by calls that got the same 401, abandoned promises, and the bounded list
// of tokens kept for redaction.
import { describe, expect, it, vi } from "vitest";
import { MIN_TOKEN_LENGTH, REMEMBERED_TOKENS, bearerHeader, readCredential } from "../../src/credential.js";
import { TrutoError, TrutoValidationError } from "../../src/errors.js";
import { OTHER_TOKEN, TOKEN } from "../helpers/constants.js";

/** What `call` throws (synchronously), or "accepted". */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return "accepted";
}

/** A token function whose calls wait until the test settles them, in the order they were made. */
function settledByTest() {
  const calls: { resolve: (token: unknown) => void; reject: (error: unknown) => void }[] = [];
  const fn = vi.fn(() => new Promise<string>((resolve, reject) => calls.push({ resolve: resolve as (token: unknown) => void, reject })));
  return { fn, calls };
}

/** A token function giving `tok_live_0001`, `tok_live_0002`… one per call. */
function counting() {
  let n = 0;
  return vi.fn(async () => `tok_live_${String(++n).padStart(4, "0")}`);
}

const EXACTLY_ONE =
  'createTrutoClient: give exactly one of "token" (a Truto API token, for servers) and "integratedAccountToken" (one account\'s token, for browsers)';

describe("bearerHeader", () => {
  it("sends a printable ASCII token as a Bearer header", () => {
    expect(bearerHeader(TOKEN, "token")).toBe(`Bearer ${TOKEN}`);
    // The edges of printable ASCII: "!" (0x21) and "~" (0x7e).
    expect(bearerHeader("!!!!~~~~", "token")).toBe("Bearer !!!!~~~~");
  });

  it(`accepts a token of exactly MIN_TOKEN_LENGTH (${MIN_TOKEN_LENGTH}) characters and refuses one character fewer`, () => {
    expect(MIN_TOKEN_LENGTH).toBe(8);
    expect(bearerHeader("abcdefgh", "token")).toBe("Bearer abcdefgh");
    expect(thrown(() => bearerHeader("abcdefg", "token"))).toEqual(
      new TrutoValidationError("token", `createTrutoClient: "token" must be at least 8 characters (Truto's tokens are longer), got 7`),
    );
    expect(thrown(() => bearerHeader("t", "integratedAccountToken"))).toEqual(
      new TrutoValidationError("integratedAccountToken", `createTrutoClient: "integratedAccountToken" must be at least 8 characters (Truto's tokens are longer), got 1`),
    );
  });

  it.each([
    ["", "an empty string"],
    [undefined, "undefined"],
    [null, "object"],
    [12345678, "number"],
    [{ toString: () => TOKEN }, "object"],
    [() => TOKEN, "function"],
  ])("refuses %j: not a non-empty string", (value, got) => {
    expect(thrown(() => bearerHeader(value, "token"))).toEqual(
      new TrutoValidationError("token", `createTrutoClient: "token" must be a non-empty string (or a function returning one), got ${got}`),
    );
  });

  it.each([
    ["a space", "tok_live 5f2b9c0e"],
    ["a line break", "tok_live_5f2b9c0e\n"],
    ["a CR LF and an injected header", "tok_live\r\nX-Injected: 1"],
    ["a tab", "tok_live\t5f2b9c0e"],
    ["DEL (0x7f)", "tok_live_5f2b9c0e\x7f"],
    ["a control character (0x01)", "tok_live_5f2b9c0e\x01"],
    ["a non-ASCII letter", "tok_live_5f2b9c0é"],
    ["a short token with a space (the characters are checked first)", "a b"],
  ])("refuses a token with %s, naming the option and never the token", (_, value) => {
    const error = thrown(() => bearerHeader(value, "integratedAccountToken"));
    expect(error).toEqual(
      new TrutoValidationError("integratedAccountToken", 'createTrutoClient: "integratedAccountToken" must not contain spaces, line breaks or non-ASCII characters'),
    );
    expect((error as Error).message).not.toContain("tok_live");
  });
});

describe("readCredential", () => {
  it.each([
    ["neither option", {}],
    ["both undefined", { token: undefined, integratedAccountToken: undefined }],
    ["both", { token: TOKEN, integratedAccountToken: OTHER_TOKEN }],
    ["both, one of them null", { token: null, integratedAccountToken: OTHER_TOKEN }],
    ["both as functions", { token: () => TOKEN, integratedAccountToken: () => OTHER_TOKEN }],
  ])("refuses %s", (_, options) => {
    expect(thrown(() => readCredential(options))).toEqual(new TrutoValidationError("token", EXACTLY_ONE));
  });

  it("a fixed API token: its header at once, nothing to refresh, the token kept for redaction", async () => {
    const credential = readCredential({ token: TOKEN });
    expect(credential.option).toBe("token");
    expect(credential.header()).toBe(`Bearer ${TOKEN}`);
    expect(credential.refreshable).toBe(false);
    expect(await credential.refresh(`Bearer ${TOKEN}`)).toBe(`Bearer ${TOKEN}`);
    credential.abandon(`Bearer ${TOKEN}`);
    expect(credential.header()).toBe(`Bearer ${TOKEN}`);
    expect(credential.tokens).toEqual([TOKEN]);
  });

  it("a fixed integrated account token names its own option, also in refusals", () => {
    const credential = readCredential({ integratedAccountToken: OTHER_TOKEN });
    expect(credential.option).toBe("integratedAccountToken");
    expect(credential.header()).toBe(`Bearer ${OTHER_TOKEN}`);
    expect(thrown(() => readCredential({ integratedAccountToken: "short" }))).toEqual(
      new TrutoValidationError("integratedAccountToken", 'createTrutoClient: "integratedAccountToken" must be at least 8 characters (Truto\'s tokens are longer), got 5'),
    );
    expect(thrown(() => readCredential({ token: "" }))).toEqual(
      new TrutoValidationError("token", 'createTrutoClient: "token" must be a non-empty string (or a function returning one), got an empty string'),
    );
  });

  // Found while migrating (src/credential.ts, readCredential: `token ?? integratedAccountToken`):
  // `token: null` is read as the other option's undefined and refused as "got undefined". Fails
  // until the given option's own value is checked.
  it("token: null is refused for what it is, like bearerHeader(null)", () => {
    expect(thrown(() => readCredential({ token: null }))).toEqual(
      new TrutoValidationError("token", 'createTrutoClient: "token" must be a non-empty string (or a function returning one), got object'),
    );
  });

  it("a token function is not called until a header is asked for", () => {
    const fn = vi.fn(() => TOKEN);
    const credential = readCredential({ integratedAccountToken: fn });
    expect(credential.option).toBe("integratedAccountToken");
    expect(credential.refreshable).toBe(true);
    expect(credential.tokens).toEqual([]);
    expect(fn).not.toHaveBeenCalled();
  });
});

describe("token functions", () => {
  it("are called once, and every caller shares that call and its token", async () => {
    const fn = vi.fn(() => TOKEN);
    const credential = readCredential({ token: fn });
    const first = credential.header();
    const second = credential.header();
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBe(first);
    expect(await first).toBe(`Bearer ${TOKEN}`);
    expect(await credential.header()).toBe(`Bearer ${TOKEN}`);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(credential.tokens).toEqual([TOKEN]);
  });

  it("a function that fails is a TrutoError with its cause, and is asked again next time", async () => {
    const cause = new Error("token service down");
    const fn = vi.fn().mockRejectedValueOnce(cause).mockResolvedValueOnce(TOKEN);
    const credential = readCredential({ integratedAccountToken: fn });
    const error = await (credential.header() as Promise<string>).catch((e: unknown) => e);
    expect(error).toEqual(new TrutoError('createTrutoClient: the "integratedAccountToken" function failed'));
    expect(error).toBeInstanceOf(TrutoError);
    expect(error).not.toBeInstanceOf(TrutoValidationError);
    expect((error as Error).cause).toBe(cause);
    expect(await credential.header()).toBe(`Bearer ${TOKEN}`);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(credential.tokens).toEqual([TOKEN]);
  });

  it("a function that throws synchronously fails the same way", async () => {
    const cause = new TypeError("no session");
    const credential = readCredential({
      token: () => {
        throw cause;
      },
    });
    const error = await (credential.header() as Promise<string>).catch((e: unknown) => e);
    expect(error).toEqual(new TrutoError('createTrutoClient: the "token" function failed'));
    expect((error as Error).cause).toBe(cause);
  });

  it.each([
    ["", "must be a non-empty string (or a function returning one), got an empty string"],
    [undefined, "must be a non-empty string (or a function returning one), got undefined"],
    ["tok live 5f2b", "must not contain spaces, line breaks or non-ASCII characters"],
    ["tok_liv", "must be at least 8 characters (Truto's tokens are longer), got 7"],
  ])("a function giving %j is refused like a fixed token, and asked again next time", async (bad, problem) => {
    const fn = vi.fn().mockResolvedValueOnce(bad).mockResolvedValueOnce(TOKEN);
    const credential = readCredential({ token: fn });
    const error = await (credential.header() as Promise<string>).catch((e: unknown) => e);
    expect(error).toEqual(new TrutoValidationError("token", `createTrutoClient: "token" ${problem}`));
    expect(credential.tokens).toEqual([]);
    expect(await credential.header()).toBe(`Bearer ${TOKEN}`);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("abandon() drops the pending promise, so the next caller asks again (a call stopped waiting for it)", async () => {
    const { fn, calls } = settledByTest();
    const credential = readCredential({ token: fn });
    const stuck = credential.header();
    credential.abandon(stuck);
    const next = credential.header();
    expect(next).not.toBe(stuck);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(TOKEN);
    expect(await next).toBe(`Bearer ${TOKEN}`);
    // The abandoned call answering late gives its token to nobody waiting, but it is still a token the client may have sent.
    calls[0]!.resolve(OTHER_TOKEN);
    expect(await stuck).toBe(`Bearer ${OTHER_TOKEN}`);
    expect(credential.header()).toBe(next);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("abandon() of a promise that is no longer the shared one keeps the shared one", async () => {
    const { fn, calls } = settledByTest();
    const credential = readCredential({ token: fn });
    const old = credential.header();
    credential.abandon(old);
    const current = credential.header();
    credential.abandon(old);
    credential.abandon(`Bearer ${TOKEN}`);
    expect(credential.header()).toBe(current);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(TOKEN);
    expect(await credential.header()).toBe(`Bearer ${TOKEN}`);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe("token functions: refresh after a 401", () => {
  it("gets a new token and keeps it for later calls", async () => {
    const fn = counting();
    const credential = readCredential({ token: fn });
    expect(await credential.header()).toBe("Bearer tok_live_0001");
    expect(await credential.refresh("Bearer tok_live_0001")).toBe("Bearer tok_live_0002");
    expect(await credential.header()).toBe("Bearer tok_live_0002");
    expect(fn).toHaveBeenCalledTimes(2);
    expect(credential.tokens).toEqual(["tok_live_0001", "tok_live_0002"]);
  });

  it("calls that got the same 401 share one call of the function", async () => {
    const fn = counting();
    const credential = readCredential({ token: fn });
    const stale = await credential.header();
    const refreshes = [credential.refresh(stale), credential.refresh(stale), credential.refresh(stale)];
    expect(refreshes[1]).toBe(refreshes[0]);
    expect(refreshes[2]).toBe(refreshes[0]);
    expect(await Promise.all(refreshes)).toEqual(["Bearer tok_live_0002", "Bearer tok_live_0002", "Bearer tok_live_0002"]);
    // Still the same 401 once the refresh is done: no new call.
    expect(await credential.refresh(stale)).toBe("Bearer tok_live_0002");
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("a 401 for a token older than the latest needs no new call of the function", async () => {
    const fn = counting();
    const credential = readCredential({ token: fn });
    expect(await credential.header()).toBe("Bearer tok_live_0001");
    expect(await credential.refresh("Bearer tok_live_0001")).toBe("Bearer tok_live_0002");
    expect(await credential.refresh("Bearer tok_live_0002")).toBe("Bearer tok_live_0003");
    // A late 401 for tok_live_0001 (sent before both refreshes) gets the latest token.
    expect(await credential.refresh("Bearer tok_live_0001")).toBe("Bearer tok_live_0003");
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it("a 401 for the latest token asks again, even when an earlier refresh started from another one", async () => {
    const fn = counting();
    const credential = readCredential({ token: fn });
    await credential.header();
    expect(await credential.refresh("Bearer tok_live_0001")).toBe("Bearer tok_live_0002");
    expect(await credential.refresh("Bearer tok_live_0002")).toBe("Bearer tok_live_0003");
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it("a refresh before the function has given any token starts a call of its own, even while the first one runs", async () => {
    const { fn, calls } = settledByTest();
    const credential = readCredential({ token: fn });
    const first = credential.header();
    const refreshed = credential.refresh("Bearer from-elsewhere");
    expect(refreshed).not.toBe(first);
    expect(calls).toHaveLength(2);
    calls[0]!.resolve(TOKEN);
    calls[1]!.resolve(OTHER_TOKEN);
    expect(await first).toBe(`Bearer ${TOKEN}`);
    expect(await refreshed).toBe(`Bearer ${OTHER_TOKEN}`);
  });

  it("a refresh with nothing pending asks the function, whatever the stale header", async () => {
    const fn = counting();
    const credential = readCredential({ token: fn });
    expect(await credential.refresh("Bearer never-sent")).toBe("Bearer tok_live_0001");
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("a refresh that gave back the token that got the 401 is not reused: the next 401 for it calls the function again", async () => {
    // A source that lags once (a cache, a revoked token not yet replaced), then catches up.
    const fn = vi.fn().mockResolvedValueOnce(TOKEN).mockResolvedValueOnce(TOKEN).mockResolvedValueOnce(OTHER_TOKEN);
    const credential = readCredential({ token: fn });
    expect(await credential.header()).toBe(`Bearer ${TOKEN}`);
    expect(await credential.refresh(`Bearer ${TOKEN}`)).toBe(`Bearer ${TOKEN}`);
    expect(await credential.refresh(`Bearer ${TOKEN}`)).toBe(`Bearer ${OTHER_TOKEN}`);
    expect(await credential.header()).toBe(`Bearer ${OTHER_TOKEN}`);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it("a failed refresh is not kept: the next refresh for the same stale token calls the function again", async () => {
    const fn = vi.fn().mockResolvedValueOnce(TOKEN).mockRejectedValueOnce(new Error("down")).mockResolvedValueOnce(OTHER_TOKEN);
    const credential = readCredential({ token: fn });
    expect(await credential.header()).toBe(`Bearer ${TOKEN}`);
    await expect(credential.refresh(`Bearer ${TOKEN}`)).rejects.toThrow(new TrutoError('createTrutoClient: the "token" function failed'));
    expect(await credential.refresh(`Bearer ${TOKEN}`)).toBe(`Bearer ${OTHER_TOKEN}`);
    expect(await credential.header()).toBe(`Bearer ${OTHER_TOKEN}`);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(credential.tokens).toEqual([TOKEN, OTHER_TOKEN]);
  });

  // Found while migrating (src/credential.ts, ask(): `latest` is set by any call that answers,
  // also one that was abandoned or overtaken): the late answer makes the current token look
  // "older than the latest", so its 401 is answered with the current token itself: no resend, and
  // every later 401 the same, for good. Fails until `latest` is set only by the current call.
  it.each([
    ["an abandoned call", "abandon"],
    ["an overtaken call", "overtake"],
  ])("%s that answers late does not stop a 401 for the current token from asking again", async (_, how) => {
    const { fn, calls } = settledByTest();
    const credential = readCredential({ token: fn });
    const late = credential.header();
    if (how === "abandon") credential.abandon(late);
    const current = how === "abandon" ? credential.header() : credential.refresh("Bearer from-elsewhere");
    expect(calls).toHaveLength(2);
    calls[1]!.resolve("tok_live_current");
    expect(await current).toBe("Bearer tok_live_current");
    calls[0]!.resolve("tok_live_late");
    expect(await late).toBe("Bearer tok_live_late");
    const refreshed = credential.refresh("Bearer tok_live_current");
    expect(calls).toHaveLength(3);
    calls[2]!.resolve("tok_live_fresh");
    expect(await refreshed).toBe("Bearer tok_live_fresh");
  });

  it("an older call failing after a newer one gave a token does not drop that token", async () => {
    const { fn, calls } = settledByTest();
    const credential = readCredential({ token: fn });
    const first = credential.header();
    const refreshed = credential.refresh("Bearer from-elsewhere");
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(OTHER_TOKEN);
    expect(await refreshed).toBe(`Bearer ${OTHER_TOKEN}`);
    calls[0]!.reject(new Error("slow failure"));
    await expect(first).rejects.toThrow(new TrutoError('createTrutoClient: the "token" function failed'));
    expect(await credential.header()).toBe(`Bearer ${OTHER_TOKEN}`);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe("tokens kept for redaction", () => {
  it("lists each token once, however often the function gives it", async () => {
    const fn = vi.fn(() => TOKEN);
    const credential = readCredential({ token: fn });
    expect(await credential.header()).toBe(`Bearer ${TOKEN}`);
    expect(await credential.refresh(`Bearer ${TOKEN}`)).toBe(`Bearer ${TOKEN}`);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(credential.tokens).toEqual([TOKEN]);
  });

  it(`keeps at most REMEMBERED_TOKENS (${REMEMBERED_TOKENS}), the newest last`, async () => {
    expect(REMEMBERED_TOKENS).toBe(8);
    const fn = counting();
    const credential = readCredential({ token: fn });
    let stale = await credential.header();
    for (let i = 2; i <= 8; i++) stale = await credential.refresh(stale);
    const eight = ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008"].map((n) => `tok_live_${n}`);
    expect(credential.tokens).toEqual(eight);
    stale = await credential.refresh(stale);
    expect(credential.tokens).toEqual([...eight.slice(1), "tok_live_0009"]);
    for (let i = 10; i <= 30; i++) stale = await credential.refresh(stale);
    expect(stale).toBe("Bearer tok_live_0030");
    expect(credential.tokens).toEqual(["0023", "0024", "0025", "0026", "0027", "0028", "0029", "0030"].map((n) => `tok_live_${n}`));
  });

  it("a token given again moves to the end, and is not listed twice", async () => {
    const given = ["tok_live_aaaa", "tok_live_bbbb", "tok_live_cccc", "tok_live_aaaa"];
    const credential = readCredential({ token: async () => given.shift()! });
    let stale = await credential.header();
    for (let i = 0; i < 3; i++) stale = await credential.refresh(stale);
    expect(stale).toBe("Bearer tok_live_aaaa");
    expect(credential.tokens).toEqual(["tok_live_bbbb", "tok_live_cccc", "tok_live_aaaa"]);
  });

  it("a token given again when the list is full stays in the list, moved to the end, and nothing else is dropped", async () => {
    const given = ["1", "2", "3", "4", "5", "6", "7", "8", "3"].map((n) => `tok_live_000${n}`);
    const credential = readCredential({ token: async () => given.shift()! });
    let stale = await credential.header();
    for (let i = 0; i < 8; i++) stale = await credential.refresh(stale);
    expect(credential.tokens).toEqual(["1", "2", "4", "5", "6", "7", "8", "3"].map((n) => `tok_live_000${n}`));
  });
});
