// src/options.ts on its own: the OPTIONS table (every option has a reader, a place and a doc
// comment, so the README's table can be printed from it), the client's defaults, a call's settings
// over the client's, unknown names refused (typos), and each reader's refusals with exact messages.
import { afterEach, describe, expect, it, vi } from "vitest";
import { TrutoValidationError } from "../../src/errors.js";
import { IDEMPOTENCY_KEY, OPTIONS, readCallSettings, readClientSettings, type Settings } from "../../src/options.js";
import { optionDocs } from "../../scripts/lib/options-table.js";
import { TOKEN } from "../helpers/constants.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

const CLIENT = "createTrutoClient";
const AT = "crm.engagements.delete";
const CLIENT_OPTIONS = "token, integratedAccountToken, baseUrl, integration, maxRetries, timeoutMs, retryNonIdempotent, onRetry, unsupportedParameters, fetch, headers, logger";
const CALL_OPTIONS = "integration, maxRetries, timeoutMs, retryNonIdempotent, onRetry, unsupportedParameters, headers, signal, idempotencyKey";
const RAW_OPTIONS = "fetch, headers, signal";
const INTEGRATIONS = "affinity, capsule, close, copper, keap, mondaycrm, onepagecrm, pipedrive, pipeliner, planhat, zohocrm";

/** What `call` throws, or "accepted". */
function refusal(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(TrutoValidationError);
    return error;
  }
  return "accepted";
}

const client = (options: Record<string, unknown> = {}) => readClientSettings({ token: TOKEN, ...options });
const call = (options: Record<string, unknown>, base: Settings = client(), place: "call" | "raw" = "call") => readCallSettings(base, options, place, AT);
/** The refusal of `name: value` as a client option and as a call option (where it may be given). */
const both = (name: string, value: unknown) => [refusal(() => client({ [name]: value })), refusal(() => call({ [name]: value }))];
const invalid = (name: string, text: string) => [new TrutoValidationError(name, `${CLIENT}: "${name}" must be ${text}`), new TrutoValidationError(name, `${AT}: "${name}" must be ${text}`)];

describe("the OPTIONS table", () => {
  it("lists every option once, in the order the README shows them", () => {
    expect(Object.keys(OPTIONS).join(", ")).toBe(
      "token, integratedAccountToken, baseUrl, integration, maxRetries, timeoutMs, retryNonIdempotent, onRetry, unsupportedParameters, fetch, headers, logger, signal, idempotencyKey",
    );
  });

  it("says where each option may be given", () => {
    expect(Object.fromEntries(Object.entries(OPTIONS).map(([name, option]) => [name, option.where.join(" ")]))).toEqual({
      token: "client",
      integratedAccountToken: "client",
      baseUrl: "client",
      integration: "client call",
      maxRetries: "client call",
      timeoutMs: "client call",
      retryNonIdempotent: "client call",
      onRetry: "client call",
      unsupportedParameters: "client call",
      fetch: "client raw",
      headers: "client call raw",
      logger: "client",
      signal: "call raw",
      idempotencyKey: "call",
    });
  });

  it("gives every option a reader", () => {
    for (const option of Object.values(OPTIONS)) expect(typeof option.read).toBe("function");
  });

  it("gives every option a doc comment (the README's option table is printed from them)", () => {
    const docs = optionDocs();
    expect(Object.keys(docs).sort()).toEqual(Object.keys(OPTIONS).sort());
    for (const [name, doc] of Object.entries(docs)) expect(doc.length, name).toBeGreaterThan(20);
  });
});

