// The pre-flight checker on its own, against small hand-written operations (keyed by operationId,
// with method and path, as generated/endpoints.ts has them: src/model.ts `Operation`) holding every
// kind of rule the generator can emit: each type, enum, format, required, nullable, closed and open
// bodies; and a support table in place of generated/support.ts (vi.mock) with integration entries.
import { describe, expect, it, vi } from "vitest";
import { TrutoValidationError } from "../../src/errors.js";
import { kind, label, message, describe as shown } from "../../src/messages.js";
import type { Operation } from "../../src/model.js";
import { QUERY_LIMITS, serializeQuery } from "../../src/query.js";
import { checkBody, checkQuery, integrationProblems, type CheckContext } from "../../src/validate.js";
import { ACCOUNT } from "../helpers/constants.js";

vi.mock("../../generated/support.js", () => ({
  integrations: { one: { name: "One CRM" }, two: { name: "Two CRM" }, three: { name: "Three CRM" } },
  parameterSupport: {
    "things.list": {
      colour: { one: { values: ["red", "pink"] }, two: {} },
      text: { two: { required: true } },
      count: {},
      ratio: "all",
      ghost: { one: {} },
      tags: { one: { required: true, values: ["a", "b"] } },
      maybe: { one: { values: ["yes"] }, two: {}, three: {} },
    },
    "things.archive": { scope: { one: {} } },
  },
  bodySupport: {
    "things.create": { kind: { one: { values: ["x"] } }, size: { two: {} }, note: { one: { required: true, values: ["ok", "fine"] }, two: {}, three: {} } },
    "things.archive": { ids: {}, reason: { one: {} } },
  },
  fieldSupport: {},
}));

const operations = {
  "things.list": {
    method: "GET",
    path: "/things",
    pathParams: [],
    status: 200,
    query: {
      account: { required: true, type: "string", format: "uuid" },
      text: { type: "string" },
      count: { type: "integer" },
      ratio: { type: "number" },
      flag: { type: "boolean" },
      tags: { type: "array", items: { type: "string", enum: ["a", "b", "c"] } },
      filter: { type: "object" },
      since: { type: "string", format: "date-time" },
      colour: { enum: ["red", "blue", "pink"] },
      maybe: { type: ["string", "null"], enum: ["yes"] },
      odd: { type: "something-new" },
      gap: { type: ["integer", "null"] },
      // Rules the stock spec lacks, for the coercions and checks only they reach (the mock agrees: test/client/query-types.test.ts).
      yes: { type: "boolean", enum: [true] },
      // A null in an enum (the generator keeps it; EnumValue does not list it).
      nulls: { type: ["integer", "null"], enum: [1, null] as never },
      mixed: { type: ["object", "integer"] },
      when: { format: "date-time" },
      free: {},
      integrated_account_id: { required: true, type: "string" },
    },
    pages: { cursor: "next_cursor", items: "result" },
  },
  "things.create": {
    method: "POST",
    path: "/things",
    pathParams: [],
    status: 201,
    query: {},
    body: {
      required: true,
      type: "object",
      closed: true,
      properties: { name: { required: true, type: "string" }, size: { type: "integer" }, kind: { enum: ["x", "y"] }, note: { type: ["string", "null"] }, stage: { type: ["string", "null"], enum: ["open", "won"] } },
    },
    idempotencyKey: "Idempotency-Key",
  },
  "things.raw": { method: "PUT", path: "/things/raw", pathParams: [], status: 200, query: {}, body: { type: "array", properties: {} } },
  "things.untyped": {
    method: "PUT",
    path: "/things/{id}/untyped",
    pathParams: ["id"],
    status: 200,
    query: {},
    body: { properties: { must: { required: true }, integrated_account_id: { required: true } } },
  },
  "things.open": {
    method: "PATCH",
    path: "/things/{id}",
    pathParams: ["id"],
    status: 200,
    query: { timeoutMs: { type: "integer" } },
    body: { properties: { note: { type: "string" }, maxRetries: { type: "integer" } } },
  },
  // A body field of each type (and an untyped format), for the JSON checks of each.
  "things.typed": {
    method: "PATCH",
    path: "/things/typed",
    pathParams: [],
    status: 200,
    query: {},
    body: {
      properties: {
        ratio: { type: "number" },
        flag: { type: "boolean" },
        odd: { type: "something-new" },
        none: { type: "null" },
        either: { type: ["integer", "boolean"] },
        when: { format: "date-time" },
      },
    },
  },
  "things.delete": { method: "DELETE", path: "/things/{id}", pathParams: ["id"], status: 204, query: {} },
  // Values the spec requires that some integrations do not list (or none does: `{}`).
  "things.archive": {
    method: "POST",
    path: "/things/archive",
    pathParams: [],
    status: 204,
    query: { scope: { required: true, type: "string" } },
    body: {
      required: true,
      type: "object",
      properties: {
        ids: { required: true, type: "array", items: { type: "string" } },
        reason: { type: "string" },
        stages: { type: "array", items: { type: ["string", "null"], enum: ["open", "won"] } },
        grid: { type: "array", items: { type: "array", items: { type: "string", format: "date-time" } } },
      },
    },
  },
} satisfies Record<string, Operation>;
type Id = keyof typeof operations;

const base = { account: ACCOUNT, integrated_account_id: "ia" };
const plain: CheckContext = { integration: undefined, unsupported: "allow", warn: () => {}, accountToken: false };
const as = (integration: string, unsupported: CheckContext["unsupported"] = "allow", warn: (message: string) => void = () => {}): CheckContext => ({
  integration: integration as never,
  unsupported,
  warn,
  accountToken: false,
});

/** What `call` throws: its class checked, then { parameter, message, integration? }; or "accepted". */
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
const checkQueryOf = (id: Id, values: Record<string, unknown>, context = plain) => refusal(() => checkQuery(id, operations[id], values, context));
const query = (values: Record<string, unknown>, context = plain) => checkQueryOf("things.list", { ...base, ...values }, context);
const body = (value: unknown, id: Id = "things.create", context = plain) => refusal(() => checkBody(id, operations[id], value, context));

