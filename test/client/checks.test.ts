// Everything refused before a request leaves, with the exact TrutoValidationError (class, parameter,
// integration, message), and nothing reaching the mock: client options and their typos, call
// options, argument positions, the spec's and the integrations' rules, headers in every place.
import { describe, expect, it, vi } from "vitest";
import { TrutoValidationError, createTrutoClient } from "../../src/index.js";
import { mockServer, type ClientOptions } from "../helpers/client.js";
import { ACCOUNT, DELETE_PATH, IDS, KEAP_ACCOUNT, TOKEN } from "../helpers/constants.js";

const { mock, client, lines } = await mockServer();

const q = { integrated_account_id: ACCOUNT };
const INTEGRATIONS = "affinity, capsule, close, copper, keap, mondaycrm, onepagecrm, pipedrive, pipeliner, planhat, zohocrm";
const CLIENT_OPTIONS = "token, integratedAccountToken, baseUrl, integration, maxRetries, timeoutMs, retryNonIdempotent, onRetry, unsupportedParameters, fetch, headers, logger";
const CALL_OPTIONS = "integration, maxRetries, timeoutMs, retryNonIdempotent, onRetry, unsupportedParameters, headers, signal, idempotencyKey";
const create = (options: object) => () => createTrutoClient({ token: TOKEN, baseUrl: mock.url, ...options } as never);
const invalid = (at: string, name: string, rest: string) => new TrutoValidationError(name, `${at}: "${name}" ${rest}`);

/** The error `run` rejects (or throws) with; nothing may have reached the mock. */
async function refusal(run: () => unknown): Promise<unknown> {
  const error = await Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(TrutoValidationError);
  expect(mock.requests).toEqual([]);
  return error;
}

describe("createTrutoClient's argument", () => {
  it.each([[undefined], [null], ["tok_live_5f2b9c0e41d8a7"], [42], [[{ token: TOKEN }]]])("%j is refused, saying what is expected", (options) => {
    expect(() => createTrutoClient(options as never)).toThrow(
      new TrutoValidationError("options", "createTrutoClient: expected an options object with { token } or { integratedAccountToken }"),
    );
  });
});