describe("readClientSettings", () => {
  it("fills every option the client leaves out with its default", () => {
    const settings = readClientSettings({ token: TOKEN });
    const { fetch, ...rest } = settings;
    expect(rest).toStrictEqual({
      token: TOKEN,
      integratedAccountToken: undefined,
      baseUrl: "https://api.truto.one",
      integration: undefined,
      maxRetries: 2,
      timeoutMs: 60_000,
      retryNonIdempotent: false,
      onRetry: undefined,
      unsupportedParameters: "allow",
      headers: {},
      logger: console,
      signal: undefined,
      idempotencyKey: undefined,
    });
    expect(typeof fetch).toBe("function");
  });

  it("the default fetch is the global fetch at call time (a polyfill or a stub installed later is used)", async () => {
    const stub = vi.fn(async () => new Response(null, { status: 204 }));
    const { fetch } = client();
    vi.stubGlobal("fetch", stub);
    const request = new Request("http://x.test/a");
    const init = { signal: new AbortController().signal };
    expect((await fetch(request, init)).status).toBe(204);
    expect(stub).toHaveBeenCalledWith(request, init);
  });

  it("reads each option it is given; undefined means the default", () => {
    const onRetry = () => {};
    const fetch = async () => new Response(null);
    const logger = { warn: () => {} };
    const settings = client({
      baseUrl: "https://proxy.example/truto/",
      integration: "keap",
      maxRetries: 0,
      timeoutMs: Infinity,
      retryNonIdempotent: true,
      onRetry,
      unsupportedParameters: "error",
      fetch,
      headers: { "x-app": "crm-sync", Authorization: "Bearer other" },
      logger,
      integratedAccountToken: undefined,
    });
    expect(settings).toMatchObject({
      baseUrl: "https://proxy.example/truto",
      integration: "keap",
      maxRetries: 0,
      timeoutMs: Infinity,
      retryNonIdempotent: true,
      unsupportedParameters: "error",
      headers: { "x-app": "crm-sync" },
    });
    expect([settings.onRetry, settings.fetch, settings.logger]).toEqual([onRetry, fetch, logger]);
    expect(client({ maxRetries: undefined, baseUrl: undefined }).maxRetries).toBe(2);
  });

  it.each([
    [{ "Idempotency-Key": "order-17" }, "Idempotency-Key"],
    [{ "x-app": "a", "idempotency-key": "order-17" }, "idempotency-key"],
    [new Headers({ "IDEMPOTENCY-KEY": "order-17" }), "idempotency-key"],
  ])("refuses an Idempotency-Key among the client's headers (%#): one key would go with every call", (headers, name) => {
    expect(refusal(() => client({ headers }))).toEqual(
      new TrutoValidationError(
        "headers",
        `${CLIENT}: header "${name}" would go with every call, and Truto answers a repeated key with its first answer; give it per call (idempotencyKey, or the call's headers)`,
      ),
    );
    // Per call it is the caller's to give.
    expect(call({ headers }).headers).toEqual(Object.fromEntries(headers instanceof Headers ? [...headers] : Object.entries(headers)));
  });

  it("passes the tokens through unread (credential.ts checks them)", () => {
    const fn = () => TOKEN;
    expect(readClientSettings({ integratedAccountToken: fn }).integratedAccountToken).toBe(fn);
    expect(readClientSettings({ token: "short" }).token).toBe("short");
  });

  it.each([
    ["timeoutMS", "a typo"],
    ["signal", "a call option"],
    ["idempotencyKey", "a call option"],
    ["constructor", "an Object.prototype name"],
  ])('refuses "%s" (%s), naming it and listing the client options', (name) => {
    expect(refusal(() => client({ [name]: 1 }))).toEqual(new TrutoValidationError(name, `${CLIENT}: "${name}" is not an option of createTrutoClient; expected one of ${CLIENT_OPTIONS}`));
  });

  it("refuses an unknown name even when its value is undefined", () => {
    expect(refusal(() => client({ retries: undefined }))).toEqual(new TrutoValidationError("retries", `${CLIENT}: "retries" is not an option of createTrutoClient; expected one of ${CLIENT_OPTIONS}`));
  });
});

describe("readCallSettings", () => {
  it("a call's values replace the client's; what the call leaves out (or gives as undefined) stays the client's", () => {
    const base = client({ maxRetries: 5, timeoutMs: 1_000, unsupportedParameters: "warn", integration: "keap" });
    const signal = new AbortController().signal;
    const settings = call({ maxRetries: 0, integration: "zohocrm", timeoutMs: undefined, signal, idempotencyKey: "order-17" }, base);
    expect(settings).toMatchObject({ maxRetries: 0, integration: "zohocrm", timeoutMs: 1_000, unsupportedParameters: "warn", idempotencyKey: "order-17" });
    expect(settings.signal).toBe(signal);
    expect(settings).not.toBe(base);
    expect(base.maxRetries).toBe(5);
  });

  it("no call options, or only undefined ones: the client's very settings (nothing to copy)", () => {
    const base = client();
    expect(call({}, base)).toBe(base);
    expect(call({ maxRetries: undefined, headers: undefined }, base)).toBe(base);
    expect(call({ maxRetries: 1 }, base)).not.toBe(base);
  });

  it("a call's headers are added to the client's; null removes a client header; the client's record is left as it was", () => {
    const base = client({ headers: { "x-app": "crm-sync", "x-team": "sales" } });
    const settings = call({ headers: { "x-trace": "t1", "x-team": null, authorization: "Bearer other" } }, base);
    expect(settings.headers).toEqual({ "x-app": "crm-sync", "x-team": null, "x-trace": "t1" });
    expect(base.headers).toEqual({ "x-app": "crm-sync", "x-team": "sales" });
    expect(call({ headers: new Headers({ "x-trace": "t2" }) }, base).headers).toEqual({ "x-app": "crm-sync", "x-team": "sales", "x-trace": "t2" });
  });

  it("a raw call (truto.GET(…)-style init) may give fetch, headers and signal", () => {
    const fetch = async () => new Response(null);
    const signal = new AbortController().signal;
    const settings = call({ fetch, headers: { "x-trace": "t" }, signal }, client(), "raw");
    expect([settings.fetch, settings.signal, settings.headers]).toEqual([fetch, signal, { "x-trace": "t" }]);
  });

  it.each([
    ["timeoutMS", "call"],
    ["fetch", "call"],
    ["baseUrl", "call"],
    ["logger", "call"],
    ["token", "call"],
    ["toString", "call"],
  ])('refuses "%s" in a call, naming it and listing the call options', (name) => {
    expect(refusal(() => call({ [name]: 1 }))).toEqual(new TrutoValidationError(name, `${AT}: "${name}" is not a call option; expected one of ${CALL_OPTIONS}`));
  });

  it.each([["maxRetries"], ["idempotencyKey"], ["integration"], ["baseUrl"]])('refuses "%s" in a raw call\'s init, listing what a raw call takes', (name) => {
    expect(refusal(() => call({ [name]: 1 }, client(), "raw"))).toEqual(new TrutoValidationError(name, `${AT}: "${name}" is not a call option; expected one of ${RAW_OPTIONS}`));
  });

  it("checks a call's values with the call's name in the message", () => {
    expect(refusal(() => call({ maxRetries: -1 }))).toEqual(new TrutoValidationError("maxRetries", `${AT}: "maxRetries" must be a whole number >= 0, got -1`));
  });
});

