// The pre-flight checker on its own, against a small hand-written operation table (in place of
// generated/, through vi.mock) that holds every kind of rule the generator can emit: each type,
// enum, format, required, nullable, closed and open bodies, and integration support entries.
import { describe, expect, it, vi } from "vitest";
import { TrutoValidationError } from "../../src/errors.js";
import { checkBody, checkIntegration, checkQuery, integrationProblems, isKnownRoute, refuseCallOptions, type CheckContext } from "../../src/validate.js";

vi.mock("../../generated/endpoints.js", () => ({
  operations: {
    "GET /things": {
      operationId: "things.list",
      pathParams: [],
      status: 200,
      query: {
        account: { required: true, format: "uuid" },
        text: { type: "string" },
        count: { type: "integer" },
        ratio: { type: "number" },
        flag: { type: "boolean" },
        tags: { type: "array", enum: ["a", "b"] },
        filter: { type: "object" },
        since: { format: "date-time" },
        colour: { enum: ["red", "blue"] },
        maybe: { type: ["string", "null"], enum: ["yes"] },
        odd: { type: "something-new" },
        free: {},
        integrated_account_id: { required: true, type: "string" },
      },
    },
    "POST /things": {
      operationId: "things.create",
      pathParams: [],
      status: 201,
      query: {},
      body: { required: true, type: "object", closed: true, properties: { name: { required: true, type: "string" }, size: { type: "integer" }, kind: { enum: ["x", "y"] } } },
    },
    "PUT /things/raw": {
      operationId: "things.raw",
      pathParams: [],
      status: 200,
      query: {},
      body: { type: "array", properties: {} },
    },
    "PUT /things/untyped": {
      operationId: "things.untyped",
      pathParams: [],
      status: 200,
      query: {},
      body: { properties: { must: { required: true }, integrated_account_id: { required: true } } },
    },
    "PATCH /things/open": {
      operationId: "things.open",
      pathParams: [],
      status: 200,
      query: { timeoutMs: { type: "integer" } },
      body: { properties: { note: { type: "string" }, maxRetries: { type: "integer" } } },
    },
  },
}));
vi.mock("../../generated/support.js", () => ({
  integrations: { one: { name: "One CRM" }, two: { name: "Two CRM" }, three: { name: "Three CRM" } },
  parameterSupport: {
    "things.list": {
      colour: { one: { values: ["red"] }, two: {} },
      text: { two: { required: true } },
      count: {},
      ratio: "all",
      ghost: { one: {} },
      tags: { one: { required: true, values: ["a"] } },
    },
  },
  bodySupport: {
    "things.create": { kind: { one: { values: ["x"] } }, size: { two: {} } },
  },
}));

const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
const base = { account: ACCOUNT, integrated_account_id: "ia" };
const plain: CheckContext = { integration: undefined, unsupported: "allow", warn: () => {} };
const as = (integration: string, unsupported: CheckContext["unsupported"] = "allow", warn: (message: string) => void = () => {}): CheckContext => ({ integration: integration as never, unsupported, warn });

/** What `call` throws: its class checked, then { parameter, message, integration }. */
function refusal(call: () => void) {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(TrutoValidationError);
    const { parameter, message, integration } = error as TrutoValidationError;
    return integration === undefined ? { parameter, message } : { parameter, message, integration };
  }
  return "accepted";
}
const query = (values: Record<string, unknown>, context = plain) => refusal(() => checkQuery("GET /things" as never, { ...base, ...values }, context));
const body = (value: unknown, route = "POST /things", context = plain) => refusal(() => checkBody(route as never, value, context));

