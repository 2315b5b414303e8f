// Client options are checked at createTrutoClient: each bad one is a TrutoValidationError naming
// it (never a silent drop or a failure on every later call).
import { describe, expect, it, vi } from "vitest";
import { TrutoValidationError, createTrutoClient } from "../../src/index.js";
import { readBaseUrl, readClientOptions, readHeaders } from "../../src/options.js";

const TOKEN = "tok_live_5f2b9c0e41d8a7";
const create = (options: object) => () => createTrutoClient({ token: TOKEN, ...options } as never);

describe("baseUrl", () => {
  it.each(["https://api.truto.one/?", "https://api.truto.one/#", "https://api.truto.one?", "https://api.truto.one#", "https://api.truto.one/v1?#"])(
    "refuses a bare trailing ? or # (%j)",
    (baseUrl) => {
      expect(create({ baseUrl })).toThrow(
        new TrutoValidationError("baseUrl", 'createTrutoClient: "baseUrl" must be an absolute http(s) URL without query, fragment or credentials, e.g. https://api.truto.one'),
      );
    },
  );

  it("still accepts a path prefix", () => {
    expect(create({ baseUrl: "https://proxy.example/truto/" })).not.toThrow();
  });
});

describe("retryNonIdempotent", () => {
  it.each([["yes"], [1], ["false"]])("refuses %j at creation and per call", async (value) => {
    expect(create({ retryNonIdempotent: value })).toThrow(new TrutoValidationError("retryNonIdempotent", 'createTrutoClient: "retryNonIdempotent" must be true or false'));
    const fetch = vi.fn();
    const call = createTrutoClient({ token: TOKEN, fetch }).crm.engagements.delete("1", { integrated_account_id: "62f44730-dd91-461e-bd6a-aedd9e0ad79d" }, { retryNonIdempotent: value as never });
    await expect(call).rejects.toThrow(new TrutoValidationError("retryNonIdempotent", 'crm.engagements.delete: "retryNonIdempotent" must be true or false'));
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("readClientOptions", () => {
  it("defaults fetch to globalThis.fetch and logger to console", () => {
    const read = readClientOptions({});
    expect(read.fetch).toBe(globalThis.fetch);
    expect(read.logger).toBe(console);
    expect(read.headers).toBeUndefined();
  });

  it.each([["nope"], [{}], [null]])("refuses fetch: %j", (fetch) => {
    expect(() => readClientOptions({ fetch })).toThrow(
      new TrutoValidationError("fetch", 'createTrutoClient: "fetch" must be a function (input: Request, init?: RequestInit) => Promise<Response>'),
    );
  });

  it.each([[{}], ["console"], [null], [{ warn: "loud" }]])("refuses logger: %j", (logger) => {
    expect(() => readClientOptions({ logger })).toThrow(new TrutoValidationError("logger", 'createTrutoClient: "logger" must be an object with a warn(message) method, e.g. console'));
  });
});

describe("readHeaders", () => {
  it("returns a plain record of text; arrays kept, null kept (it unsets), undefined and Authorization left out", () => {
    const read = readHeaders(
      { "x-app": "crm-sync", "X-Count": 3, "x-flag": true, "x-list": ["a", 1], "x-none": undefined, "x-null": null, Authorization: "Bearer other", authorization: "x" },
      "createTrutoClient",
    );
    expect(read).toEqual({ "x-app": "crm-sync", "X-Count": "3", "x-flag": "true", "x-list": ["a", "1"], "x-null": null });
    expect(readHeaders(undefined, "createTrutoClient")).toBeUndefined();
    expect(readHeaders(Object.create(null), "createTrutoClient")).toEqual({});
  });

  it.each([
    [new Headers({ "x-app": "a" }), "a Headers instance"],
    [new Map([["x-app", "a"]]), "a Map instance"],
    [[["x-app", "a"]], "an array"],
    ["x-app: a", "string"],
    [null, "null"],
  ])("refuses a non-record %#", (value, got) => {
    expect(() => readHeaders(value, "createTrutoClient")).toThrow(
      new TrutoValidationError("headers", `createTrutoClient: "headers" must be a plain object of header names and values, e.g. { "x-app": "crm-sync" }, got ${got}`),
    );
  });

  it.each(["a\r\nInjected: 1", "a\nb", "a\rb", "a\0b", "\r\n", "secret-value\n", ["ok", "secret\r\nInjected: 1"]])("refuses a value with CR, LF or NUL (%j), naming the header, not the value", (value) => {
    let error: unknown;
    try {
      readHeaders({ "x-trace": value }, "crm.engagements.delete");
    } catch (caught) {
      error = caught;
    }
    expect(error).toEqual(new TrutoValidationError("headers", 'crm.engagements.delete: header "x-trace" must not contain CR, LF or NUL (its value is not shown)'));
    expect((error as Error).message).not.toContain("Injected");
    expect((error as Error).message).not.toContain("secret");
  });

  it.each([
    ["x-a\r\nAuthorization: Bearer stolen", "x-a"],
    ["x a", "x"],
    ["\nx", ""],
    ["x:y", "x"],
    ["", ""],
    ["ü", ""],
  ])("refuses a header name that is not an HTTP token (%j), naming only its valid start", (name, start) => {
    expect(() => readHeaders({ [name]: "v" }, "createTrutoClient")).toThrow(
      new TrutoValidationError("headers", `createTrutoClient: header name must be letters, digits and !#$%&'*+-.^_\`|~ only; the one starting "${start}" is not`),
    );
  });

  it.each([[{ a: 1 }, "an object"], [[["a"]], "an array"], [["a", null], "null"], [Symbol("s"), "symbol"], [10n, "bigint"]])("refuses a value that is not text (%#)", (value, got) => {
    expect(() => readHeaders({ "x-v": value }, "createTrutoClient")).toThrow(new TrutoValidationError("headers", `createTrutoClient: header "x-v" must be a string, got ${got}`));
  });
});

describe("baseUrl trailing slashes", () => {
  it("drops every trailing slash, so paths are joined with exactly one", async () => {
    expect(readBaseUrl("https://proxy.example/truto//")).toBe("https://proxy.example/truto");
    expect(readBaseUrl("https://api.truto.one///")).toBe("https://api.truto.one");
    const urls: string[] = [];
    const fetch = async (request: Request) => {
      urls.push(request.url);
      return new Response(null, { status: 204 });
    };
    const truto = createTrutoClient({ token: TOKEN, baseUrl: "https://proxy.example/truto//", fetch });
    await truto.crm.engagements.delete("1", { integrated_account_id: "62f44730-dd91-461e-bd6a-aedd9e0ad79d" });
    expect(urls).toEqual(["https://proxy.example/truto/unified/crm/engagements/1?integrated_account_id=62f44730-dd91-461e-bd6a-aedd9e0ad79d"]);
  });
});

describe("onRetry", () => {
  it.each([["log"], [1], [{}], [true]])("refuses %j at creation and per call, sending nothing", async (value) => {
    expect(create({ onRetry: value })).toThrow(new TrutoValidationError("onRetry", 'createTrutoClient: "onRetry" must be a function'));
    const fetch = vi.fn();
    const call = createTrutoClient({ token: TOKEN, fetch }).crm.engagements.delete("1", { integrated_account_id: "62f44730-dd91-461e-bd6a-aedd9e0ad79d" }, { onRetry: value as never });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrutoValidationError);
    expect(error).toEqual(new TrutoValidationError("onRetry", 'crm.engagements.delete: "onRetry" must be a function'));
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("readHeaders: what is not text, or not a plain record, is named exactly", () => {
  it.each([
    ["an object without a prototype", () => Object.create(null) as object, "an object"],
    ["an instance of an anonymous class", () => new (class {})(), "an object"],
    ["an object whose constructor has no name", () => ({ constructor: {} }), "an object"],
    ["a plain object", () => ({ a: 1 }), "an object"],
    ["an instance of a named class", () => new (class Widget {})(), "a Widget instance"],
    ["a Date", () => new Date(0), "a Date instance"],
  ])("%s", (_, value, got) => {
    let error: unknown;
    try {
      readHeaders({ "x-v": value() }, "createTrutoClient");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TrutoValidationError);
    expect(error).toEqual(new TrutoValidationError("headers", `createTrutoClient: header "x-v" must be a string, got ${got}`));
  });

  it.each([
    ["a null prototype", null],
    ["Object.prototype", Object.prototype],
  ])("refuses a function as the headers option, even one given %s", (_, proto) => {
    const headers = Object.setPrototypeOf(Object.assign(() => ({}), { "x-app": "crm-sync" }), proto) as unknown;
    expect(() => readHeaders(headers, "createTrutoClient")).toThrow(
      new TrutoValidationError("headers", 'createTrutoClient: "headers" must be a plain object of header names and values, e.g. { "x-app": "crm-sync" }, got function'),
    );
  });
});