describe("client options", () => {
  const EXACTLY_ONE = 'createTrutoClient: give exactly one of "token" (a Truto API token, for servers) and "integratedAccountToken" (one account\'s token, for browsers)';
  const BASE_URL = 'createTrutoClient: "baseUrl" must be an absolute http(s) URL without query, fragment or credentials, e.g. https://api.truto.one';
  const TIMEOUT = 'must be a number of milliseconds > 0 and <= 2147483647, or Infinity for none';

  it.each<[object, TrutoValidationError]>([
    [{ token: undefined }, new TrutoValidationError("token", EXACTLY_ONE)],
    [{ integratedAccountToken: "iat_page_1234" }, new TrutoValidationError("token", EXACTLY_ONE)],
    [{ token: "" }, invalid("createTrutoClient", "token", "must be a non-empty string (or a function returning one), got an empty string")],
    [{ token: 42 }, invalid("createTrutoClient", "token", "must be a non-empty string (or a function returning one), got number")],
    [{ token: "tok en_12345" }, invalid("createTrutoClient", "token", "must not contain spaces, line breaks or non-ASCII characters")],
    [{ token: "tok_é_12345" }, invalid("createTrutoClient", "token", "must not contain spaces, line breaks or non-ASCII characters")],
    [{ token: "tok_live\n_12345" }, invalid("createTrutoClient", "token", "must not contain spaces, line breaks or non-ASCII characters")],
    [{ token: "tok_123" }, invalid("createTrutoClient", "token", "must be at least 8 characters (Truto's tokens are longer), got 7")],
    [{ token: undefined, integratedAccountToken: "iat" }, invalid("createTrutoClient", "integratedAccountToken", "must be at least 8 characters (Truto's tokens are longer), got 3")],
    [{ baseUrl: "api.truto.one" }, new TrutoValidationError("baseUrl", BASE_URL)],
    [{ baseUrl: "ftp://api.truto.one" }, new TrutoValidationError("baseUrl", BASE_URL)],
    [{ baseUrl: "https://user:secret@api.truto.one" }, new TrutoValidationError("baseUrl", BASE_URL)],
    [{ baseUrl: "https://api.truto.one/?a=1" }, new TrutoValidationError("baseUrl", BASE_URL)],
    [{ baseUrl: 42 }, new TrutoValidationError("baseUrl", BASE_URL)],
    [{ maxRetries: -1 }, invalid("createTrutoClient", "maxRetries", "must be a whole number >= 0, got -1")],
    [{ maxRetries: 1.5 }, invalid("createTrutoClient", "maxRetries", "must be a whole number >= 0, got 1.5")],
    [{ maxRetries: "2" }, invalid("createTrutoClient", "maxRetries", "must be a whole number >= 0, got string")],
    [{ maxRetries: 11 }, invalid("createTrutoClient", "maxRetries", "must be at most 10, got 11")],
    [{ maxRetries: 1e9 }, invalid("createTrutoClient", "maxRetries", "must be at most 10, got 1000000000")],
    [{ timeoutMs: 0 }, invalid("createTrutoClient", "timeoutMs", `${TIMEOUT}, got 0`)],
    [{ timeoutMs: 2_147_483_648 }, invalid("createTrutoClient", "timeoutMs", `${TIMEOUT}, got 2147483648`)],
    [{ timeoutMs: "100" }, invalid("createTrutoClient", "timeoutMs", `${TIMEOUT}, got string`)],
    [{ retryNonIdempotent: "yes" }, invalid("createTrutoClient", "retryNonIdempotent", "must be true or false")],
    [{ retryNonIdempotent: 1 }, invalid("createTrutoClient", "retryNonIdempotent", "must be true or false")],
    [{ onRetry: "log" }, invalid("createTrutoClient", "onRetry", "must be a function")],
    [{ onRetry: {} }, invalid("createTrutoClient", "onRetry", "must be a function")],
    [{ unsupportedParameters: "ignore" }, invalid("createTrutoClient", "unsupportedParameters", "must be one of allow, warn, error")],
    [{ fetch: "nope" }, invalid("createTrutoClient", "fetch", "must be a function (input: Request, init?: RequestInit) => Promise<Response>")],
    [{ fetch: null }, invalid("createTrutoClient", "fetch", "must be a function (input: Request, init?: RequestInit) => Promise<Response>")],
    [{ logger: {} }, invalid("createTrutoClient", "logger", "must be an object with a warn(message) method, e.g. console")],
    [{ logger: "console" }, invalid("createTrutoClient", "logger", "must be an object with a warn(message) method, e.g. console")],
    [{ logger: { warn: "loud" } }, invalid("createTrutoClient", "logger", "must be an object with a warn(message) method, e.g. console")],
    [{ integration: "hubspot" }, new TrutoValidationError("integration", `Unknown integration "hubspot"; expected one of: ${INTEGRATIONS}`)],
    [{ integration: 5 }, new TrutoValidationError("integration", `Unknown integration number; expected one of: ${INTEGRATIONS}`)],
    [{ integration: "toString" }, new TrutoValidationError("integration", `Unknown integration "toString"; expected one of: ${INTEGRATIONS}`)],
  ])("%j is refused, naming the option", (options, expected) => {
    expect(create(options)).toThrow(expected);
  });

  it.each([["timeoutMS"], ["retries"], ["apiKey"], ["signal"], ["idempotencyKey"]])("an unknown name (%s: a typo, or a call option) is refused, not ignored", (name) => {
    expect(create({ [name]: 1 })).toThrow(new TrutoValidationError(name, `createTrutoClient: "${name}" is not an option of createTrutoClient; expected one of ${CLIENT_OPTIONS}`));
  });

  it.each(["https://api.truto.one/?", "https://api.truto.one/#", "https://api.truto.one?", "https://api.truto.one#", "https://api.truto.one/v1?#"])(
    "baseUrl with a bare trailing ? or # (%j) is refused",
    (baseUrl) => {
      expect(create({ baseUrl })).toThrow(new TrutoValidationError("baseUrl", BASE_URL));
    },
  );

  it("baseUrl keeps a path prefix and drops every trailing slash, so paths join with exactly one", async () => {
    const truto = client({ baseUrl: `${mock.url}/proxy/truto//` });
    // The mock has no such route: it answers 404, and the request line is what matters.
    await expect(truto.crm.engagements.delete(IDS[0], q)).rejects.toMatchObject({ status: 404 });
    expect(lines()).toEqual([`DELETE /proxy/truto/unified/crm/engagements/${IDS[0]}?integrated_account_id=${ACCOUNT} HTTP/1.1`]);
  });

  it("the largest timer delay is accepted", () => {
    expect(create({ timeoutMs: 2_147_483_647 })).not.toThrow();
    expect(create({ timeoutMs: Infinity, maxRetries: 10 })).not.toThrow();
  });
});

