// src/headers.ts on its own: readHeaders (a plain object or a Headers, read into one plain record;
// names must be HTTP tokens, values RFC 9110 field text; errors name the header, never its value;
// Authorization always dropped), addHeaders() and headerValue().
import { describe, expect, it } from "vitest";
import { TrutoValidationError } from "../../src/errors.js";
import { addHeaders, headerValue, readHeaders, type HeadersInput } from "../../src/headers.js";

const AT = "crm.engagements.delete";
const SECRET = "s3cret-value";

/** What `readHeaders(value)` throws, checked to hold neither the secret nor what follows a line break. */
function refusal(value: unknown, at = AT): TrutoValidationError {
  let error: unknown;
  try {
    readHeaders(value as HeadersInput, at);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(TrutoValidationError);
  for (const text of [String(error), JSON.stringify(error), (error as Error).stack]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("Injected");
  }
  return error as TrutoValidationError;
}

const notARecord = (got: string, at = AT) =>
  new TrutoValidationError("headers", `${at}: "headers" must be a plain object of header names and values (or a Headers), e.g. { "x-app": "crm-sync" }, got ${got}`);
const badValue = (name: string, at = AT) =>
  new TrutoValidationError("headers", `${at}: header "${name}" must not contain CR, LF, NUL, other control characters or characters above U+00FF (its value is not shown)`);
const badName = (start: string, at = AT) => new TrutoValidationError("headers", `${at}: header name must be letters, digits and !#$%&'*+-.^_\`|~ only; the one starting "${start}" is not`);
const notText = (name: string, got: string) => new TrutoValidationError("headers", `${AT}: header "${name}" must be a string, got ${got}`);

describe("readHeaders: what it accepts", () => {
  it("reads a plain object into a record of text; arrays kept, null kept (it removes a header given earlier), undefined left out", () => {
    const read = readHeaders({ "x-app": "crm-sync", "X-Count": 3, "x-flag": true, "x-off": false, "x-list": ["a", 1, false], "x-none": undefined, "x-null": null }, AT);
    expect(read).toEqual({ "x-app": "crm-sync", "X-Count": "3", "x-flag": "true", "x-off": "false", "x-list": ["a", "1", "false"], "x-null": null });
    expect(Object.keys(read)).toEqual(["x-app", "X-Count", "x-flag", "x-off", "x-list", "x-null"]);
  });

  it("reads a Headers (names lower-cased by it, repeated values joined by it)", () => {
    const headers = new Headers([
      ["X-App", "crm-sync"],
      ["x-list", "a"],
      ["x-list", "b"],
    ]);
    expect(readHeaders(headers, AT)).toEqual({ "x-app": "crm-sync", "x-list": "a, b" });
  });

  // The undici package's Headers (a fetch option from `import { fetch, Headers } from "undici"`),
  // node-fetch's, another realm's (an iframe): not this realm's class, refused as "got a Headers".
  it("reads a Headers of another implementation or realm (its toStringTag is Headers)", () => {
    const Foreign = class Headers {
      readonly #inner: globalThis.Headers;
      constructor(init: [string, string][]) {
        this.#inner = new globalThis.Headers(init);
      }
      get [Symbol.toStringTag]() {
        return "Headers";
      }
      entries() {
        return this.#inner.entries();
      }
    };
    const foreign = new Foreign([["X-App", "crm-sync"], ["x-list", "a"], ["x-list", "b"]]);
    expect(foreign).not.toBeInstanceOf(Headers);
    expect(readHeaders(foreign as unknown as HeadersInput, AT)).toEqual({ "x-app": "crm-sync", "x-list": "a, b" });
  });

  it("reads an empty or null-prototype object as no headers, and returns a new record", () => {
    expect(readHeaders({}, AT)).toEqual({});
    expect(readHeaders(Object.create(null) as HeadersInput, AT)).toEqual({});
    const given = { "x-app": "a" };
    expect(readHeaders(given, AT)).not.toBe(given);
  });

  it.each([
    ["Authorization"],
    ["authorization"],
    ["AUTHORIZATION"],
    ["aUtHoRiZaTiOn"],
  ])("drops %s: the client always sends its own token", (name) => {
    expect(readHeaders({ [name]: "Bearer someone-else", "x-app": "a" }, AT)).toEqual({ "x-app": "a" });
    expect(readHeaders({ [name]: null }, AT)).toEqual({});
    expect(readHeaders(new Headers({ [name]: "Bearer someone-else" }), AT)).toEqual({});
  });

  it("keeps a header whose name only contains 'authorization'", () => {
    expect(readHeaders({ "x-authorization": "a", "proxy-authorization": "b" }, AT)).toEqual({ "x-authorization": "a", "proxy-authorization": "b" });
  });

  it("accepts every character of RFC 9110 field text: tab, space, visible ASCII, and 0x80-0xFF", () => {
    const text = `\t ${Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join("")}\x80é\xff`;
    expect(readHeaders({ "x-text": text, "x-empty": "" }, AT)).toEqual({ "x-text": text, "x-empty": "" });
  });

  it("accepts every character of an HTTP token in a name", () => {
    const name = "!#$%&'*+-.^_`|~09AZaz";
    expect(readHeaders({ [name]: "v" }, AT)).toEqual({ [name]: "v" });
  });
});

describe("readHeaders: what it refuses", () => {
  it.each([
    [[["x-app", "a"]], "an array"],
    [new Map([["x-app", "a"]]), "a Map"],
    ["x-app: a", "string"],
    [null, "null"],
    [42, "number"],
    [new FormData(), "a FormData"],
    [new Error("x"), "an Error"],
    [new (class Widget {})(), "a Widget"],
    [() => ({}), "function"],
  ])("refuses a non-record %#, naming what came", (value, got) => {
    expect(refusal(value)).toEqual(notARecord(got));
  });

  // Node's fetch (undici) throws on these at send time ("fetch failed": a lost connection, retried);
  // browsers drop them silently. fetch sets the connection and the body's framing itself.
  it.each([
    ["Transfer-Encoding", "chunked"],
    ["transfer-encoding", "identity"],
    ["Keep-Alive", "timeout=5"],
    ["Upgrade", "websocket"],
    ["Expect", "100-continue"],
    ["Content-Length", "42"],
    ["CONTENT-LENGTH", ["0"]],
  ])("refuses %j, which fetch sets itself (its value not shown)", (name, value) => {
    const given = Array.isArray(value) ? value : `${value} ${SECRET}`;
    expect(refusal({ [name]: given })).toEqual(new TrutoValidationError("headers", `${AT}: header "${name}" is set by fetch itself (the connection and the body's framing); leave it out`));
    expect(refusal(new Headers({ [name]: `${value}` }))).toEqual(new TrutoValidationError("headers", `${AT}: header "${name.toLowerCase()}" is set by fetch itself (the connection and the body's framing); leave it out`));
  });

  it.each([["upgrade"], ["close, Upgrade"], [""], [["close", "x"]]])("refuses a Connection of %j: only close or keep-alive", (value) => {
    expect(refusal({ Connection: value })).toEqual(new TrutoValidationError("headers", `${AT}: header "Connection" must be close or keep-alive (fetch refuses any other)`));
  });

  it("reads a Connection value as fetch does, spaces around it trimmed; a list's values stay apart", () => {
    expect(readHeaders({ Connection: " close " }, AT)).toEqual({ Connection: " close " });
    expect(refusal({ Connection: ["keep-", "alive"] })).toEqual(new TrutoValidationError("headers", `${AT}: header "Connection" must be close or keep-alive (fetch refuses any other)`));
  });

  it("refuses an object that only says it is a Headers (no entries to read)", () => {
    const pretender = new (class {
      get [Symbol.toStringTag]() {
        return "Headers";
      }
    })();
    expect(refusal(pretender)).toEqual(notARecord("a non-plain object"));
  });

  it("takes Connection: close or keep-alive (any letter case), and null for those fetch sets (nothing is sent)", () => {
    expect(readHeaders({ Connection: "close", connection: "Keep-Alive", "Transfer-Encoding": null, Expect: undefined }, AT)).toEqual({ Connection: "close", connection: "Keep-Alive", "Transfer-Encoding": null });
  });

  it("names the caller it is told", () => {
    expect(refusal([], "createTrutoClient")).toEqual(notARecord("an array", "createTrutoClient"));
  });

  it.each([
    ["a CR LF and an injected header", `${SECRET}\r\nX-Injected: 1`],
    ["a LF", `${SECRET}\n`],
    ["a CR", `a\r${SECRET}`],
    ["a NUL", `a\0${SECRET}`],
    ["0x01", `${SECRET}\x01`],
    ["0x1f", `${SECRET}\x1f`],
    ["DEL (0x7f)", `${SECRET}\x7f`],
    ["U+0100, just above Latin-1", `${SECRET}\u0100`],
    ["an emoji", `${SECRET}🚀`],
    ["a CR LF in one item of an array", ["ok", `${SECRET}\r\nX-Injected: 1`]],
  ])("refuses a value with %s, naming the header, never the value", (_, value) => {
    expect(refusal({ "x-trace": value })).toEqual(badValue("x-trace"));
  });

  it("reads numbers as their text", () => {
    expect(readHeaders({ "x-n": 1.5, "x-big": 1e21, "x-neg": -0 }, AT)).toEqual({ "x-n": "1.5", "x-big": "1e+21", "x-neg": "0" });
  });

  it.each([
    ["x-a\r\nAuthorization: Bearer stolen", "x-a"],
    [`x-a\r\nX-Injected: ${SECRET}`, "x-a"],
    ["x a", "x"],
    ["\nx", ""],
    ["x:y", "x"],
    ["", ""],
    ["ü", ""],
    ["x(y)", "x"],
    ['x"y', "x"],
    ["x/y", "x"],
    ["x@y", "x"],
    ["x[y]", "x"],
    ["x{y}", "x"],
    ["x,y", "x"],
    ["x;y", "x"],
    ["x=y", "x"],
    ["x?y", "x"],
    ["x\\y", "x"],
  ])("refuses the name %j, naming only its valid start", (name, start) => {
    expect(refusal({ [name]: "v" })).toEqual(badName(start));
  });

  it("names at most the first 40 characters of a bad name", () => {
    const long = `${"a".repeat(45)}\r\nX-Injected: 1`;
    expect(refusal({ [long]: "v" })).toEqual(badName("a".repeat(40)));
  });

  it("checks a name even when its value is undefined or null", () => {
    expect(refusal({ "x a": undefined })).toEqual(badName("x"));
    expect(refusal({ "x a": null })).toEqual(badName("x"));
  });

  it.each([
    [{ a: 1 }, "an object"],
    [Object.create(null), "an object"],
    [{ constructor: {} }, "an object"],
    [[["a"]], "an array"],
    [["a", null], "null"],
    [["a", undefined], "undefined"],
    [Symbol("s"), "symbol"],
    [10n, "bigint"],
    [() => "v", "function"],
    [new Date(0), "a Date"],
    [new (class Widget {})(), "a Widget"],
    [new (class {})(), "a non-plain object"],
    [new String("v"), "a String"],
  ])("refuses a value that is not text (%#), naming what came", (value, got) => {
    expect(refusal({ "x-v": value })).toEqual(notText("x-v", got));
  });
});

describe("addHeaders", () => {
  it("puts the added headers over the base: one of the same name replaces the base's whatever either's letter case; the base is not changed", () => {
    const base = { "X-Tags": "client", "x-app": "crm-sync", Accept: "application/json" };
    expect(addHeaders(base, { "x-tags": ["b", "c"], ACCEPT: null, "x-trace": "t1" })).toStrictEqual({ "x-app": "crm-sync", "x-tags": ["b", "c"], ACCEPT: null, "x-trace": "t1" });
    expect(addHeaders(base, {})).toStrictEqual(base);
    expect(base).toStrictEqual({ "X-Tags": "client", "x-app": "crm-sync", Accept: "application/json" });
  });
});

describe("headerValue", () => {
  it("finds a header whatever the letter case of its key, and says which key holds it", () => {
    const headers = { "x-app": "a", "Idempotency-KEY": "k1" };
    expect(headerValue(headers, "Idempotency-Key")).toEqual({ key: "Idempotency-KEY", value: "k1" });
    expect(headerValue(headers, "X-APP")).toEqual({ key: "x-app", value: "a" });
  });

  it("gives null and arrays as they are, and undefined when absent", () => {
    expect(headerValue({ "x-null": null }, "X-Null")).toEqual({ key: "x-null", value: null });
    expect(headerValue({ "x-list": ["a", "b"] }, "x-list")).toEqual({ key: "x-list", value: ["a", "b"] });
    expect(headerValue({ "x-app": "a" }, "x-ap")).toBeUndefined();
    expect(headerValue({}, "x-app")).toBeUndefined();
  });

  it("gives the first of two keys that differ only in case", () => {
    expect(headerValue({ "X-Key": "1", "x-key": "2" }, "x-key")).toEqual({ key: "X-Key", value: "1" });
  });
});
