// A query parameter's type is checked before sending as the mock (like Truto) reads the query: the
// text the client's serializer writes, parsed by qs, checked by ajv with coerceTypes "array". So
// the client refuses exactly what the mock would answer 400 for, never what goes on the wire as a
// valid value does ("true" is the bytes of true, 5 the digits of "5", a list of one its item).
// The oracle is the mock's own check: createTruto().answer() for the real spec's operation (every
// parameter it declares), and routeChecks() on a small spec of the types the real one lacks
// (integer, number, null, integer enums, arrays of them, arrays of arrays, untyped enums and
// formats, several types).
import fc from "fast-check";
import qs from "qs";
import { describe, expect, it } from "vitest";
import { normalize } from "../../scripts/lib/model.js";
import type { BundledSpec } from "../../scripts/lib/spec.js";
import { operations } from "../../generated/endpoints.js";
import { createTrutoClient, TrutoValidationError } from "../../src/index.js";
import { routeChecks } from "../../src/mock/checks.js";
import { createTruto } from "../../src/mock/truto.js";
import type { Operation } from "../../src/model.js";
import { serializeQuery } from "../../src/query.js";
import { checkQuery } from "../../src/validate.js";
import { ACCOUNT, IDS, TEST_ACCOUNTS, TOKEN } from "../helpers/constants.js";

const RUNS = Number(process.env.QUERY_TYPE_RUNS ?? 300);

/** Per parameter: how many generated values were refused before sending, and how many were sent. */
const tally = new Map<string, { refused: number; sent: number }>();

// Values of every kind the serializer writes, weighted towards texts that coerce (numbers,
// booleans, "", enum values, UUIDs, date-times). Records' keys are never canonical integers (qs reads
// `a[0]=x` back as a list: see query.test.ts) and records hold only scalars, or containers under
// keys the spec's schemas do not declare: properties of object parameters are not checked before
// sending (only the parameter's type and its items').
const SPECIAL_TEXTS = ["", " ", "true", "false", "TRUE", "1", "0", "-1", "1.5", "1e3", "0x10", " 2 ", "Infinity", "NaN", "null", "a", "b"];
const VALUE_TEXTS = ["email", "call", "sms", "created_at", "unified", "stream", "id", ACCOUNT, ACCOUNT.toUpperCase(), "2024-01-31T12:00:00Z", "2024-02-30T12:00:00Z"];
const text = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...SPECIAL_TEXTS));
const scalar = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 3, arbitrary: fc.oneof(fc.constantFrom(...VALUE_TEXTS), fc.constantFrom(ACCOUNT, new Date(0))) },
  fc.integer({ min: -3, max: 3 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.date({ noInvalidDate: true }),
  fc.constantFrom(null, undefined),
);
const key = fc.string({ minLength: 1, maxLength: 4 }).filter((k) => !/^(?:0|[1-9]\d*)$/.test(k) && !/[[\]]/.test(k) && k !== "__proto__" && k !== "id");
const record = fc.oneof(
  fc.dictionary(fc.oneof(key, fc.constant("id")), scalar, { maxKeys: 3 }),
  fc.dictionary(key, fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(key, scalar, { maxKeys: 2 })), { maxKeys: 3 }),
);
const list = fc.oneof(
  fc.array(scalar, { maxLength: 3 }),
  fc.array(fc.oneof(scalar, fc.array(scalar, { maxLength: 2 })), { maxLength: 3 }),
  fc.array(fc.oneof(scalar, record), { maxLength: 3 }),
);
const anyValue = fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 2, arbitrary: list }, { weight: 1, arbitrary: record });

/** What the client did with a query: refused it before sending (with what), or sent this query string. */
type Outcome = { refused: { parameter: string; message: string } } | { sent: string };
/** What the mock said about a query string: its 400 message, or nothing. */
type Verdict = string | undefined;

/** The message without what came ("got …" is the caller's value for the client, the text for the mock). */
const withoutGot = (message: string) => message.replace(/[,;] got .*$/, "");

/** The property: refused before sending iff the mock answers 400 for the parameter, in the same words. */
function agree(name: string, outcome: Outcome, verdict: Verdict, search: string): void {
  const counts = tally.get(name) ?? { refused: 0, sent: 0 };
  tally.set(name, counts);
  counts["refused" in outcome ? "refused" : "sent"]++;
  // As the URL parser writes it into a Request (' as %27: what the mock receives).
  const asSent = (text: string) => new URL(`http://mock.test/?${text}`).search.slice(1);
  const sentAs = asSent(search);
  const mockRefused = verdict !== undefined && (verdict.startsWith(`Query parameter "${name}"`) || verdict.startsWith(`Query parameter "${name}[`));
  if ("refused" in outcome) {
    expect(verdict, `refused ${outcome.refused.message}, but the mock accepts ${sentAs}`).toBeDefined();
    expect(mockRefused, `the mock refuses ${sentAs} for another reason: ${verdict}`).toBe(true);
    expect(withoutGot(outcome.refused.message)).toBe(withoutGot(verdict!));
    // What came, in a type's message, is what arrived there: the same words when it was a text, a list or a record.
    if (/must be of type .*, got (string|an array|an object)$/.test(outcome.refused.message)) expect(outcome.refused.message).toBe(verdict);
    expect(outcome.refused.message.startsWith(`Query parameter "${outcome.refused.parameter}"`)).toBe(true);
  } else {
    expect(asSent(outcome.sent)).toBe(sentAs);
    expect(mockRefused, `sent ${sentAs}, which the mock refuses: ${verdict}`).toBe(false);
  }
}