describe("query: the spec's rules", () => {
  it.each([
    [{ text: "t", count: 3, ratio: 0.5, flag: false, tags: ["a", "b"], filter: { a: 1 }, since: "2024-01-31T12:00:00Z", colour: "red", maybe: "yes", odd: 1, free: [1] }],
    [{ text: new Date(0), count: -0, ratio: -2, since: new Date(0), maybe: null, filter: Object.create(null) }],
    [{ text: undefined, count: null }],
  ])("accepts %j", (values) => {
    expect(query(values)).toBe("accepted");
  });

  it.each([
    [{ account: undefined }, "account", 'Query parameter "account" is required'],
    [{ account: null }, "account", 'Query parameter "account" is required'],
    [{ account: "not-a-uuid" }, "account", 'Query parameter "account" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'],
    [{ account: { toString: () => ACCOUNT } }, "account", 'Query parameter "account" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'],
    [{ account: 42 }, "account", 'Query parameter "account" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'],
    [{ text: 5 }, "text", 'Query parameter "text" must be of type string, got number'],
    [{ count: 1.5 }, "count", 'Query parameter "count" must be of type integer, got number'],
    [{ count: "3" }, "count", 'Query parameter "count" must be of type integer, got string'],
    [{ ratio: Infinity }, "ratio", 'Query parameter "ratio" must be of type number, got number'],
    [{ ratio: "1" }, "ratio", 'Query parameter "ratio" must be of type number, got string'],
    [{ flag: "true" }, "flag", 'Query parameter "flag" must be of type boolean, got string'],
    [{ tags: "a" }, "tags", 'Query parameter "tags" must be of type array, got string'],
    [{ tags: ["a", "c"] }, "tags", 'Query parameter "tags" must be one of a, b; got "c"'],
    [{ filter: [1] }, "filter", 'Query parameter "filter" must be of type object, got an array'],
    [{ filter: new Map() }, "filter", 'Query parameter "filter" must be of type object, got a Map'],
    [{ filter: "x" }, "filter", 'Query parameter "filter" must be of type object, got string'],
    [{ since: "yesterday" }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ since: new Date(Number.NaN) }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ since: { toString: () => "2024-01-31T12:00:00Z" } }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ since: 0 }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ colour: "green" }, "colour", 'Query parameter "colour" must be one of red, blue; got "green"'],
    [{ colour: "g".repeat(41) }, "colour", 'Query parameter "colour" must be one of red, blue; got string'],
    [{ colour: "g".repeat(40) }, "colour", `Query parameter "colour" must be one of red, blue; got "${"g".repeat(40)}"`],
    [{ colour: 7 }, "colour", 'Query parameter "colour" must be one of red, blue; got number'],
    [{ colour: new Date(0) }, "colour", 'Query parameter "colour" must be one of red, blue; got a Date'],
    [{ maybe: "no" }, "maybe", 'Query parameter "maybe" must be one of yes; got "no"'],
    [{ maybe: 1 }, "maybe", 'Query parameter "maybe" must be of type string or null, got number'],
    [{ filter: Object.create(Object.create(null)) }, "filter", 'Query parameter "filter" must be of type object, got a non-plain object'],
    [{ filter: new Date(0) }, "filter", 'Query parameter "filter" must be of type object, got a Date'],
  ])("refuses %j", (values, parameter, message) => {
    expect(query(values)).toEqual({ parameter, message });
  });

  it("with an integrated account token, integrated_account_id may be left out but is checked when given", () => {
    const token = { ...plain, accountToken: true };
    expect(refusal(() => checkQuery("GET /things" as never, { account: ACCOUNT }, token))).toBe("accepted");
    expect(refusal(() => checkQuery("GET /things" as never, { account: ACCOUNT, integrated_account_id: null }, token))).toBe("accepted");
    expect(refusal(() => checkQuery("GET /things" as never, { account: ACCOUNT }, plain))).toEqual({ parameter: "integrated_account_id", message: 'Query parameter "integrated_account_id" is required' });
    expect(refusal(() => checkQuery("GET /things" as never, { account: ACCOUNT, integrated_account_id: 5 }, token))).toEqual({
      parameter: "integrated_account_id",
      message: 'Query parameter "integrated_account_id" must be of type string, got number',
    });
    // Only the query's integrated_account_id: other required values stay required, a body field of that name too.
    expect(body({ must: 1 }, "PUT /things/untyped", token)).toEqual({ parameter: "body.integrated_account_id", message: 'Body field "integrated_account_id" is required' });
    expect(refusal(() => checkQuery("GET /things" as never, {}, token))).toEqual({ parameter: "account", message: 'Query parameter "account" is required' });
  });

  it("no query at all is checked like an empty one", () => {
    expect(refusal(() => checkQuery("GET /things" as never, undefined, plain))).toEqual({ parameter: "account", message: 'Query parameter "account" is required' });
  });
});

