// src/redact.ts on its own: every token the client has sent is scrubbed from what an error reports,
// strings and parsed JSON (values and keys, any depth, tokens with `"` or `\`), and response
// headers (values and names, names whatever their letter case). The wire side is in
// test/client/redaction.test.ts.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { TrutoApiError } from "../../src/errors.js";
import { scrubHeaders, scrubTokens, tokenStartAtEnd } from "../../src/redact.js";
import { OTHER_TOKEN, TOKEN } from "../helpers/constants.js";

describe("scrubTokens", () => {
  it.each([TOKEN, OTHER_TOKEN, "tok_with-dash.dot~1"])("scrubs the token %j from text and from JSON, at any depth", (token) => {
    expect(scrubTokens(`Bearer ${token} is invalid; ${token}`, [token])).toBe("Bearer [REDACTED] is invalid; [REDACTED]");
    expect(scrubTokens({ message: `bad ${token}`, nested: [{ echo: token }, [[`x${token}x`]]] }, [token])).toEqual({
      message: "bad [REDACTED]",
      nested: [{ echo: "[REDACTED]" }, [["x[REDACTED]x"]]],
    });
  });

  it("scrubs every token it is given", () => {
    const body = { message: `old ${TOKEN}, new ${OTHER_TOKEN}`, [TOKEN]: OTHER_TOKEN };
    expect(scrubTokens(body, [TOKEN, OTHER_TOKEN])).toEqual({ message: "old [REDACTED], new [REDACTED]", "[REDACTED]": "[REDACTED]" });
    expect(scrubTokens(`${TOKEN}${OTHER_TOKEN}`, [TOKEN, OTHER_TOKEN])).toBe("[REDACTED][REDACTED]");
    expect(scrubTokens(`${TOKEN}`, [])).toBe(TOKEN);
  });

  // A token function may give a token that holds an earlier one (a suffix added on refresh): scrubbing
  // the shorter first would turn the longer into "[REDACTED]" and its rest, the rest left in plain.
  it("scrubs a token that holds another whole, whatever their order: the longer first", () => {
    const longer = `${TOKEN}_v2`;
    for (const tokens of [[TOKEN, longer], [longer, TOKEN]]) {
      expect(scrubTokens(`new ${longer}, old ${TOKEN}`, tokens)).toBe("new [REDACTED], old [REDACTED]");
      expect(scrubTokens({ echo: `Bearer ${longer}` }, tokens)).toEqual({ echo: "Bearer [REDACTED]" });
      const headers = scrubHeaders(new Headers({ "x-echo": `Bearer ${longer}`, [`x-${longer}`]: "1" }), tokens);
      expect([...headers]).toEqual([["x-echo", "Bearer [REDACTED]"], ["x-redacted", "1"]]);
    }
  });

  it.each(['tok_ab"cd12', "tok_ab\\cd12", 'tok_"\\"\\xx', "tok_a\\u0041b"])("scrubs a token with quotes or backslashes (%j) from JSON, keys included", (token) => {
    const body = { statusCode: 401, message: `Invalid token ${token}`, raw_response: { header: `Bearer ${token}`, [token]: 1 } };
    const scrubbed = scrubTokens(body, [token]);
    expect(scrubbed).toEqual({ statusCode: 401, message: "Invalid token [REDACTED]", raw_response: { header: "Bearer [REDACTED]", "[REDACTED]": 1 } });
    expect(JSON.stringify(scrubbed)).not.toContain(JSON.stringify(token).slice(1, -1));
    expect(inspect(scrubbed, { depth: 10 })).not.toContain(token);
  });

  it("does not take a JSON-escaped look-alike for the token", () => {
    // The text `tok_a\"b` in JSON is the value tok_a"b: only that value is the token tok_a"b.
    const body = { a: 'tok_a\\"bcdef', b: 'tok_a"bcdef' };
    expect(scrubTokens(body, ['tok_a"bcdef'])).toEqual({ a: 'tok_a\\"bcdef', b: "[REDACTED]" });
  });

  it("keeps a __proto__ key a key, and leaves values without the token untouched (the same object)", () => {
    const body = JSON.parse(`{"__proto__": {"x": "${TOKEN}"}, "y": 1}`) as object;
    const scrubbed = scrubTokens(body, [TOKEN]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(scrubbed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(scrubbed, "__proto__")?.value).toEqual({ x: "[REDACTED]" });
    const clean = { message: "fine", list: [1, "two"] };
    expect(scrubTokens(clean, [TOKEN])).toBe(clean);
  });

  it("a copy when the token is found: the caller's object is left as it was", () => {
    const body = { message: `bad ${TOKEN}` };
    const scrubbed = scrubTokens(body, [TOKEN]);
    expect(scrubbed).not.toBe(body);
    expect(body.message).toBe(`bad ${TOKEN}`);
  });

  it("scalars: numbers and booleans whose text holds the token become that text scrubbed; others are kept", () => {
    expect(scrubTokens(undefined, [TOKEN])).toBeUndefined();
    expect(scrubTokens(null, [TOKEN])).toBeNull();
    expect(scrubTokens(42, ["12345678"])).toBe(42);
    expect(scrubTokens(9123456780, ["12345678"])).toBe("9[REDACTED]0");
    expect(scrubTokens(true, ["true1234"])).toBe(true);
    expect(scrubTokens({ code: 9123456780, ok: true, none: null }, ["12345678"])).toEqual({ code: "9[REDACTED]0", ok: true, none: null });
    expect(scrubTokens("", [TOKEN])).toBe("");
  });

  it("arrays at the top level", () => {
    expect(scrubTokens([TOKEN, { t: TOKEN }, 1], [TOKEN])).toEqual(["[REDACTED]", { t: "[REDACTED]" }, 1]);
  });
});

describe("scrubHeaders", () => {
  it("replaces the token in every value and name, and returns the same Headers when none holds it", () => {
    const echoed = new Headers({ "x-request-id": `req-${TOKEN}`, "x-debug-auth": `Bearer ${TOKEN}`, [`x-${TOKEN}`]: "1", "retry-after": "3" });
    const scrubbed = scrubHeaders(echoed, [TOKEN]);
    expect(scrubbed).not.toBe(echoed);
    expect([...scrubbed]).toEqual([
      ["retry-after", "3"],
      ["x-debug-auth", "Bearer [REDACTED]"],
      ["x-redacted", "1"],
      ["x-request-id", "req-[REDACTED]"],
    ]);
    expect(echoed.get("x-request-id")).toBe(`req-${TOKEN}`);
    const clean = new Headers({ "x-request-id": "req_1" });
    expect(scrubHeaders(clean, [TOKEN])).toBe(clean);
  });

  it("scrubs every token given, in values and names", () => {
    const headers = new Headers({ "x-old": TOKEN, "x-new": `${OTHER_TOKEN};${TOKEN}`, [`x-${OTHER_TOKEN}`]: "v" });
    expect([...scrubHeaders(headers, [TOKEN, OTHER_TOKEN])]).toEqual([
      ["x-new", "[REDACTED];[REDACTED]"],
      ["x-old", "[REDACTED]"],
      ["x-redacted", "v"],
    ]);
  });

  it("finds a token when only one of several is there", () => {
    const headers = new Headers({ "x-echo": `Bearer ${OTHER_TOKEN}` });
    expect([...scrubHeaders(headers, [TOKEN, OTHER_TOKEN])]).toEqual([["x-echo", "Bearer [REDACTED]"]]);
    const named = new Headers({ [`x-${TOKEN}`]: "1" });
    expect([...scrubHeaders(named, [OTHER_TOKEN, TOKEN])]).toEqual([["x-redacted", "1"]]);
  });

  it("keeps repeated headers (set-cookie) one line each", () => {
    const headers = new Headers();
    headers.append("set-cookie", `a=${TOKEN}`);
    headers.append("set-cookie", "b=2");
    const scrubbed = scrubHeaders(headers, [TOKEN]);
    expect(scrubbed.getSetCookie()).toEqual(["a=[REDACTED]", "b=2"]);
  });

  // Issue item 11: a token echoed into a header NAME in another letter case. Headers lower-cases
  // names, so `x-SeCrEt-Tok…` arrives as `x-secret-tok…`; the old code (767c348) looked for the
  // token as given (`name.includes(token)`), never found it, and the error's headers kept it.
  it("issue item 11: a token with capitals echoed into a header name is scrubbed from the lower-cased name", () => {
    const token = "SeCrEt-Tok_9f3a";
    const headers = new Headers([[`x-${token}`, "1"], ["x-request-id", "req_1"]]);
    expect([...headers.keys()]).toEqual(["x-request-id", "x-secret-tok_9f3a"]);
    const scrubbed = scrubHeaders(headers, [token]);
    expect([...scrubbed]).toEqual([
      ["x-redacted", "1"],
      ["x-request-id", "req_1"],
    ]);
    expect([...scrubbed].join()).not.toContain(token.toLowerCase());
  });

  it("issue item 11: only the name is matched whatever its case; a value is matched as the token is", () => {
    const token = "SeCrEt-Tok_9f3a";
    const headers = new Headers({ "x-echo": token.toLowerCase(), "x-exact": token });
    expect([...scrubHeaders(headers, [token])]).toEqual([
      ["x-echo", token.toLowerCase()],
      ["x-exact", "[REDACTED]"],
    ]);
  });

  it("an error built from scrubbed headers and body has no token in requestId, headers, JSON or inspect", () => {
    const token = 'tok_sk"q\\1';
    const headers = scrubHeaders(new Headers({ "x-request-id": token, "set-cookie": `a=${token}` }), [token]);
    const error = TrutoApiError.fromResponse({
      status: 500,
      body: scrubTokens({ statusCode: 500, error: "x", message: `no ${token}` }, [token]),
      headers,
      method: "DELETE",
      url: "http://x.test/a",
    });
    expect(error.requestId).toBe("[REDACTED]");
    expect(error.message).toBe("500 no [REDACTED]");
    for (const text of [JSON.stringify(error), inspect(error, { depth: 10 }), String(error.stack), [...error.headers].join()]) expect(text).not.toContain(token);
  });
});

describe("tokenStartAtEnd: how much of a cut text's end begins a token", () => {
  it("the longest end that begins any of the tokens, the whole token included", () => {
    expect(tokenStartAtEnd(`echo: ${TOKEN.slice(0, 9)}`, [TOKEN])).toBe(9);
    expect(tokenStartAtEnd(`echo: ${TOKEN}`, [TOKEN])).toBe(TOKEN.length);
    expect(tokenStartAtEnd(`echo: ${OTHER_TOKEN.slice(0, 12)}`, [TOKEN, OTHER_TOKEN])).toBe(12);
    // "ab" begins the first token, "cab" the second: the longer counts, in either order.
    expect(tokenStartAtEnd("xcab", ["abc12345", "cab12345"])).toBe(3);
    expect(tokenStartAtEnd("xcab", ["cab12345", "abc12345"])).toBe(3);
    expect(tokenStartAtEnd("x t", [TOKEN])).toBe(1);
  });

  it("0 when no end of the text begins a token, for no tokens, and for an empty text", () => {
    expect(tokenStartAtEnd("echo: live_5f2b", [TOKEN])).toBe(0);
    expect(tokenStartAtEnd(`${TOKEN} and more`, [TOKEN])).toBe(0);
    expect(tokenStartAtEnd("tok_live", [])).toBe(0);
    expect(tokenStartAtEnd("", [TOKEN])).toBe(0);
  });

  it("a text shorter than the token: its whole length when it is the token's beginning", () => {
    expect(tokenStartAtEnd("tok", [TOKEN])).toBe(3);
    expect(tokenStartAtEnd("xtok", [TOKEN])).toBe(3);
  });
});