describe("query: the spec's rules", () => {
  it.each([
    [{ text: "t", count: 3, ratio: 0.5, flag: false, tags: ["a", "b"], filter: { a: 1 }, since: "2024-01-31T12:00:00Z", colour: "red", maybe: "yes", odd: 1, free: [1] }],
    [{ text: new Date(0), count: -0, ratio: -2, since: new Date(0), maybe: null, filter: Object.create(null) }],
    [{ text: undefined, count: null, flag: true, tags: [] }],
    [{ since: "2024-01-31t12:00:00.123+05:30" }],
    [{ since: "2024-01-31 12:00:00z" }],
    // A leap day, a leap second (23:59:60 in UTC, as ajv-formats reads it), the last instant of a second.
    [{ since: "2024-02-29T12:00:00Z" }],
    [{ since: "2000-02-29T00:00:00Z" }],
    [{ since: "2016-12-31T23:59:60Z" }],
    [{ since: "2016-12-31T18:59:60-05:00" }],
    [{ since: "2017-01-01T05:29:60+05:30" }],
    [{ since: "2024-01-31T12:00:59.999Z" }],
    [{ account: ACCOUNT.toUpperCase() }],
    // A plain object of any realm: one whose prototype has no prototype (here, a null-prototype one).
    [{ filter: Object.create(Object.create(null)) }],
  ])("accepts %j", (values) => {
    expect(query(values)).toBe("accepted");
  });

  it.each([
    [{ account: undefined }, "account", 'Query parameter "account" is required'],
    [{ account: null }, "account", 'Query parameter "account" is required'],
    [{ account: "not-a-uuid" }, "account", 'Query parameter "account" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'],
    [{ account: `${ACCOUNT}0` }, "account", 'Query parameter "account" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'],
    [{ account: ` ${ACCOUNT}` }, "account", 'Query parameter "account" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'],
    [{ account: 42 }, "account", 'Query parameter "account" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'],
    [{ count: 1.5 }, "count", 'Query parameter "count" must be of type integer, got number'],
    [{ count: "3.5" }, "count", 'Query parameter "count" must be of type integer, got string'],
    [{ count: "" }, "count", 'Query parameter "count" must be of type integer, got string'],
    [{ count: ["1", "2"] }, "count", 'Query parameter "count" must be of type integer, got an array'],
    [{ count: [{ n: 1 }] }, "count", 'Query parameter "count" must be of type integer, got an object'],
    [{ ratio: "one" }, "ratio", 'Query parameter "ratio" must be of type number, got string'],
    [{ flag: "yes" }, "flag", 'Query parameter "flag" must be of type boolean, got string'],
    [{ flag: "True" }, "flag", 'Query parameter "flag" must be of type boolean, got string'],
    [{ flag: ["yes"] }, "flag", 'Query parameter "flag" must be of type boolean, got string'],
    [{ text: { a: 1 } }, "text", 'Query parameter "text" must be of type string, got an object'],
    [{ text: ["a", "b"] }, "text", 'Query parameter "text" must be of type string, got an array'],
    [{ flag: 0 }, "flag", 'Query parameter "flag" must be of type boolean, got number'],
    [{ tags: { a: "a" } }, "tags", 'Query parameter "tags" must be of type array, got an object'],
    [{ tags: "d" }, "tags[0]", 'Query parameter "tags[0]" must be one of a, b, c; got "d"'],
    [{ tags: ["a", "d"] }, "tags[1]", 'Query parameter "tags[1]" must be one of a, b, c; got "d"'],
    [{ tags: [null, "a", undefined, "d"] }, "tags[1]", 'Query parameter "tags[1]" must be one of a, b, c; got "d"'],
    [{ tags: [["a", "b"]] }, "tags[0]", 'Query parameter "tags[0]" must be of type string, got an array'],
    [{ tags: ["a", { b: "b" }] }, "tags[1]", 'Query parameter "tags[1]" must be of type string, got an object'],
    [{ filter: [1] }, "filter", 'Query parameter "filter" must be of type object, got an array'],
    [{ filter: "x" }, "filter", 'Query parameter "filter" must be of type object, got string'],
    [{ filter: new Date(0) }, "filter", 'Query parameter "filter" must be of type object, got a Date'],
    [{ since: "yesterday" }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ since: "2024-01-31T12:00:00" }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ since: "2024-01-31" }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ since: "x2024-01-31T12:00:00Z" }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ since: new Date(Number.NaN) }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ since: ["yesterday"] }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ since: 0 }, "since", 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    [{ colour: "green" }, "colour", 'Query parameter "colour" must be one of red, blue, pink; got "green"'],
    [{ colour: "g".repeat(41) }, "colour", 'Query parameter "colour" must be one of red, blue, pink; got string'],
    [{ colour: "g".repeat(40) }, "colour", `Query parameter "colour" must be one of red, blue, pink; got "${"g".repeat(40)}"`],
    [{ colour: 7 }, "colour", 'Query parameter "colour" must be one of red, blue, pink; got number'],
    [{ colour: new Date(0) }, "colour", 'Query parameter "colour" must be one of red, blue, pink; got a Date'],
    // colour's schema has an enum and no type: nothing is coerced, and a list equals no listed value.
    [{ colour: ["red"] }, "colour", 'Query parameter "colour" must be one of red, blue, pink; got an array'],
    [{ colour: ["red", "green"] }, "colour", 'Query parameter "colour" must be one of red, blue, pink; got an array'],
    [{ maybe: "no" }, "maybe", 'Query parameter "maybe" must be one of yes; got "no"'],
    [{ maybe: 1 }, "maybe", 'Query parameter "maybe" must be one of yes; got number'],
    [{ gap: "x" }, "gap", 'Query parameter "gap" must be of type integer or null, got string'],
    [{ gap: ["1", "2"] }, "gap", 'Query parameter "gap" must be of type integer or null, got an array'],
    // Several types: a list of one is not taken as its item (ajv 8 checks an item against all of them at once).
    [{ maybe: ["yes"] }, "maybe", 'Query parameter "maybe" must be of type string or null, got string'],
    [{ integrated_account_id: { id: 5 } }, "integrated_account_id", 'Query parameter "integrated_account_id" must be of type string, got an object'],
  ])("refuses %j", (values, parameter, message) => {
    expect(query(values)).toEqual({ parameter, message });
  });

  // Impossible dates and times: the mock (ajv-formats) refuses them with these words, after a round trip.
  it.each([
    ["2024-13-01T12:00:00Z"],
    ["2024-00-10T12:00:00Z"],
    ["2024-02-30T12:00:00Z"],
    ["2023-02-29T12:00:00Z"],
    ["1900-02-29T12:00:00Z"],
    ["2024-04-31T12:00:00Z"],
    ["2024-01-00T12:00:00Z"],
    ["2024-01-31T24:00:00Z"],
    ["2024-01-31T12:60:00Z"],
    ["2024-01-31T12:00:61Z"],
    ["2024-01-31T12:00:60Z"],
    ["2016-12-31T23:59:61Z"],
    ["2016-12-31T23:59:60+01:00"],
    ["2024-01-31T12:00:00+24:00"],
    ["2024-01-31T12:00:00+05:60"],
  ])("refuses the impossible date-time %s (RFC 3339's ranges, as the mock checks them)", (since) => {
    expect(query({ since })).toEqual({ parameter: "since", message: 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date' });
  });

  // A valid Date is sent as its toISOString(), which writes a year past 9999 or before 0 in six
  // digits with a sign: no RFC 3339 date-time, refused by the mock after a round trip.
  it.each([[new Date("+010000-01-01T00:00:00Z")], [new Date(-1e14)], [new Date(8.64e15)]])("refuses the Date %s, whose ISO text is no RFC 3339 date-time", (since) => {
    expect(query({ since })).toEqual({ parameter: "since", message: 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date' });
    expect(query({ since: new Date("0000-01-01T00:00:00Z") })).toBe("accepted");
    expect(query({ since: new Date("9999-12-31T23:59:59.999Z") })).toBe("accepted");
  });

  // The mock (as Truto) reads the query as text, with coercion: what goes on the wire as a valid
  // value does is not refused ("true" is true's bytes, 5 the digits "5"; a list of one is its item,
  // a text is a list of one; nothing is sent of undefined, null and empty lists and records).
  it.each([
    [{ text: 5 }],
    [{ text: true, count: "3", ratio: "1", flag: "true" }],
    [{ count: "-0", ratio: " 2 ", flag: "false" }],
    [{ count: "1e3", ratio: "0x10" }],
    [{ count: ["3"], flag: ["true"], text: [7] }],
    [{ tags: "a" }],
    [{ tags: [["a"], "b"] }],
    [{ tags: [null, "c", undefined] }],
    [{ since: ["2024-01-31T12:00:00Z"] }],
    [{ filter: {}, tags: [], free: [null] }],
    [{ account: [ACCOUNT] }],
    [{ integrated_account_id: 5 }],
    // "" is null's text where a string is not allowed.
    [{ gap: "" }],
    [{ gap: "2", odd: "anything" }],
    [{ gap: [""] }],
  ])("accepts %j: it goes on the wire as a valid value does", (values) => {
    expect(query(values)).toBe("accepted");
  });

  it("a value of which nothing is sent is missing", () => {
    expect(query({ account: [] })).toEqual({ parameter: "account", message: 'Query parameter "account" is required' });
    expect(query({ account: [null, undefined] })).toEqual({ parameter: "account", message: 'Query parameter "account" is required' });
    expect(query({ account: { a: null } })).toEqual({ parameter: "account", message: 'Query parameter "account" is required' });
    expect(query({ colour: "red", tags: [] }, as("one"))).toEqual({ parameter: "tags", message: 'Query parameter "tags" is required for One CRM (allowed: a, b)', integration: "One CRM" });
  });

  // Before this check, query.ts (which writes the query after it) refused these with words that say
  // what is wrong and where: its words stay theirs, whatever the parameter's type.
  it.each<[string, Record<string, unknown>, string]>([
    ["Infinity", { ratio: Infinity }, 'Query parameter "ratio" must be a finite number'],
    ["NaN", { ratio: Number.NaN }, 'Query parameter "ratio" must be a finite number'],
    ["a function", { count: () => 1 }, 'Query parameter "count" has unsupported type function'],
    ["a Map", { filter: new Map() }, 'Query parameter "filter" has unsupported type Map'],
    ["a class instance", { filter: new (class Filter {})() }, 'Query parameter "filter" has unsupported type Filter'],
    ["a symbol deep in a record", { filter: { a: [1, { b: Symbol("s") }] } }, 'Query parameter "filter[a][1][b]" has unsupported type symbol'],
    ["a symbol item", { tags: ["a", Symbol("s")] }, 'Query parameter "tags[1]" has unsupported type symbol'],
    ["a Set item", { text: [new Set([1])] }, 'Query parameter "text[0]" has unsupported type Set'],
    ["a record with a toString method", { account: { toString: () => ACCOUNT } }, 'Query parameter "account[toString]" has unsupported type function'],
    ["a record with a toString method, for a date-time", { since: { toString: () => "2024-01-31T12:00:00Z" } }, 'Query parameter "since[toString]" has unsupported type function'],
    ["a list of 10,000,000 items", { tags: new Array(1e7) }, 'Query parameter "tags" has 10000000 items; a query can carry at most 1000'],
  ])("leaves %s to query.ts, which refuses it naming where", (_, values, refused) => {
    expect(query(values)).toBe("accepted");
    expect(() => serializeQuery({ ...base, ...values })).toThrow(refused);
  });

  it("a cyclic or too deep value is not walked past query.ts's limits (which refuse it)", () => {
    const cyclic: unknown[] = ["a"];
    cyclic.push(cyclic);
    expect(query({ tags: cyclic })).toBe("accepted");
    expect(() => serializeQuery({ tags: cyclic })).toThrow('Query parameter "tags[1]" refers to itself (a cyclic object)');
    let deep: Record<string, unknown> = { leaf: "x" };
    for (let i = 0; i < 100_000; i++) deep = { deep };
    expect(query({ filter: deep })).toBe("accepted");
    let shallow: unknown = "a";
    for (let i = 0; i < QUERY_LIMITS.depth; i++) shallow = [shallow];
    expect(query({ free: shallow })).toBe("accepted");
    expect(query({ free: [shallow] })).toBe("accepted");
    expect(() => serializeQuery({ free: [shallow] })).toThrow(`is nested more than ${QUERY_LIMITS.depth} levels deep`);
  });

  it("an invalid Date is no date-time (and, for other rules, left to query.ts)", () => {
    expect(query({ since: new Date(Number.NaN), text: new Date(Number.NaN) })).toEqual({
      parameter: "since",
      message: 'Query parameter "since" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date',
    });
    expect(query({ text: new Date(Number.NaN) })).toBe("accepted");
    expect(() => serializeQuery({ text: new Date(Number.NaN) })).toThrow('Query parameter "text" is an invalid Date');
  });

  it("checks the parameters in the operation's order: the first broken rule is reported", () => {
    expect(query({ account: "x", text: 5 })).toEqual({ parameter: "account", message: 'Query parameter "account" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)' });
  });

  it("reads own values only: an inherited value is missing", () => {
    const inherited = Object.assign(Object.create({ account: ACCOUNT }), { integrated_account_id: "ia" }) as Record<string, unknown>;
    expect(checkQueryOf("things.list", inherited)).toEqual({ parameter: "account", message: 'Query parameter "account" is required' });
  });

  it("with an integrated account token, integrated_account_id may be left out but is checked when given", () => {
    const token: CheckContext = { ...plain, accountToken: true };
    expect(checkQueryOf("things.list", { account: ACCOUNT }, token)).toBe("accepted");
    expect(checkQueryOf("things.list", { account: ACCOUNT, integrated_account_id: null }, token)).toBe("accepted");
    expect(checkQueryOf("things.list", { account: ACCOUNT }, plain)).toEqual({ parameter: "integrated_account_id", message: 'Query parameter "integrated_account_id" is required' });
    expect(checkQueryOf("things.list", { account: ACCOUNT, integrated_account_id: [5, 6] }, token)).toEqual({
      parameter: "integrated_account_id",
      message: 'Query parameter "integrated_account_id" must be of type string, got an array',
    });
    // Only the query's integrated_account_id: other required values stay required, a body field of that name too.
    expect(body({ must: 1 }, "things.untyped", token)).toEqual({ parameter: "body.integrated_account_id", message: 'Body field "integrated_account_id" is required' });
    expect(checkQueryOf("things.list", {}, token)).toEqual({ parameter: "account", message: 'Query parameter "account" is required' });
  });

  it("an operation without query rules accepts any query", () => {
    expect(checkQueryOf("things.delete", { anything: { at: "all" } })).toBe("accepted");
  });
});

describe("query: an integration's rules", () => {
  it("values it allows, and values it requires", () => {
    expect(query({ colour: "blue", tags: ["a"] }, as("one"))).toEqual({ parameter: "colour", message: 'Query parameter "colour" must be one of red, pink for One CRM; got "blue"', integration: "One CRM" });
    expect(query({ colour: "red" }, as("one"))).toEqual({ parameter: "tags", message: 'Query parameter "tags" is required for One CRM (allowed: a, b)', integration: "One CRM" });
    expect(query({ colour: "red", tags: null }, as("one"))).toEqual({ parameter: "tags", message: 'Query parameter "tags" is required for One CRM (allowed: a, b)', integration: "One CRM" });
    expect(query({ text: "t", colour: "blue" }, as("two"))).toBe("accepted");
    expect(query({}, as("two"))).toEqual({ parameter: "text", message: 'Query parameter "text" is required for Two CRM', integration: "Two CRM" });
  });

  // An integration's values, like the spec's enum, are checked item by item for an array.
  it("an array parameter is checked item by item against the integration's values, as against the spec's enum", () => {
    expect(query({ colour: "red", tags: ["a", "b"] }, as("one"))).toBe("accepted");
    expect(query({ colour: "red", tags: ["a", "c", "b"] }, as("one"))).toEqual({ parameter: "tags", message: 'Query parameter "tags" must be one of a, b for One CRM; got "c"', integration: "One CRM" });
  });

  it("a null the spec allows clears the parameter: no integration value check", () => {
    expect(query({ maybe: null, text: "t" }, as("two"))).toBe("accepted");
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

  it("a broken rule is refused whatever the unsupported policy; warnings come only for unsupported parameters", () => {
    const warnings: string[] = [];
    expect(query({ colour: "blue", tags: ["a"] }, as("one", "warn", (message: string) => warnings.push(message)))).toEqual({
      parameter: "colour",
      message: 'Query parameter "colour" must be one of red, pink for One CRM; got "blue"',
      integration: "One CRM",
    });
    expect(warnings).toEqual([]);
  });

  // A value the spec requires cannot be left out, so it is never "not supported, Truto ignores it":
  // flagged so, unsupportedParameters: "error" made the call impossible for that integration (the
  // types require the value, the check refused it) and "warn" warned on every call.
  it("a value the spec requires is never flagged unsupported, whatever the policy; an optional one is", () => {
    const warnings: string[] = [];
    expect(checkQueryOf("things.archive", { scope: "all" }, as("two", "error"))).toBe("accepted");
    expect(checkQueryOf("things.archive", { scope: "all" }, as("three", "warn", (message: string) => warnings.push(message)))).toBe("accepted");
    expect(body({ ids: ["1"] }, "things.archive", as("one", "error"))).toBe("accepted");
    expect(body({ ids: ["1"] }, "things.archive", as("two", "warn", (message: string) => warnings.push(message)))).toBe("accepted");
    expect(warnings).toEqual([]);
    expect(integrationProblems("things.archive", "body", { ids: ["1"] }, "one" as never, operations["things.archive"].body.properties)).toEqual([]);
    expect(body({ ids: ["1"], reason: "done" }, "things.archive", as("two", "error"))).toEqual({
      parameter: "body.reason",
      message: 'Body field "reason" is not supported by Two CRM (supported by: One CRM); Truto ignores it',
      integration: "Two CRM",
    });
  });

  it("a parameter every integration takes ('all'), or one the spec does not declare, has no integration rule", () => {
    expect(query({ ratio: 1, ghost: "x" }, as("three", "error"))).toBe("accepted");
  });

  it("rules are per integration: one integration's rules never answer for another", () => {
    expect(query({ colour: "blue" }, as("two"))).toEqual({ parameter: "text", message: 'Query parameter "text" is required for Two CRM', integration: "Two CRM" });
    expect(query({ colour: "blue", text: "t" }, as("one"))).toEqual({ parameter: "colour", message: 'Query parameter "colour" must be one of red, pink for One CRM; got "blue"', integration: "One CRM" });
    expect(query({ colour: "blue", text: "t" }, as("two"))).toBe("accepted");
  });

  it("the spec's rules come before the integration's", () => {
    expect(query({ colour: "green" }, as("one"))).toEqual({ parameter: "colour", message: 'Query parameter "colour" must be one of red, blue, pink; got "green"' });
  });
});

// Each case below tells apart what the checker does from a near miss of it (a boundary, a coercion's
// result, a type's own check): the mock (ajv, ajv-formats) decides the same way for the query's
// (test/client/query-types.test.ts, "edge values").
describe("query and body: the edges of each rule", () => {
  const DATE_TIME = 'must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date';
  const nested = (depth: number, inner: unknown): unknown => {
    let value = inner;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };

  // The ranges of RFC 3339's fields, as ajv-formats checks them: offsets up to 23:59, hours up to
  // 23 and minutes up to 59, and second 60 only as 23:59:60 in UTC (the offset taken away).
  it.each([
    ["2024-01-31T12:00:00+23:59"],
    ["2024-01-31T12:00:00-23:59"],
    ["2024-01-31T12:00:00+23:00"],
    ["2024-01-31T12:00:00+00:59"],
    ["2024-01-31T23:30:00Z"],
    ["2024-01-31T23:59:59Z"],
    ["2024-01-31T12:59:00Z"],
    ["2024-01-31T00:59:59+00:59"],
    ["2024-12-31T12:00:00Z"],
    ["2024-01-01T12:00:00Z"],
    ["2024-06-30T23:59:60Z"],
    ["2024-06-30T23:59:60+00:00"],
    ["2024-06-30T23:59:60-00:00"],
    ["2024-06-30T23:59:60.5Z"],
    ["2024-07-01T00:59:60+01:00"],
    ["2024-06-30T22:59:60-01:00"],
    ["2024-07-01T00:00:60+00:01"],
    ["2024-06-30T23:58:60-00:01"],
    ["2024-07-01T00:29:60+00:30"],
    ["2024-06-30T00:00:60-23:59"],
    ["2024-07-01T23:58:60+23:59"],
  ])("accepts the date-time %s", (since) => {
    expect(query({ since })).toBe("accepted");
  });

  it.each([
    ["2024-06-30T23:30:60Z"],
    ["2024-06-30T22:59:60Z"],
    ["2024-06-30T00:59:60Z"],
    ["2024-06-30T23:00:60Z"],
    ["2024-06-30T12:59:60Z"],
    ["2024-06-30T23:59:60+23:59"],
    ["2024-07-01T23:59:60+23:59"],
    ["2024-07-01T00:59:60+01:01"],
    ["2024-07-01T00:00:60+00:02"],
    ["2024-06-30T23:59:60-00:01"],
    ["2024-06-30T23:59:60+01:00"],
    ["2024-01-31T12:00:00+00:60"],
    ["2024-01-31T12:00:00-24:00"],
    ["2024-01-31T12:00:00+99:00"],
    ["2024-00-01T12:00:00Z"],
    ["2024-13-31T12:00:00Z"],
    ["2024-12-00T12:00:00Z"],
    ["2024-12-32T12:00:00Z"],
    ["2024-01-31T24:30:00Z"],
    ["2024-01-31T23:60:00Z"],
  ])("refuses the date-time %s", (since) => {
    expect(query({ since })).toEqual({ parameter: "since", message: `Query parameter "since" ${DATE_TIME}` });
  });

  it("a format without a type is for texts only: a list or a record is not a date-time, nor refused as one", () => {
    expect(query({ when: "2024-01-31T12:00:00Z" })).toBe("accepted");
    expect(query({ when: ["soon"] })).toBe("accepted");
    expect(query({ when: ["soon", "later"] })).toBe("accepted");
    expect(query({ when: { at: "soon" } })).toBe("accepted");
    expect(query({ when: "soon" })).toEqual({ parameter: "when", message: `Query parameter "when" ${DATE_TIME}` });
    expect(body({ when: 5 }, "things.typed")).toBe("accepted");
    expect(body({ when: ["soon"] }, "things.typed")).toBe("accepted");
    expect(body({ when: "soon" }, "things.typed")).toEqual({ parameter: "body.when", message: `Body field "when" ${DATE_TIME}` });
  });

  // A later rule (the enum) sees the boolean, or null, that ajv made of the text.
  it("a coerced boolean is true for 'true' and false for 'false': an enum of booleans tells them apart", () => {
    expect(query({ yes: "true" })).toBe("accepted");
    expect(query({ yes: true })).toBe("accepted");
    expect(query({ yes: ["true"] })).toBe("accepted");
    expect(query({ yes: "false" })).toEqual({ parameter: "yes", message: 'Query parameter "yes" must be one of true; got "false"' });
    expect(query({ yes: false })).toEqual({ parameter: "yes", message: 'Query parameter "yes" must be one of true; got boolean' });
    expect(query({ yes: "x" })).toEqual({ parameter: "yes", message: 'Query parameter "yes" must be of type boolean, got string' });
  });

  it("'' is null for a type [integer, null]: an enum listing null takes it", () => {
    expect(query({ nulls: "" })).toBe("accepted");
    expect(query({ nulls: [""] })).toBe("accepted");
    expect(query({ nulls: "1" })).toBe("accepted");
    expect(query({ nulls: "2" })).toEqual({ parameter: "nulls", message: 'Query parameter "nulls" must be one of 1, ; got "2"' });
  });

  it("types of which one does not coerce (object) and one does (integer): a text still coerces to the other", () => {
    expect(query({ mixed: "5" })).toBe("accepted");
    expect(query({ mixed: { a: "1" } })).toBe("accepted");
    expect(query({ mixed: "1.5" })).toEqual({ parameter: "mixed", message: 'Query parameter "mixed" must be of type object or integer, got string' });
  });

  it("a list of exactly QUERY_LIMITS.items items is checked item by item; one more is left to query.ts", () => {
    const full = Array.from({ length: QUERY_LIMITS.items }, () => "a");
    expect(query({ tags: full })).toBe("accepted");
    expect(() => serializeQuery({ tags: full })).not.toThrow();
    expect(query({ tags: [...full.slice(1), "d"] })).toEqual({ parameter: "tags[999]", message: 'Query parameter "tags[999]" must be one of a, b, c; got "d"' });
    expect(query({ tags: [...full, "d"] })).toBe("accepted");
    expect(() => serializeQuery({ tags: [...full, "d"] })).toThrow('Query parameter "tags" has 1001 items; a query can carry at most 1000');
  });

  it("a value nested exactly QUERY_LIMITS.depth deep is checked; one level more is left to query.ts", () => {
    expect(query({ count: nested(QUERY_LIMITS.depth, "a") })).toEqual({ parameter: "count", message: 'Query parameter "count" must be of type integer, got an array' });
    expect(() => serializeQuery({ count: nested(QUERY_LIMITS.depth, "a") })).not.toThrow();
    expect(query({ count: nested(QUERY_LIMITS.depth + 1, "a") })).toBe("accepted");
    expect(() => serializeQuery({ count: nested(QUERY_LIMITS.depth + 1, "a") })).toThrow(`is nested more than ${QUERY_LIMITS.depth} levels deep`);
    // Empty lists at the deepest level send nothing (the value is missing); one level more is past the limit (not missing).
    expect(query({ account: nested(QUERY_LIMITS.depth - 1, []) })).toEqual({ parameter: "account", message: 'Query parameter "account" is required' });
    expect(query({ account: nested(QUERY_LIMITS.depth, []) })).toBe("accepted");
    expect(() => serializeQuery({ account: nested(QUERY_LIMITS.depth, []) })).toThrow(`is nested more than ${QUERY_LIMITS.depth} levels deep`);
  });

  it("siblings are not nested in each other: the depth and cycle checks see only the containers above a value", () => {
    const shared = ["a"];
    expect(query({ tags: [shared, shared, "d"] })).toEqual({ parameter: "tags[2]", message: 'Query parameter "tags[2]" must be one of a, b, c; got "d"' });
    expect(() => serializeQuery({ tags: [shared, shared, "d"] })).not.toThrow();
    const many = [...Array.from({ length: QUERY_LIMITS.depth + 3 }, () => ["a"]), "d"];
    expect(query({ tags: many })).toEqual({ parameter: "tags[35]", message: 'Query parameter "tags[35]" must be one of a, b, c; got "d"' });
    expect(() => serializeQuery({ tags: many })).not.toThrow();
  });

  it("a value neither list nor plain object (a Map) is present (query.ts refuses it), not missing, even with nothing in it", () => {
    expect(query({ account: new Map() })).toBe("accepted");
    expect(() => serializeQuery({ account: new Map() })).toThrow('Query parameter "account" has unsupported type Map');
    expect(query({ tags: new (class Tags { a = "d"; })() })).toBe("accepted");
  });

  it("body values of each type, as JSON (no coercion)", () => {
    expect(body({ ratio: 1.5, flag: false, odd: { any: 1 }, none: null, either: true }, "things.typed")).toBe("accepted");
    expect(body({ ratio: -2, flag: true, odd: "x", either: 3 }, "things.typed")).toBe("accepted");
    expect(body({ ratio: "1" }, "things.typed")).toEqual({ parameter: "body.ratio", message: 'Body field "ratio" must be of type number, got string' });
    expect(body({ ratio: Infinity }, "things.typed")).toEqual({ parameter: "body.ratio", message: 'Body field "ratio" must be of type number, got number' });
    expect(body({ flag: "true" }, "things.typed")).toEqual({ parameter: "body.flag", message: 'Body field "flag" must be of type boolean, got string' });
    expect(body({ flag: 1 }, "things.typed")).toEqual({ parameter: "body.flag", message: 'Body field "flag" must be of type boolean, got number' });
    expect(body({ flag: [true] }, "things.typed")).toEqual({ parameter: "body.flag", message: 'Body field "flag" must be of type boolean, got an array' });
    expect(body({ none: 0 }, "things.typed")).toEqual({ parameter: "body.none", message: 'Body field "none" must be of type null, got number' });
    expect(body({ either: "3" }, "things.typed")).toEqual({ parameter: "body.either", message: 'Body field "either" must be of type integer or boolean, got string' });
    expect(body({ either: 1.5 }, "things.typed")).toEqual({ parameter: "body.either", message: 'Body field "either" must be of type integer or boolean, got number' });
    expect(body({ name: "n", size: 1.5 })).toEqual({ parameter: "body.size", message: 'Body field "size" must be of type integer, got number' });
    expect(body({ name: "n", note: 5 })).toEqual({ parameter: "body.note", message: 'Body field "note" must be of type string or null, got number' });
  });

  it("an undefined body field is left out (JSON has no undefined): not checked, and missing when required", () => {
    expect(body({ name: "n", size: undefined, note: undefined })).toBe("accepted");
    expect(body({ name: undefined })).toEqual({ parameter: "body.name", message: 'Body field "name" is required' });
  });
});

describe("integrationProblems (the mock's check too)", () => {
  const declared = operations["things.list"].query;
  const list = (integration: string, values: Record<string, unknown>) => integrationProblems("things.list", "query", values, integration as never, declared);

  it("lists every broken rule, in the support table's order, with unsupported ones flagged", () => {
    expect(list("one", { colour: "blue", text: "t" })).toEqual([
      { parameter: "colour", integration: "One CRM", message: 'Query parameter "colour" must be one of red, pink for One CRM; got "blue"' },
      { parameter: "text", integration: "One CRM", message: 'Query parameter "text" is not supported by One CRM (supported by: Two CRM); Truto ignores it', unsupported: true },
      { parameter: "tags", integration: "One CRM", message: 'Query parameter "tags" is required for One CRM (allowed: a, b)' },
    ]);
    expect(list("three", { maybe: "yes" })).toEqual([]);
    expect(list("three", { colour: "blue", count: 1 })).toEqual([
      { parameter: "colour", integration: "Three CRM", message: 'Query parameter "colour" is not supported by Three CRM (supported by: One CRM, Two CRM); Truto ignores it', unsupported: true },
      { parameter: "count", integration: "Three CRM", message: 'Query parameter "count" is not supported by Three CRM (no integration lists it); Truto ignores it', unsupported: true },
    ]);
  });

  it("looks only at names the caller says are declared", () => {
    expect(integrationProblems("things.list", "query", { colour: "blue" }, "one" as never, {})).toEqual([]);
    expect(integrationProblems("things.list", "query", { colour: "blue" }, "one" as never, { colour: {} })).toEqual([
      { parameter: "colour", integration: "One CRM", message: 'Query parameter "colour" must be one of red, pink for One CRM; got "blue"' },
    ]);
  });

  it("reads the body table for body fields, naming them body.<field>; an operation with no table has no problems", () => {
    const fields = operations["things.create"].body.properties;
    expect(integrationProblems("things.create", "body", { kind: "y" }, "one" as never, fields)).toEqual([
      { parameter: "body.kind", integration: "One CRM", message: 'Body field "kind" must be one of x for One CRM; got "y"' },
      { parameter: "body.note", integration: "One CRM", message: 'Body field "note" is required for One CRM (allowed: ok, fine)' },
    ]);
    expect(integrationProblems("things.list", "body", { colour: "blue" }, "one" as never, declared)).toEqual([]);
    expect(integrationProblems("things.delete", "query", { colour: "blue" }, "one" as never, declared)).toEqual([]);
  });

  it("a null body field is present (it clears the field): an integration requiring it is satisfied", () => {
    const fields = operations["things.create"].body.properties;
    expect(integrationProblems("things.create", "body", { note: null }, "one" as never, fields)).toEqual([]);
  });

  it("an inherited value is not a value", () => {
    const values = Object.create({ text: "t" }) as Record<string, unknown>;
    expect(integrationProblems("things.list", "query", values, "two" as never, declared)).toEqual([
      { parameter: "text", integration: "Two CRM", message: 'Query parameter "text" is required for Two CRM' },
    ]);
  });
});

describe("bodies", () => {
  it("a required body must be there; an optional one may be left out; an operation without a body checks nothing", () => {
    expect(body(undefined)).toEqual({ parameter: "body", message: "things.create: the JSON body is required (arguments: path parameters, body, query, options)" });
    expect(body(undefined, "things.raw")).toBe("accepted");
    expect(body(undefined, "things.delete")).toBe("accepted");
    expect(body({ anything: 1 }, "things.delete")).toBe("accepted");
  });

  it("the body's own type", () => {
    expect(body([1])).toEqual({ parameter: "body", message: "things.create: the body must be a plain object, got an array" });
    expect(body("text")).toEqual({ parameter: "body", message: "things.create: the body must be a plain object, got string" });
    expect(body(null)).toEqual({ parameter: "body", message: "things.create: the body must be a plain object, got null" });
    expect(body(new Map())).toEqual({ parameter: "body", message: "things.create: the body must be a plain object, got a Map" });
    expect(body({ a: 1 }, "things.raw")).toEqual({ parameter: "body", message: "things.raw: the body must be of type array, got an object" });
    expect(body(["anything", 1], "things.raw")).toBe("accepted");
  });

  it("fields: required, type, enum, null where the schema allows it", () => {
    expect(body({ name: "n", size: 2, kind: "x", note: null })).toBe("accepted");
    expect(body({ size: 2 })).toEqual({ parameter: "body.name", message: 'Body field "name" is required' });
    expect(body({ name: null })).toEqual({ parameter: "body.name", message: 'Body field "name" must be of type string, got null' });
    expect(body({ name: "n", size: "2" })).toEqual({ parameter: "body.size", message: 'Body field "size" must be of type integer, got string' });
    expect(body({ name: "n", kind: "z" })).toEqual({ parameter: "body.kind", message: 'Body field "kind" must be one of x, y; got "z"' });
  });

  it("a null where the schema allows it clears the field: no enum check, and no integration value check", () => {
    expect(body({ name: "n", stage: null, note: null })).toBe("accepted");
    expect(body({ name: "n", stage: "lost" })).toEqual({ parameter: "body.stage", message: 'Body field "stage" must be one of open, won; got "lost"' });
    expect(body({ name: "n", note: null }, "things.create", as("one"))).toBe("accepted");
    expect(body({ name: "n", note: "meh" }, "things.create", as("one"))).toEqual({
      parameter: "body.note",
      message: 'Body field "note" must be one of ok, fine for One CRM; got "meh"',
      integration: "One CRM",
    });
  });

  // The mock checks the body as JSON (no coercion): each item of an array has its items' rules,
  // named as the mock names them (body.ids[0]).
  it("an array's items: type, enum and format, item by item, at any depth", () => {
    expect(body({ ids: ["1", "2"], stages: ["open", null], grid: [["2024-01-31T12:00:00Z"], []] }, "things.archive")).toBe("accepted");
    expect(body({ ids: [1] }, "things.archive")).toEqual({ parameter: "body.ids[0]", message: 'Body field "ids[0]" must be of type string, got number' });
    expect(body({ ids: ["1", null] }, "things.archive")).toEqual({ parameter: "body.ids[1]", message: 'Body field "ids[1]" must be of type string, got null' });
    expect(body({ ids: ["1"], stages: ["lost"] }, "things.archive")).toEqual({ parameter: "body.stages[0]", message: 'Body field "stages[0]" must be one of open, won; got "lost"' });
    expect(body({ ids: ["1"], grid: [["2024-01-31T12:00:00Z", "soon"]] }, "things.archive")).toEqual({
      parameter: "body.grid[0][1]",
      message: 'Body field "grid[0][1]" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date',
    });
    // No coercion in JSON: a text is no list, a list of one no text.
    expect(body({ ids: "1" }, "things.archive")).toEqual({ parameter: "body.ids", message: 'Body field "ids" must be of type array, got string' });
    expect(body({ name: ["n"] })).toEqual({ parameter: "body.name", message: 'Body field "name" must be of type string, got an array' });
    expect(body({ name: "n", kind: ["x"] })).toEqual({ parameter: "body.kind", message: 'Body field "kind" must be one of x, y; got an array' });
  });

  it("a closed schema takes no field it does not list", () => {
    expect(body({ name: "n", colour: "red" })).toEqual({ parameter: "body.colour", message: 'Body field "colour" is not in the schema; expected only: name, size, kind, note, stage' });
  });

  // Issue item 9: a closed body must refuse keys that are names of Object.prototype. On the old
  // code (767c348) the check was `key in rule.properties`, which is true for inherited names, so
  // { toString: … } or { constructor: … } passed the closed schema and was sent.
  it.each([["toString"], ["constructor"], ["hasOwnProperty"], ["valueOf"], ["__proto__"], ["isPrototypeOf"]])(
    "issue item 9: a closed body refuses the key %s (own keys of the schema only)",
    (key) => {
      const value = JSON.parse(`{"name":"n",${JSON.stringify(key)}:"x"}`) as Record<string, unknown>;
      expect(Object.keys(value)).toContain(key);
      expect(body(value)).toEqual({ parameter: `body.${key}`, message: `Body field "${key}" is not in the schema; expected only: name, size, kind, note, stage` });
    },
  );

  it("an open schema takes other fields, also Object.prototype names; with no type, a non-object body is not field-checked", () => {
    expect(body({ note: "n", extra: true, toString: "x" }, "things.open")).toBe("accepted");
    expect(body("free text", "things.untyped")).toBe("accepted");
    expect(body({}, "things.untyped")).toEqual({ parameter: "body.must", message: 'Body field "must" is required' });
    expect(body({ note: 5 }, "things.open")).toEqual({ parameter: "body.note", message: 'Body field "note" must be of type string, got number' });
    expect(body("free text", "things.open")).toBe("accepted");
  });

  it("a declared body field may carry a call option's name", () => {
    expect(body({ maxRetries: 2 }, "things.open")).toBe("accepted");
    expect(body({ maxRetries: "2" }, "things.open")).toEqual({ parameter: "body.maxRetries", message: 'Body field "maxRetries" must be of type integer, got string' });
  });

  it("integration rules on fields name the field as body.<name>", () => {
    expect(body({ name: "n", kind: "y", note: "ok" }, "things.create", as("one"))).toEqual({
      parameter: "body.kind",
      message: 'Body field "kind" must be one of x for One CRM; got "y"',
      integration: "One CRM",
    });
    expect(body({ name: "n" }, "things.create", as("one"))).toEqual({ parameter: "body.note", message: 'Body field "note" is required for One CRM (allowed: ok, fine)', integration: "One CRM" });
    expect(body({ name: "n", size: 1, note: "ok" }, "things.create", as("one", "error"))).toEqual({
      parameter: "body.size",
      message: 'Body field "size" is not supported by One CRM (supported by: Two CRM); Truto ignores it',
      integration: "One CRM",
    });
    expect(body({ name: "n", size: 1, note: "ok" }, "things.create", as("two"))).toBe("accepted");
  });
});

describe("messages.ts: the words the client and the mock share", () => {
  it("labels and messages, with and without what came", () => {
    expect([label.query("a"), label.body("b")]).toEqual(['Query parameter "a"', 'Body field "b"']);
    expect(message.type(label.query("a"), "string")).toBe('Query parameter "a" must be of type string');
    expect(message.type(label.query("a"), ["string", "null"], 5)).toBe('Query parameter "a" must be of type string or null, got number');
    expect(message.oneOf(label.query("a"), ["x", "y"])).toBe('Query parameter "a" must be one of x, y');
    expect(message.oneOf(label.query("a"), ["x", "y"], "z")).toBe('Query parameter "a" must be one of x, y; got "z"');
    expect(message.requiredBy(label.body("b"), "Keap")).toBe('Body field "b" is required for Keap');
    expect(message.requiredBy(label.body("b"), "Keap", ["x", "y"])).toBe('Body field "b" is required for Keap (allowed: x, y)');
    expect(message.oneOfFor(label.body("b"), ["x", "y"], "Keap", null)).toBe('Body field "b" must be one of x, y for Keap; got null');
    expect(message.unsupported(label.query("a"), "Keap", [])).toBe('Query parameter "a" is not supported by Keap (no integration lists it); Truto ignores it');
    expect([shown("x".repeat(40)), shown("x".repeat(41)), shown(["a"]), shown(7), shown(undefined)]).toEqual([JSON.stringify("x".repeat(40)), "string", "an array", "number", "undefined"]);
  });

  it("kind() names a value's class with the article it is read with", () => {
    expect([new AbortController(), new Error("x"), new Map(), new Date(0), new (class Invoice {})(), new DOMException("x")].map(kind)).toEqual([
      "an AbortController",
      "an Error",
      "a Map",
      "a Date",
      "an Invoice",
      "a DOMException",
    ]);
  });

  // Found while migrating (src/messages.ts, kind(): /^[AEIOU]/ gives "an URLSearchParams", "an
  // Uint8Array"): class names starting with U here are read "you". Fails until U takes "a".
  it("kind() says a URL…, a Uint8Array (U read as 'you')", () => {
    expect([new URLSearchParams(), new Uint8Array(1), new URL("http://x.test/")].map(kind)).toEqual(["a URLSearchParams", "a Uint8Array", "a URL"]);
  });
});