/** Each parameter's values were both refused and sent: the property was tested on both sides. */
function expectBoth(name: string): void {
  const counts = tally.get(name)!;
  if (process.env.QUERY_TYPE_TALLY) console.log(name, counts);
  expect(counts.refused, `${name}: values refused`).toBeGreaterThan(0);
  expect(counts.sent, `${name}: values sent`).toBeGreaterThan(0);
}

describe("the real spec: every query parameter of crm.engagements.delete, through the whole client", () => {
  const core = createTruto({ token: TOKEN, integrations: { ...TEST_ACCOUNTS } });
  const path = `/unified/crm/engagements/${IDS[0]}`;
  let sent: string | undefined;
  // A client on no network: the query string it would send is recorded and answered {}.
  const truto = createTrutoClient({
    token: TOKEN,
    baseUrl: "http://mock.test",
    maxRetries: 0,
    fetch: async (request: Request) => {
      sent = new URL(request.url).search.slice(1);
      return Response.json({});
    },
  });
  const names = Object.keys(operations["crm.engagements.delete"].query);

  async function outcome(query: Record<string, unknown>): Promise<Outcome> {
    sent = undefined;
    try {
      await truto.crm.engagements.delete(IDS[0], query as never);
    } catch (error) {
      expect(error).toBeInstanceOf(TrutoValidationError);
      expect(sent).toBeUndefined();
      const { parameter, message } = error as TrutoValidationError;
      return { refused: { parameter, message } };
    }
    return { sent: sent! };
  }

  function verdict(search: string): Verdict {
    core.reset();
    const reply = core.answer({ method: "DELETE", url: `${path}?${search}`, headers: { authorization: `Bearer ${TOKEN}` }, body: "" });
    return reply.status === 400 ? (reply.body as { message: string }).message : undefined;
  }

  it("declares the parameters this test covers", () => {
    expect(names).toEqual([
      "engagement_type",
      "sort_by",
      "content",
      "subject",
      "direction",
      "created_at",
      "updated_at",
      "status",
      "account",
      "contact",
      "integrated_account_id",
      "truto_response_format",
      "truto_ignore_remote_data",
      "truto_exclude_fields",
      "remote_query",
    ]);
  });

  it.each(names.map((name) => [name]))("%s: refused before sending iff the mock answers 400 for it", async (name) => {
    await fc.assert(
      fc.asyncProperty(anyValue, async (value) => {
        const query = name === "integrated_account_id" ? { integrated_account_id: value } : { integrated_account_id: ACCOUNT, [name]: value };
        const search = new URL(`http://mock.test/?${serializeQuery(query)}`).search.slice(1);
        agree(name, await outcome(query), verdict(search), search);
      }),
      { numRuns: RUNS },
    );
    expectBoth(name);
  });
});

/** A one-operation spec of query parameters of these schemas: the client's check and the mock's (routeChecks) of it. */
function smallSpec(schemas: Record<string, unknown>) {
  const spec = {
    openapi: "3.1.0",
    info: { title: "t", version: "0" },
    "x-truto-integrations": { acme: { name: "Acme" } },
    paths: {
      "/unified/crm/things": {
        get: {
          operationId: "crm.things.list",
          parameters: Object.entries(schemas).map(([name, schema]) => ({ name, in: "query", schema, "x-truto-support": {} })),
          responses: { "200": { content: { "application/json": { schema: { type: "object", properties: {} } } } } },
        },
      },
    },
    components: { schemas: {} },
  } as unknown as BundledSpec;
  const model = normalize(spec).operations[0]!;
  const operation: Operation = { method: "GET", path: "/unified/crm/things", pathParams: [], status: 200, query: Object.fromEntries(model.parameters.map((p) => [p.name, p.rule])) };
  const checks = routeChecks({
    operationId: model.operationId,
    operation,
    mock: { kind: "list", resource: "/unified/crm/things", reply: "example", path: { type: "object" }, query: { type: "object", properties: Object.fromEntries(model.parameters.map((p) => [p.name, p.schema])) } },
    pattern: /^\/unified\/crm\/things$/,
  });
  const context = { integration: undefined, unsupported: "allow", warn: () => {}, accountToken: false } as const;

  function outcome(query: Record<string, unknown>): Outcome {
    try {
      checkQuery(model.operationId, operation, query, context);
    } catch (error) {
      expect(error).toBeInstanceOf(TrutoValidationError);
      const { parameter, message } = error as TrutoValidationError;
      return { refused: { parameter, message } };
    }
    return { sent: serializeQuery(query) };
  }

  // As src/mock/truto.ts parses a query (parseQuery).
  const verdict = (search: string): Verdict => checks.query(qs.parse(search, { depth: 10, arrayLimit: search.length, parameterLimit: search.length + 1 }) as Record<string, unknown>);
  return { outcome, verdict };
}