describe("query: an integration's rules", () => {
  it("values it allows, and values it requires", () => {
    expect(query({ colour: "blue", tags: ["a"] }, as("one"))).toEqual({ parameter: "colour", message: 'Query parameter "colour" must be one of red for One CRM; got "blue"', integration: "One CRM" });
    expect(query({ colour: "red" }, as("one"))).toEqual({ parameter: "tags", message: 'Query parameter "tags" is required for One CRM (allowed: a)', integration: "One CRM" });
    expect(query({ text: "t", colour: "blue" }, as("two"))).toBe("accepted");
    expect(query({}, as("two"))).toEqual({ parameter: "text", message: 'Query parameter "text" is required for Two CRM', integration: "Two CRM" });
  });

  it("a parameter it does not support: allowed, warned about, or refused, as configured", () => {
    const warnings: string[] = [];
    const values = { text: "t", colour: "red" };
    expect(query(values, as("three", "allow", () => warnings.push("allow")))).toBe("accepted");
    expect(query(values, as("three", "warn", (message: string) => warnings.push(message)))).toBe("accepted");
    expect(warnings).toEqual([
      'Query parameter "colour" is not supported by Three CRM (supported by: One CRM, Two CRM); Truto ignores it',
      'Query parameter "text" is not supported by Three CRM (supported by: Two CRM); Truto ignores it',
    ]);
    expect(query({ colour: "red" }, as("three", "error"))).toEqual({
      parameter: "colour",
      message: 'Query parameter "colour" is not supported by Three CRM (supported by: One CRM, Two CRM); Truto ignores it',
      integration: "Three CRM",
    });
    expect(query({ count: 1 }, as("three", "error"))).toEqual({
      parameter: "count",
      message: 'Query parameter "count" is not supported by Three CRM (no integration lists it); Truto ignores it',
      integration: "Three CRM",
    });
  });

  it("a parameter every integration takes ('all'), or one the spec does not declare, has no integration rule", () => {
    expect(query({ ratio: 1, ghost: "x" } as never, as("three", "error"))).toBe("accepted");
  });

  it("integrationProblems lists every broken rule but not unsupported ones", () => {
    const list = (integration: string, values: Record<string, unknown>) => integrationProblems("GET /things" as never, "query", values, integration as never);
    expect(list("one", { colour: "blue", text: "t" })).toEqual([
      { parameter: "colour", integration: "One CRM", message: 'Query parameter "colour" must be one of red for One CRM; got "blue"' },
      { parameter: "tags", integration: "One CRM", message: 'Query parameter "tags" is required for One CRM (allowed: a)' },
    ]);
    expect(list("three", { colour: "blue", count: 1 })).toEqual([]);
    expect(integrationProblems("GET /things" as never, "body", { colour: "blue" }, "one" as never)).toEqual([]);
    expect(integrationProblems("POST /things" as never, "body", { kind: "y" }, "one" as never)).toEqual([
      { parameter: "body.kind", integration: "One CRM", message: 'Body field "kind" must be one of x for One CRM; got "y"' },
    ]);
  });

  it("rules are compiled per integration: one integration's rules never answer for another", () => {
    expect(query({ colour: "blue" }, as("two"))).toEqual({ parameter: "text", message: 'Query parameter "text" is required for Two CRM', integration: "Two CRM" });
    expect(query({ colour: "blue", text: "t" }, as("one"))).toEqual({ parameter: "colour", message: 'Query parameter "colour" must be one of red for One CRM; got "blue"', integration: "One CRM" });
    expect(query({ colour: "blue", text: "t" }, as("two"))).toBe("accepted");
  });
});