describe("call options", () => {
  const AT = "crm.engagements.delete";
  const call = (options: unknown) => () => client().crm.engagements.delete(IDS[0], q, options as never);

  it.for<[object, TrutoValidationError]>([
    [{ timeoutMs: 2_147_483_648 }, invalid(AT, "timeoutMs", "must be a number of milliseconds > 0 and <= 2147483647, or Infinity for none, got 2147483648")],
    [{ timeoutMs: -Infinity }, invalid(AT, "timeoutMs", "must be a number of milliseconds > 0 and <= 2147483647, or Infinity for none, got -Infinity")],
    [{ timeoutMs: Number.NaN }, invalid(AT, "timeoutMs", "must be a number of milliseconds > 0 and <= 2147483647, or Infinity for none, got NaN")],
    [{ maxRetries: 11 }, invalid(AT, "maxRetries", "must be at most 10, got 11")],
    [{ maxRetries: -1 }, invalid(AT, "maxRetries", "must be a whole number >= 0, got -1")],
    [{ retryNonIdempotent: "false" }, invalid(AT, "retryNonIdempotent", "must be true or false")],
    [{ onRetry: true }, invalid(AT, "onRetry", "must be a function")],
    [{ unsupportedParameters: "loud" }, invalid(AT, "unsupportedParameters", "must be one of allow, warn, error")],
    [{ signal: "stop" }, invalid(AT, "signal", "must be an AbortSignal, got string")],
    [{ signal: new Map() }, invalid(AT, "signal", "must be an AbortSignal, got a Map")],
    [{ idempotencyKey: "a b" }, invalid(AT, "idempotencyKey", "must be 1 to 255 visible ASCII characters")],
    [{ idempotencyKey: "order-42" }, new TrutoValidationError("idempotencyKey", `${AT}: this operation declares no Idempotency-Key header`)],
    [{ integration: "zoho" }, new TrutoValidationError("integration", `Unknown integration "zoho"; expected one of: ${INTEGRATIONS}`)],
  ])("%o is refused before sending", async ([options, expected]) => {
    expect(await refusal(call(options))).toEqual(expected);
  });

  it.each([["timeoutMS"], ["retries"], ["fetch"], ["baseUrl"], ["logger"], ["token"]])("%s (a typo, or a client option) is not a call option: refused, not ignored", async (name) => {
    expect(await refusal(call({ [name]: 1 }))).toEqual(new TrutoValidationError(name, `${AT}: "${name}" is not a call option; expected one of ${CALL_OPTIONS}`));
  });

  it.each([[5], [null], ["fast"], [[{ maxRetries: 0 }]]])("%j in the options position is refused", async (options) => {
    expect(await refusal(call(options))).toEqual(new TrutoValidationError("options", `${AT}: call options must be an object`));
  });

  it.each([
    ["a string", "x"],
    ["null", null],
    ["an array", [q]],
    ["missing", undefined],
  ])("%s in the query position is refused, naming what comes before it", async (_, query) => {
    const error = await refusal(() => client().crm.engagements.delete(IDS[0], query as never));
    expect(error).toEqual(new TrutoValidationError("query", `${AT}: expected the query parameters object (with integrated_account_id) after the path parameters`));
  });

  it.each([["signal", new AbortController().signal], ["maxRetries", 0], ["idempotencyKey", "k-1"], ["headers", { "x-app": "a" }]])(
    "a call option (%s) in the query is refused, never sent as a query parameter",
    async (name, value) => {
      const error = await refusal(() => client().crm.engagements.delete(IDS[0], { ...q, [name]: value } as never));
      expect(error).toEqual(
        new TrutoValidationError("query", `${AT}: the query has "${name}", a call option; call options go after the query (path parameters, body, query, options)`),
      );
    },
  );
});