describe("a small spec of the other types, against the mock's check (routeChecks)", () => {
  const schemas: Record<string, unknown> = {
    count: { type: "integer" },
    ratio: { type: "number" },
    flag: { type: "boolean" },
    maybe: { type: ["string", "null"] },
    level: { type: "integer", enum: [1, 2, 3] },
    loose: { enum: [1, "a"] },
    counts: { type: "array", items: { type: "integer" } },
    flags: { type: "array", items: { type: "boolean" } },
    grid: { type: "array", items: { type: "array", items: { type: "string" } } },
    letters: { type: "array", items: { type: "string", enum: ["a", "b"] } },
    marks: { type: "array", items: { enum: ["a", "b"] } },
    since: { type: "string", format: "date-time" },
    stamp: { format: "uuid" },
    filter: { type: "object" },
    either: { type: ["integer", "boolean"] },
    gap: { type: ["integer", "null"] },
    none: { type: "null" },
  };
  const { outcome, verdict } = smallSpec(schemas);

  it.each(Object.keys(schemas).map((name) => [name]))("%s: refused before sending iff the mock's check refuses it", (name) => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const query = { [name]: value };
        const search = serializeQuery(query);
        agree(name, outcome(query), verdict(search), search);
      }),
      { numRuns: RUNS },
    );
    expectBoth(name);
  });
});

// The edge values of test/unit/validate.test.ts ("the edges of each rule"), which generated values
// rarely reach: the mock decides each as the client does (a date-time's ranges and leap seconds, an
// enum of booleans or with null after coercion, a type that does not coerce beside one that does, a
// format without a type, the limits of depth and items, siblings that are not nested).
describe("edge values, against the mock's check (routeChecks)", () => {
  const { outcome, verdict } = smallSpec({
    since: { type: "string", format: "date-time" },
    when: { format: "date-time" },
    yes: { type: "boolean", enum: [true] },
    nulls: { type: ["integer", "null"], enum: [1, null] },
    mixed: { type: ["object", "integer"] },
    count: { type: "integer" },
    tags: { type: "array", items: { type: "string", enum: ["a", "b"] } },
  });
  const nested = (depth: number, inner: unknown): unknown => (depth === 0 ? inner : [nested(depth - 1, inner)]);
  const shared = ["a"];
  const sent: Record<string, unknown>[] = [
    ...["2024-01-31T12:00:00+23:59", "2024-01-31T12:00:00-23:59", "2024-01-31T12:00:00+00:59", "2024-01-31T23:30:00Z", "2024-01-31T12:59:00Z"],
    ...["2024-06-30T23:59:60Z", "2024-06-30T23:59:60-00:00", "2024-07-01T00:59:60+01:00", "2024-06-30T22:59:60-01:00", "2024-07-01T00:00:60+00:01"],
    ...["2024-06-30T23:58:60-00:01", "2024-06-30T00:00:60-23:59", "2024-07-01T23:58:60+23:59"],
  ].map((since) => ({ since }));
  const refused: Record<string, unknown>[] = [
    ...["2024-06-30T23:30:60Z", "2024-06-30T22:59:60Z", "2024-06-30T23:59:60+23:59", "2024-07-01T00:00:60+00:02", "2024-06-30T23:59:60-00:01"],
    ...["2024-01-31T12:00:00+00:60", "2024-01-31T12:00:00+24:00", "2024-00-01T12:00:00Z", "2024-13-31T12:00:00Z", "2024-12-00T12:00:00Z"],
    ...["2024-01-31T24:30:00Z", "2024-01-31T23:60:00Z"],
  ].map((since) => ({ since }));
  sent.push(
    { when: ["soon"] },
    { when: { at: "soon" } },
    { yes: "true" },
    { yes: ["true"] },
    { nulls: "" },
    { nulls: [""] },
    { nulls: "1" },
    { mixed: "5" },
    { mixed: { a: "1" } },
    { tags: Array.from({ length: 1_000 }, () => "a") },
  );
  refused.push(
    { when: "soon" },
    { yes: "false" },
    { nulls: "2" },
    { mixed: "1.5" },
    { count: nested(32, "a") },
    { tags: [...Array.from({ length: 999 }, () => "a"), "d"] },
    { tags: [shared, shared, "d"] },
    { tags: [...Array.from({ length: 35 }, () => ["a"]), "d"] },
  );

  // Named by the parameter and the value's JSON, cut short (a list of 1,000 items).
  const named = (query: Record<string, unknown>, side: "sent" | "refused") => [JSON.stringify(query).slice(0, 60), query, side] as const;
  it.each([...sent.map((query) => named(query, "sent")), ...refused.map((query) => named(query, "refused"))])("%s is %s, as the mock decides", (_, query, side) => {
    const [name] = Object.keys(query) as [string];
    const search = serializeQuery(query);
    const result = outcome(query);
    expect(side in result).toBe(true);
    agree(name, result, verdict(search), search);
  });
});