describe("bodies", () => {
  it("a required body must be there; an optional one may be left out", () => {
    expect(body(undefined)).toEqual({ parameter: "body", message: "things.create: the JSON body is required (arguments: path parameters, body, query, options)" });
    expect(body(undefined, "PUT /things/raw")).toBe("accepted");
    expect(body(undefined, "GET /things")).toBe("accepted");
  });

  it("the body's own type", () => {
    expect(body([1])).toEqual({ parameter: "body", message: "things.create: the body must be a plain object, got an array" });
    expect(body("text")).toEqual({ parameter: "body", message: "things.create: the body must be a plain object, got string" });
    expect(body(null)).toEqual({ parameter: "body", message: "things.create: the body must be a plain object, got null" });
    expect(body({ a: 1 }, "PUT /things/raw")).toEqual({ parameter: "body", message: "things.raw: the body must be of type array, got object" });
    expect(body(["anything", 1], "PUT /things/raw")).toBe("accepted");
  });

  it("fields: required, type, enum, and no field outside a closed schema", () => {
    expect(body({ name: "n", size: 2, kind: "x" })).toBe("accepted");
    expect(body({ size: 2 })).toEqual({ parameter: "body.name", message: 'Body field "name" is required' });
    expect(body({ name: null })).toEqual({ parameter: "body.name", message: 'Body field "name" must be of type string, got null' });
    expect(body({ name: "n", size: "2" })).toEqual({ parameter: "body.size", message: 'Body field "size" must be of type integer, got string' });
    expect(body({ name: "n", kind: "z" })).toEqual({ parameter: "body.kind", message: 'Body field "kind" must be one of x, y; got "z"' });
    expect(body({ name: "n", colour: "red" })).toEqual({ parameter: "body.colour", message: 'Body field "colour" is not in the schema; expected only: name, size, kind' });
  });

  it("an open schema takes other fields; with no type, a non-object body is not field-checked", () => {
    expect(body({ note: "n", extra: true }, "PATCH /things/open")).toBe("accepted");
    expect(body("free text", "PUT /things/untyped")).toBe("accepted");
    expect(body({}, "PUT /things/untyped")).toEqual({ parameter: "body.must", message: 'Body field "must" is required' });
    expect(body({ note: 5 }, "PATCH /things/open")).toEqual({ parameter: "body.note", message: 'Body field "note" must be of type string, got number' });
    expect(body("free text", "PATCH /things/open")).toBe("accepted");
  });

  it("integration rules on fields name the field as body.<name>", () => {
    expect(body({ name: "n", kind: "y" }, "POST /things", as("one"))).toEqual({ parameter: "body.kind", message: 'Body field "kind" must be one of x for One CRM; got "y"', integration: "One CRM" });
    expect(body({ name: "n", size: 1 }, "POST /things", as("one", "error"))).toEqual({
      parameter: "body.size",
      message: 'Body field "size" is not supported by One CRM (supported by: Two CRM); Truto ignores it',
      integration: "One CRM",
    });
  });

  it("call options in the body are refused unless the schema declares a field of that name", () => {
    expect(body({ name: "n", signal: null })).toEqual({ parameter: "body", message: 'things.create: the body has "signal", a call option; call options go after the query (path parameters, body, query, options)' });
    expect(body({ maxRetries: 2 }, "PATCH /things/open")).toBe("accepted");
  });
});

describe("refuseCallOptions", () => {
  it("names where the option was found, and lets declared names through", () => {
    expect(refusal(() => refuseCallOptions({ a: 1, timeoutMs: 5 }, {}, "query", "things.list"))).toEqual({
      parameter: "query",
      message: 'things.list: the query has "timeoutMs", a call option; call options go after the query (path parameters, body, query, options)',
    });
    expect(refusal(() => refuseCallOptions({ timeoutMs: 5 }, { timeoutMs: {} }, "query", "things.open"))).toBe("accepted");
    expect(refusal(() => refuseCallOptions({ subject: "s" }, {}, "body", "things.create"))).toBe("accepted");
  });
});

describe("integrations and routes", () => {
  it("checkIntegration accepts a known slug and names the unknown one, or its type", () => {
    expect(refusal(() => checkIntegration("two"))).toBe("accepted");
    expect(refusal(() => checkIntegration("four"))).toEqual({ parameter: "integration", message: 'Unknown integration "four"; expected one of: one, two, three' });
    expect(refusal(() => checkIntegration(4))).toEqual({ parameter: "integration", message: "Unknown integration number; expected one of: one, two, three" });
    expect(refusal(() => checkIntegration({ toString: () => "one" }))).toEqual({ parameter: "integration", message: "Unknown integration object; expected one of: one, two, three" });
    expect(refusal(() => checkIntegration("toString"))).toEqual({ parameter: "integration", message: 'Unknown integration "toString"; expected one of: one, two, three' });
  });

  it("isKnownRoute knows the table's routes only", () => {
    expect(["GET /things", "POST /things", "GET /nothing", "constructor"].map(isKnownRoute)).toEqual([true, true, false, false]);
  });
});