describe("the spec's rules and the integration's", () => {
  const cases: [string, ClientOptions, Record<string, unknown>, TrutoValidationError][] = [
    ["missing integrated_account_id", {}, {}, new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" is required')],
    ["integrated_account_id null", {}, { integrated_account_id: null }, new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" is required')],
    [
      "integrated_account_id not a UUID",
      {},
      { integrated_account_id: "acct-1" },
      new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'),
    ],
    ["an enum value outside the spec", {}, { ...q, engagement_type: "sms" }, new TrutoValidationError("engagement_type", 'Query parameter "engagement_type" must be one of call, chat, email, meeting, note; got "sms"')],
    [
      "a bad date-time",
      {},
      { ...q, created_at: "yesterday" },
      new TrutoValidationError("created_at", 'Query parameter "created_at" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'),
    ],
    [
      "an invalid Date",
      {},
      { ...q, updated_at: new Date(Number.NaN) },
      new TrutoValidationError("updated_at", 'Query parameter "updated_at" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'),
    ],
    // The spec's types, as the mock reads the text the client would send (issue: they were not checked before sending).
    [
      "a boolean parameter given other text than true or false",
      {},
      { ...q, truto_ignore_remote_data: "yes" },
      new TrutoValidationError("truto_ignore_remote_data", 'Query parameter "truto_ignore_remote_data" must be of type boolean, got string'),
    ],
    ["an object parameter given a string", {}, { ...q, remote_query: "x" }, new TrutoValidationError("remote_query", 'Query parameter "remote_query" must be of type object, got string')],
    ["a reference given a string", {}, { ...q, account: "acc-1" }, new TrutoValidationError("account", 'Query parameter "account" must be of type object, got string')],
    ["a list of references given an object", {}, { ...q, contact: { id: "1" } }, new TrutoValidationError("contact", 'Query parameter "contact" must be of type array, got an object')],
    [
      "a scalar enum parameter given two values",
      {},
      { ...q, engagement_type: ["email", "call"] },
      new TrutoValidationError("engagement_type", 'Query parameter "engagement_type" must be of type string, got an array'),
    ],
    // sort_by's schema has an enum and no type: a list is no value of it, even of one item.
    ["an untyped enum parameter given a list", {}, { ...q, sort_by: ["created_at"] }, new TrutoValidationError("sort_by", 'Query parameter "sort_by" must be one of created_at, updated_at; got an array')],
    // Array items, named as the mock names them.
    [
      "an array parameter given an object item",
      {},
      { ...q, truto_exclude_fields: ["id", { name: 1 }] },
      new TrutoValidationError("truto_exclude_fields[1]", 'Query parameter "truto_exclude_fields[1]" must be of type string, got an object'),
    ],
    ["a list of references given a string item", {}, { ...q, contact: ["1"] }, new TrutoValidationError("contact[0]", 'Query parameter "contact[0]" must be of type object, got string')],
    [
      "a value Keap does not allow",
      { integration: "keap" },
      { integrated_account_id: KEAP_ACCOUNT, engagement_type: "note" },
      new TrutoValidationError("engagement_type", 'Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"', "Keap"),
    ],
    [
      "a parameter Keap requires",
      { integration: "keap" },
      { integrated_account_id: KEAP_ACCOUNT },
      new TrutoValidationError("engagement_type", 'Query parameter "engagement_type" is required for Keap (allowed: email, meeting)', "Keap"),
    ],
    [
      "a parameter Zoho CRM requires",
      { integration: "zohocrm" },
      q,
      new TrutoValidationError("engagement_type", 'Query parameter "engagement_type" is required for Zoho CRM (allowed: call, meeting)', "Zoho CRM"),
    ],
    [
      "a sort_by outside the spec's enum with Pipeliner: the spec's rule speaks first",
      { integration: "pipeliner" },
      { ...q, engagement_type: "call", sort_by: "name" },
      new TrutoValidationError("sort_by", 'Query parameter "sort_by" must be one of created_at, updated_at; got "name"'),
    ],
  ];

  it.each(cases)("%s is refused, naming it", async (_, options, query, expected) => {
    expect(await refusal(() => client(options).crm.engagements.delete(IDS[0], query as never))).toEqual(expected);
  });

  // The mock, like Truto, reads the query with coercion: what goes on the wire as a valid value does
  // ("true" is the bytes of true, 5 the digits of "5", a list of one the value itself) is sent.
  it("a query value sent as the text of a valid one is not refused, and is sent as written", async () => {
    const truto = client();
    await truto.crm.engagements.delete(IDS[0], { ...q, truto_ignore_remote_data: "true", subject: 5, direction: false } as never);
    await truto.crm.engagements.delete(IDS[1], { ...q, engagement_type: ["email"], truto_exclude_fields: "id", integrated_account_id: [ACCOUNT] } as never);
    await truto.crm.engagements.delete(IDS[2], { ...q, truto_ignore_remote_data: ["false"], truto_exclude_fields: [["id"]], account: { id: 7 } } as never);
    expect(lines()).toEqual([
      `DELETE /unified/crm/engagements/${IDS[0]}?integrated_account_id=${ACCOUNT}&truto_ignore_remote_data=true&subject=5&direction=false HTTP/1.1`,
      `DELETE /unified/crm/engagements/${IDS[1]}?integrated_account_id[]=${ACCOUNT}&engagement_type[]=email&truto_exclude_fields=id HTTP/1.1`,
      `DELETE /unified/crm/engagements/${IDS[2]}?integrated_account_id=${ACCOUNT}&truto_ignore_remote_data[]=false&truto_exclude_fields[0][]=id&account[id]=7 HTTP/1.1`,
    ]);
    expect(mock.requests.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("a call's integration replaces the client's", async () => {
    const truto = client({ integration: "keap" });
    // Zoho CRM allows "call"; the mock's account is Capsule, which takes any type.
    await truto.crm.engagements.delete(IDS[0], { ...q, engagement_type: "call" } as never, { integration: "zohocrm" });
    await expect(truto.crm.engagements.delete(IDS[1], { ...q, engagement_type: "call" } as never)).rejects.toThrow(
      new TrutoValidationError("engagement_type", 'Query parameter "engagement_type" must be one of email, meeting for Keap; got "call"', "Keap"),
    );
    expect(lines()).toEqual([`DELETE /unified/crm/engagements/${IDS[0]}?integrated_account_id=${ACCOUNT}&engagement_type=call HTTP/1.1`]);
  });

  it("parameters the integration does not support are allowed, warned about or refused", async () => {
    const query = { integrated_account_id: KEAP_ACCOUNT, engagement_type: "email", subject: "Hi" } as const;
    const SUBJECT = 'Query parameter "subject" is not supported by Keap (supported by: Planhat); Truto ignores it';
    await client({ integration: "keap" }).crm.engagements.delete(IDS[0], query);
    const warn = vi.fn();
    await client({ integration: "keap", unsupportedParameters: "warn", logger: { warn } }).crm.engagements.delete(IDS[1], { ...query, direction: "in" });
    expect(warn.mock.calls).toEqual([[SUBJECT], ['Query parameter "direction" is not supported by Keap (no integration lists it); Truto ignores it']]);
    expect(lines()).toEqual([
      `DELETE /unified/crm/engagements/${IDS[0]}?integrated_account_id=${KEAP_ACCOUNT}&engagement_type=email&subject=Hi HTTP/1.1`,
      `DELETE /unified/crm/engagements/${IDS[1]}?integrated_account_id=${KEAP_ACCOUNT}&engagement_type=email&subject=Hi&direction=in HTTP/1.1`,
    ]);
    mock.reset();
    const expected = new TrutoValidationError("subject", SUBJECT, "Keap");
    expect(await refusal(() => client({ integration: "keap", unsupportedParameters: "error" }).crm.engagements.delete(IDS[2], query))).toEqual(expected);
    expect(await refusal(() => client({ integration: "keap" }).crm.engagements.delete(IDS[2], query, { unsupportedParameters: "error" }))).toEqual(expected);
  });
});

describe("headers: refused before sending, wherever they are given, never echoing a value", () => {
  const SECRET = "s3cret-value";
  const INJECTED = `${SECRET}\r\nX-Injected: 1`;
  const TEXT = 'must not contain CR, LF, NUL, other control characters or characters above U+00FF (its value is not shown)';
  const valueError = (at: string, name = "x-trace") => new TrutoValidationError("headers", `${at}: header "${name}" ${TEXT}`);
  const RAW = `DELETE ${DELETE_PATH}`;
  const init = { params: { path: { id: IDS[0] }, query: q } };

  /** The refusal, checked to hold none of the secret in any of its texts. */
  async function secretless(run: () => unknown): Promise<unknown> {
    const error = await refusal(run);
    for (const text of [String(error), JSON.stringify(error), (error as Error).stack]) expect(text).not.toContain(SECRET);
    return error;
  }

  it("with CR and LF in a value: the client option, a call's option, truto.DELETE's headers and its params.header", async () => {
    expect(await secretless(create({ headers: { "x-trace": INJECTED } }))).toEqual(valueError("createTrutoClient"));
    const truto = client();
    expect(await secretless(() => truto.crm.engagements.delete(IDS[0], q, { headers: { "x-trace": INJECTED } }))).toEqual(valueError("crm.engagements.delete"));
    expect(await secretless(() => truto.DELETE(DELETE_PATH, { ...init, headers: { "x-trace": INJECTED } }))).toEqual(valueError(RAW));
    const header = { "x-trace": INJECTED } as never;
    expect(await secretless(() => truto.DELETE(DELETE_PATH, { params: { ...init.params, header } }))).toEqual(valueError(RAW));
  });

  it("with \\x01 in a Headers instance (which Headers itself accepts): the client option, a call's option, truto.DELETE's headers", async () => {
    const headers = () => new Headers({ "x-trace": `${SECRET}\x01` });
    expect(await secretless(create({ headers: headers() }))).toEqual(valueError("createTrutoClient"));
    const truto = client();
    expect(await secretless(() => truto.crm.engagements.delete(IDS[0], q, { headers: headers() }))).toEqual(valueError("crm.engagements.delete"));
    expect(await secretless(() => truto.DELETE(DELETE_PATH, { ...init, headers: headers() }))).toEqual(valueError(RAW));
  });

  it.each([["a\r\nInjected: 1"], ["a\nb"], ["a\rb"], ["a\0b"], ["\r\n"], ["a\x01b"], ["a\x1fb"], ["a\x7fb"], ["Caf\u00e9 \u2615"], ["\u20ac"], [["ok", "secret\r\nInjected: 1"]]])(
    "a value %j is refused, naming the header",
    async (value) => {
      const error = await refusal(() => client().crm.engagements.delete(IDS[0], q, { headers: { "x-trace": value } }));
      expect(error).toEqual(valueError("crm.engagements.delete"));
      expect((error as Error).message).not.toMatch(/Injected|secret/);
    },
  );

  it.each([
    [`x-a\r\nAuthorization: Bearer ${SECRET}`, "x-a"],
    ["x a", "x"],
    ["\nx", ""],
    ["x:y", "x"],
    ["", ""],
    ["\u00fc", ""],
  ])("a name that is not an HTTP token (%j) is named by its valid start only", async (name, start) => {
    const expected = (at: string) => new TrutoValidationError("headers", `${at}: header name must be letters, digits and !#$%&'*+-.^_\`|~ only; the one starting "${start}" is not`);
    expect(await secretless(create({ headers: { [name]: "v" } }))).toEqual(expected("createTrutoClient"));
    expect(await secretless(() => client().crm.engagements.delete(IDS[0], q, { headers: { [name]: "v" } }))).toEqual(expected("crm.engagements.delete"));
    expect(await secretless(() => client().DELETE(DELETE_PATH, { ...init, headers: { [name]: "v" } }))).toEqual(expected(RAW));
  });

  it.each([
    ["a plain object", { a: 1 }, "an object"],
    ["an object without a prototype", Object.create(null), "an object"],
    ["an object whose constructor has no name", { constructor: {} }, "an object"],
    ["an array inside an array", [["a"]], "an array"],
    ["null inside an array", ["a", null], "null"],
    ["a symbol", Symbol("s"), "symbol"],
    ["a bigint", 10n, "bigint"],
    ["a Date", new Date(0), "a Date"],
    ["an instance of a named class", new (class Widget {})(), "a Widget"],
    ["an instance of an anonymous class", new (class {})(), "a non-plain object"],
  ])("a value that is not text (%s) is refused, naming its kind", async (_, value, got) => {
    expect(await refusal(create({ headers: { "x-v": value } }))).toEqual(new TrutoValidationError("headers", `createTrutoClient: header "x-v" must be a string, got ${got}`));
  });

  it.each([
    ["a Map", new Map([["x-app", "a"]]), "a Map"],
    ["an array of pairs", [["x-app", "a"]], "an array"],
    ["a string", "x-app: a", "string"],
    ["null", null, "null"],
    ["a function", Object.assign(() => ({}), { "x-app": "crm-sync" }), "function"],
    ["a function without a prototype", Object.setPrototypeOf(Object.assign(() => ({}), { "x-app": "crm-sync" }), null), "function"],
  ])("headers given as %s (not a record or a Headers) are refused, as a client and as a call option", async (_, value, got) => {
    const problem = `"headers" must be a plain object of header names and values (or a Headers), e.g. { "x-app": "crm-sync" }, got ${got}`;
    expect(await refusal(create({ headers: value }))).toEqual(new TrutoValidationError("headers", `createTrutoClient: ${problem}`));
    expect(await refusal(() => client().crm.engagements.delete(IDS[0], q, { headers: value as never }))).toEqual(
      new TrutoValidationError("headers", `crm.engagements.delete: ${problem}`),
    );
  });

  it("what is accepted is sent as text: numbers, booleans, repeated values, Latin-1; undefined and Authorization left out", async () => {
    const headers = { "x-app": "crm-sync", "X-Count": 3, "x-flag": true, "x-list": ["a", 1], "x-latin": "caf\u00e9", "x-none": undefined, Authorization: "Bearer other_token", authorization: "x" };
    await client({ headers }).crm.engagements.delete(IDS[0], q);
    const sent = mock.requests[0]!.headers;
    expect([sent["x-app"], sent["x-count"], sent["x-flag"], sent["x-list"], sent["x-latin"], sent.authorization]).toEqual(["crm-sync", "3", "true", "a, 1", "caf\u00e9", `Bearer ${TOKEN}`]);
    expect(Object.keys(sent)).not.toContain("x-none");
  });
});