describe("each reader's refusals", () => {
  it.each([[0], [1], [10]])("maxRetries %i is accepted", (value) => {
    expect(client({ maxRetries: value }).maxRetries).toBe(value);
    expect(call({ maxRetries: value }).maxRetries).toBe(value);
  });

  it.each([
    [-1, "a whole number >= 0, got -1"],
    [1.5, "a whole number >= 0, got 1.5"],
    [Number.NaN, "a whole number >= 0, got NaN"],
    [Infinity, "a whole number >= 0, got Infinity"],
    ["2", "a whole number >= 0, got string"],
    [null, "a whole number >= 0, got null"],
    [11, "at most 10, got 11"],
    [1e9, "at most 10, got 1000000000"],
  ])("maxRetries %j is refused", (value, text) => {
    expect(both("maxRetries", value)).toEqual(invalid("maxRetries", text));
  });

  it.each([[1], [0.5], [60_000], [2_147_483_647], [Infinity]])("timeoutMs %j is accepted", (value) => {
    expect(client({ timeoutMs: value }).timeoutMs).toBe(value);
    expect(call({ timeoutMs: value }).timeoutMs).toBe(value);
  });

  it.each([
    [0, "0"],
    [-1, "-1"],
    [-Infinity, "-Infinity"],
    [Number.NaN, "NaN"],
    // setTimeout's largest delay is 2147483647; one more would fire at once.
    [2_147_483_648, "2147483648"],
    [1e12, "1000000000000"],
    ["1000", "string"],
    [null, "null"],
    [{}, "an object"],
  ])("timeoutMs %j is refused", (value, got) => {
    expect(both("timeoutMs", value)).toEqual(invalid("timeoutMs", `a number of milliseconds > 0 and <= 2147483647, or Infinity for none, got ${got}`));
  });

  it.each([["yes"], [1], [0], ["false"], [null]])("retryNonIdempotent %j is refused", (value) => {
    expect(both("retryNonIdempotent", value)).toEqual(invalid("retryNonIdempotent", "true or false"));
  });

  it.each([["log"], [1], [{}], [true], [null]])("onRetry %j is refused", (value) => {
    expect(both("onRetry", value)).toEqual(invalid("onRetry", "a function"));
  });

  it.each([["allow"], ["warn"], ["error"]])("unsupportedParameters %j is accepted", (value) => {
    expect(call({ unsupportedParameters: value }).unsupportedParameters).toBe(value);
  });

  it.each([["ignore"], ["Warn"], [""], [1], [null]])("unsupportedParameters %j is refused", (value) => {
    expect(both("unsupportedParameters", value)).toEqual(invalid("unsupportedParameters", "one of allow, warn, error"));
  });

  it.each([["nope"], [{}], [null], [1]])("fetch %j is refused, in the client and in a raw call", (value) => {
    const text = "a function (input: Request, init?: RequestInit) => Promise<Response>";
    expect(refusal(() => client({ fetch: value }))).toEqual(new TrutoValidationError("fetch", `${CLIENT}: "fetch" must be ${text}`));
    expect(refusal(() => call({ fetch: value }, client(), "raw"))).toEqual(new TrutoValidationError("fetch", `${AT}: "fetch" must be ${text}`));
  });

  it.each([[{}], ["console"], [null], [{ warn: "loud" }], [() => {}], [Object.assign(() => {}, { warn: () => {} })]])("logger %j is refused", (value) => {
    expect(refusal(() => client({ logger: value }))).toEqual(new TrutoValidationError("logger", `${CLIENT}: "logger" must be an object with a warn(message) method, e.g. console`));
  });

  it("a logger with an inherited warn method is accepted", () => {
    class Logger {
      warn() {}
    }
    const logger = new Logger();
    expect(client({ logger }).logger).toBe(logger);
  });

  it.each([
    [{}, "an object"],
    [{ aborted: false }, "an object"],
    [new AbortController(), "an AbortController"],
    ["signal", "string"],
    [null, "null"],
  ])("signal %j is refused, naming what came", (value, got) => {
    expect(refusal(() => call({ signal: value }))).toEqual(new TrutoValidationError("signal", `${AT}: "signal" must be an AbortSignal, got ${got}`));
  });

  it.each([["k"], ["order-17"], ["62f44730-dd91-461e-bd6a-aedd9e0ad79d"], ["!".repeat(255)], ["~"]])("idempotencyKey %j is accepted", (value) => {
    expect(call({ idempotencyKey: value }).idempotencyKey).toBe(value);
  });

  it.each([[""], ["x".repeat(256)], ["two words"], ["tab\there"], ["é"], ["key\x7f"], ["line\nbreak"], [42], [null]])("idempotencyKey %j is refused", (value) => {
    expect(refusal(() => call({ idempotencyKey: value }))).toEqual(new TrutoValidationError("idempotencyKey", `${AT}: "idempotencyKey" must be 1 to 255 visible ASCII characters`));
  });

  it("IDEMPOTENCY_KEY is visible ASCII, 1 to 255 characters, anchored at both ends", () => {
    expect(["a", "~".repeat(255), "a b", "a".repeat(256), "\na", "a\n"].map((key) => IDEMPOTENCY_KEY.test(key))).toEqual([true, true, false, false, false, false]);
  });

  it.each([
    ["https://api.truto.one", "https://api.truto.one"],
    ["https://api.truto.one/", "https://api.truto.one"],
    ["https://api.truto.one///", "https://api.truto.one"],
    ["https://proxy.example/truto//", "https://proxy.example/truto"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["HTTPS://API.Truto.One/V1", "https://api.truto.one/V1"],
  ])("baseUrl %j is read as %j (a path prefix kept, trailing slashes dropped)", (value, read) => {
    expect(client({ baseUrl: value }).baseUrl).toBe(read);
  });

  it.each([
    ["https://api.truto.one/?"],
    ["https://api.truto.one/#"],
    ["https://api.truto.one?"],
    ["https://api.truto.one#"],
    ["https://api.truto.one/v1?#"],
    ["https://api.truto.one/?a=1"],
    ["https://api.truto.one/#top"],
    ["https://user:pass@api.truto.one"],
    ["https://user@api.truto.one"],
    ["https://:pass@api.truto.one"],
    ["ftp://api.truto.one"],
    ["file:///etc/passwd"],
    ["api.truto.one"],
    ["/unified"],
    [""],
    [42],
    [null],
    [new URL("https://api.truto.one")],
  ])("baseUrl %j is refused", (value) => {
    expect(refusal(() => client({ baseUrl: value }))).toEqual(
      new TrutoValidationError("baseUrl", `${CLIENT}: "baseUrl" must be an absolute http(s) URL without query, fragment or credentials, e.g. https://api.truto.one`),
    );
  });

  it.each([["keap"], ["zohocrm"], ["capsule"]])("integration %j is accepted", (value) => {
    expect(client({ integration: value }).integration).toBe(value);
    expect(call({ integration: value }).integration).toBe(value);
  });

  it.each([
    ["hubspot", '"hubspot"'],
    ["Keap", '"Keap"'],
    ["toString", '"toString"'],
    ["", '""'],
    [4, "number"],
    // A long string (a token pasted in the wrong place, say) is not echoed.
    [`${TOKEN}${TOKEN}`, "string"],
    [{ toString: () => "keap" }, "an object"],
    [null, "null"],
  ])("integration %j is refused, naming what came", (value, got) => {
    const error = new TrutoValidationError("integration", `Unknown integration ${got}; expected one of: ${INTEGRATIONS}`);
    expect(both("integration", value)).toEqual([error, error]);
  });

  it("headers are read by readHeaders, with the caller's name (headers.test.ts has the rules)", () => {
    const notARecord = (at: string) => new TrutoValidationError("headers", `${at}: "headers" must be a plain object of header names and values (or a Headers), e.g. { "x-app": "crm-sync" }, got an array`);
    expect(both("headers", [])).toEqual([notARecord(CLIENT), notARecord(AT)]);
  });
});
