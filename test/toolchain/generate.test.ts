// npm run generate is deterministic and what is committed in generated/ is what it writes; the
// tables are keyed by operationId and printed from one normalised model (scripts/lib/model.ts),
// whose every part is checked here on the fixture API (test/fixtures/shapes/) and on small specs.
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleSpec } from "../../scripts/lib/bundle.js";
import { GENERATED_PREFIX } from "../../scripts/lib/generated-header.js";
import { normalize, type ApiModel, type OperationModel } from "../../scripts/lib/model.js";
import { renderGenerated } from "../../scripts/lib/render.js";
import type { BundledSpec } from "../../scripts/lib/spec.js";
import { buildFixtureApi, FIXTURE_SPEC, TICKETS } from "../helpers/fixture-api.js";

describe("generate", () => {
  it("renders byte-identical files on two runs, equal to the committed generated/", async () => {
    const first = await renderGenerated();
    const second = await renderGenerated();
    expect(Object.keys(first)).toEqual(["openapi.json", "schema.d.ts", "support.ts", "endpoints.ts", "mock.ts", "README.md"]);
    for (const [name, content] of Object.entries(first)) {
      expect(second[name], name).toBe(content);
      expect(await readFile(`generated/${name}`, "utf8"), `generated/${name} is stale: run npm run generate`).toBe(content);
    }
  });

  it("marks every generated file as generated, naming the source and the command", async () => {
    const files = await renderGenerated();
    const header = `${GENERATED_PREFIX} from openapi/openapi.yaml (npm run generate). Do not edit.`;
    for (const name of ["schema.d.ts", "support.ts", "endpoints.ts", "mock.ts"]) {
      expect(files[name]!.split("\n")[0], name).toBe(`// ${header}`);
    }
    expect(JSON.parse(files["openapi.json"]!)["x-generated"]).toBe(header);
    expect(Object.keys(JSON.parse(files["openapi.json"]!))[0]).toBe("x-generated");
    expect(files["README.md"]).toContain("DO NOT EDIT FILES IN THIS DIRECTORY");
  });

  it("keys the endpoint tree's leaves and the operation table by operationId (the real spec)", async () => {
    const { endpoints, operations } = await import("../../generated/endpoints.js");
    expect(endpoints).toEqual({ crm: { engagements: { delete: "crm.engagements.delete" } } });
    expect(Object.keys(operations)).toEqual(["crm.engagements.delete"]);
    const operation = operations["crm.engagements.delete"];
    expect(operation.method).toBe("DELETE");
    expect(operation.path).toBe("/unified/crm/engagements/{id}");
    expect(operation.pathParams).toEqual(["id"]);
    expect(operation.status).toBe(200);
    expect(operation.records).toBe("body");
    expect("pages" in operation || "body" in operation || "idempotencyKey" in operation).toBe(false);
    // Query rules in the spec's order; path parameters are not query parameters.
    expect(Object.keys(operation.query)).toEqual([
      "engagement_type", "sort_by", "content", "subject", "direction", "created_at", "updated_at", "status", "account", "contact",
      "integrated_account_id", "truto_response_format", "truto_ignore_remote_data", "truto_exclude_fields", "remote_query",
    ]);
    // Types too (the client checks them as the query arrives: text, read with coercion), and array items' rules.
    expect(operation.query.integrated_account_id).toEqual({ required: true, type: "string", format: "uuid" });
    expect(operation.query.sort_by).toEqual({ enum: ["created_at", "updated_at"] });
    expect(operation.query.created_at).toEqual({ type: "string", format: "date-time" });
    expect(operation.query.truto_response_format).toEqual({ type: "string", enum: ["unified", "raw", "normalized", "stream"] });
    expect(operation.query.truto_ignore_remote_data).toEqual({ type: "boolean" });
    expect(operation.query.truto_exclude_fields).toEqual({ type: "array", items: { type: "string" } });
    expect(operation.query.account).toEqual({ type: "object" });
    expect(operation.query.contact).toEqual({ type: "array", items: { type: "object" } });
    expect(operation.query.remote_query).toEqual({ type: "object" });
  });

  it("derives the support tables from the extensions, per operationId; field support is per record field (the real spec)", async () => {
    const { parameterSupport, bodySupport, fieldSupport, integrations } = await import("../../generated/support.js");
    const support = parameterSupport["crm.engagements.delete"];
    expect(Object.keys(support)[0]).toBe("id");
    expect(support.engagement_type.keap).toEqual({ required: true, values: ["email", "meeting"] });
    expect(support.engagement_type.planhat).toEqual({});
    expect(support.integrated_account_id).toBe("all");
    expect(support.truto_exclude_fields).toBe("all");
    expect(support.direction).toEqual({});
    expect(bodySupport).toEqual({});
    const fields = fieldSupport["crm.engagements.delete"];
    expect(fields.id).toEqual({ capsule: {}, copper: {}, mondaycrm: {}, pipedrive: {}, pipeliner: {}, planhat: {}, zohocrm: {} });
    expect(fields.status).toEqual({ planhat: {} });
    expect(fields.direction).toEqual({});
    // Truto's own field: for every integration.
    expect(fields.remote_data).toBe("all");
    // The Engagement record's 22 fields, and none of its references' nested fields (none carries support).
    expect(Object.keys(fields)).toHaveLength(22);
    expect(Object.keys(fields).filter((name) => name.includes("."))).toEqual([]);
    expect(integrations.zohocrm).toEqual({ name: "Zoho CRM" });
  });

  it("merges path-item parameters into each operation and allOf request bodies into one object (fixture API)", async () => {
    const api = await buildFixtureApi({ copySrc: false });
    try {
      const { endpoints, operations } = await api.load("generated/endpoints.ts");
      expect(endpoints).toEqual({
        fixture: {
          tickets: {
            archive: "fixture.tickets.archive",
            create: "fixture.tickets.create",
            delete: "fixture.tickets.delete",
            get: "fixture.tickets.get",
            list: "fixture.tickets.list",
            merge: "fixture.tickets.merge",
            update: "fixture.tickets.update",
          },
        },
      });
      expect(operations["fixture.tickets.get"]).toEqual({
        method: "GET",
        path: "/unified/fixture/tickets/{id}",
        pathParams: ["id"],
        query: { integrated_account_id: { required: true, type: "string", format: "uuid" } },
        status: 200,
        records: "body",
      });
      // The path item's two parameters, and the operation's own Idempotency-Key header.
      expect(operations["fixture.tickets.update"]).toMatchObject({ pathParams: ["id"], query: { integrated_account_id: { required: true, type: "string", format: "uuid" } }, idempotencyKey: "Idempotency-Key" });
      expect(operations["fixture.tickets.merge"].body).toEqual({
        required: true,
        type: "object",
        properties: { id: { required: true, type: "string" }, other_ids: { required: true, type: "array", items: { type: "string" } } },
      });
      const { bodySupport, fieldSupport } = await api.load("generated/support.ts");
      expect(bodySupport["fixture.tickets.merge"]).toEqual({ id: { acme: {}, globex: {} }, other_ids: { acme: {}, globex: {} } });
      expect(Object.keys(bodySupport["fixture.tickets.merge"])).toEqual(["id", "other_ids"]);
      // Record-level: the list's records are its result's items, the merge's its result.
      expect(Object.keys(fieldSupport)).toEqual(["fixture.tickets.create", "fixture.tickets.delete", "fixture.tickets.get", "fixture.tickets.list", "fixture.tickets.merge", "fixture.tickets.update"]);
      expect(fieldSupport["fixture.tickets.list"]).toEqual(fieldSupport["fixture.tickets.get"]);
      expect(fieldSupport["fixture.tickets.merge"].priority).toEqual({ acme: { values: ["low", "high"] }, globex: { values: ["low", "normal", "high"] } });
    } finally {
      await api.remove();
    }
  });
});

/** The model of an operation without its schemas (checked apart): what the emitters print. */
function outline(op: OperationModel) {
  return {
    method: op.method,
    path: op.path,
    parameters: op.parameters.map(({ name, in: at, required, rule, support }) => ({ name, in: at, required, rule, support })),
    ...(op.idempotencyKey ? { idempotencyKey: op.idempotencyKey } : {}),
    ...(op.body ? { body: { required: op.body.required, type: op.body.type, closed: op.body.closed, fields: op.body.fields.map(({ name, required, rule, support }) => ({ name, required, rule, support })) } } : {}),
    success: op.success.status,
    ...(op.records ? { records: { at: op.records.at, fields: op.records.fields.map(({ name, required, support }) => ({ name, required, support })) } } : {}),
    ...(op.pages ? { pages: op.pages } : {}),
    mock: op.mock,
  };
}

const ACCOUNT_PARAMETER = { name: "integrated_account_id", in: "query", required: true, rule: { required: true, type: "string", format: "uuid" }, support: "all" };
const ID_PARAMETER = { name: "id", in: "path", required: true, rule: { required: true, type: "string" }, support: {} };
const TICKET_FIELDS = [
  { name: "id", required: false, support: { acme: {}, globex: {}, initech: {} } },
  { name: "subject", required: false, support: { acme: {}, globex: {} } },
  { name: "priority", required: false, support: { acme: { values: ["low", "high"] }, globex: { values: ["low", "normal", "high"] } } },
  { name: "due_at", required: false, support: { globex: {} } },
  { name: "created_at", required: false, support: {} },
];

describe("normalize(): the one model of the spec (fixture API)", () => {
  let spec: BundledSpec;
  let model: ApiModel;
  beforeAll(async () => {
    spec = await bundleSpec(FIXTURE_SPEC, "redocly.yaml");
    model = normalize(spec);
  });
  const operation = (id: string) => model.operations.find((op) => op.operationId === id)!;

  it("lists every operation once, sorted by operationId, and the spec's integrations in its order", () => {
    expect(model.operations.map((op) => op.operationId)).toEqual([
      "fixture.tickets.archive",
      "fixture.tickets.create",
      "fixture.tickets.delete",
      "fixture.tickets.get",
      "fixture.tickets.list",
      "fixture.tickets.merge",
      "fixture.tickets.update",
    ]);
    expect(model.integrations).toEqual({ acme: { name: "Acme CRM" }, globex: { name: "Globex" }, initech: { name: "Initech" } });
    expect(Object.keys(model.integrations)).toEqual(["acme", "globex", "initech"]);
  });

  it("list: query parameters in the spec's order with rules and support, records in result[], cursor pages", () => {
    expect(outline(operation("fixture.tickets.list"))).toEqual({
      method: "GET",
      path: TICKETS,
      parameters: [
        { name: "priority", in: "query", required: false, rule: { type: "string", enum: ["low", "normal", "high"] }, support: { acme: { values: ["low", "high"] }, globex: {} } },
        { name: "owner", in: "query", required: false, rule: { type: "string" }, support: { globex: { required: true } } },
        ACCOUNT_PARAMETER,
        { name: "limit", in: "query", required: false, rule: { type: "integer" }, support: "all" },
        { name: "next_cursor", in: "query", required: false, rule: { type: "string" }, support: "all" },
      ],
      success: 200,
      records: { at: "result[]", fields: TICKET_FIELDS },
      pages: { cursor: "next_cursor", items: "result" },
      mock: { kind: "list", resource: TICKETS, reply: "page" },
    });
  });

  it("get and delete: the path item's parameters, path parameter first; the record is the body", () => {
    for (const [id, method, kind] of [["fixture.tickets.get", "GET", "get"], ["fixture.tickets.delete", "DELETE", "delete"]] as const) {
      expect(outline(operation(id)), id).toEqual({
        method,
        path: `${TICKETS}/{id}`,
        parameters: [ID_PARAMETER, ACCOUNT_PARAMETER],
        success: 200,
        records: { at: "body", fields: TICKET_FIELDS },
        mock: { kind, resource: TICKETS, reply: "record" },
      });
    }
  });

  it("create: 201, Idempotency-Key, body fields with their rules (type included) and support", () => {
    expect(outline(operation("fixture.tickets.create"))).toEqual({
      method: "POST",
      path: TICKETS,
      parameters: [ACCOUNT_PARAMETER],
      idempotencyKey: "Idempotency-Key",
      body: {
        required: true,
        type: "object",
        closed: false,
        fields: [
          { name: "subject", required: true, rule: { required: true, type: "string" }, support: { acme: { required: true }, globex: {} } },
          { name: "priority", required: false, rule: { type: "string", enum: ["low", "normal", "high"] }, support: { acme: { values: ["low", "high"] }, globex: { required: true, values: ["low", "normal", "high"] } } },
          { name: "due_at", required: false, rule: { type: "string", format: "date-time" }, support: { globex: {} } },
        ],
      },
      success: 201,
      records: { at: "body", fields: TICKET_FIELDS },
      mock: { kind: "create", resource: TICKETS, reply: "record" },
    });
  });

  it("update: the path item's parameters merged with its own header, a closed body with nullable fields", () => {
    const update = operation("fixture.tickets.update");
    expect(outline(update)).toEqual({
      method: "PATCH",
      path: `${TICKETS}/{id}`,
      parameters: [ID_PARAMETER, ACCOUNT_PARAMETER],
      idempotencyKey: "Idempotency-Key",
      body: {
        required: true,
        type: "object",
        closed: true,
        fields: [
          { name: "subject", required: false, rule: { type: "string" }, support: { acme: {}, globex: {} } },
          { name: "priority", required: false, rule: { type: ["string", "null"], enum: ["low", "normal", "high"] }, support: { acme: { values: ["low", "high"] }, globex: {} } },
          { name: "due_at", required: false, rule: { type: ["string", "null"], format: "date-time" }, support: { globex: {} } },
        ],
      },
      success: 200,
      records: { at: "body", fields: TICKET_FIELDS },
      mock: { kind: "update", resource: TICKETS, reply: "record" },
    });
    // The resolved schema keeps null among a nullable enum's values, and drops annotations.
    expect(update.body!.schema).toEqual({
      type: "object",
      additionalProperties: false,
      properties: {
        subject: { type: "string" },
        priority: { type: ["string", "null"], enum: ["low", "normal", "high", null] },
        due_at: { type: ["string", "null"], format: "date-time" },
      },
    });
  });

  it("merge: a custom method whose allOf body is one object and whose record is in result", () => {
    const merge = operation("fixture.tickets.merge");
    expect(outline(merge)).toEqual({
      method: "POST",
      path: `${TICKETS}/merge`,
      parameters: [ACCOUNT_PARAMETER],
      idempotencyKey: "Idempotency-Key",
      body: {
        required: true,
        type: "object",
        closed: false,
        // The allOf parts' fields in the spec's order.
        fields: [
          { name: "id", required: true, rule: { required: true, type: "string" }, support: { acme: {}, globex: {} } },
          { name: "other_ids", required: true, rule: { required: true, type: "array", items: { type: "string" } }, support: { acme: {}, globex: {} } },
        ],
      },
      success: 200,
      records: { at: "result", fields: TICKET_FIELDS },
      mock: { kind: "custom", resource: TICKETS, reply: "result-record" },
    });
    expect(merge.body!.schema).toEqual({
      type: "object",
      required: ["id", "other_ids"],
      properties: { id: { type: "string" }, other_ids: { type: "array", items: { type: "string" } } },
    });
    expect(Object.keys(merge.body!.schema.properties as object)).toEqual(["id", "other_ids"]);
  });

  it("archive: a custom method answering 204 holds no records and the mock replies with nothing", () => {
    const archive = operation("fixture.tickets.archive");
    expect(outline(archive)).toEqual({
      method: "POST",
      path: `${TICKETS}/archive`,
      parameters: [ACCOUNT_PARAMETER],
      body: { required: true, type: "object", closed: false, fields: [{ name: "ids", required: true, rule: { required: true, type: "array", items: { type: "string" } }, support: {} }] },
      success: 204,
      mock: { kind: "custom", resource: TICKETS, reply: "none" },
    });
    expect(archive.success).toEqual({ status: 204 });
  });

  it("resolves schemas: $refs inlined, only validation keywords, x- extensions and descriptions gone", () => {
    const list = operation("fixture.tickets.list");
    expect(list.parameters.map((p) => p.schema)).toEqual([
      { type: "string", enum: ["low", "normal", "high"] },
      { type: "string" },
      { type: "string", format: "uuid" },
      { type: "integer", minimum: 1 },
      { type: "string" },
    ]);
    const ticket = {
      type: "object",
      properties: {
        id: { type: "string" },
        subject: { type: "string" },
        priority: { type: "string", enum: ["low", "normal", "high"] },
        due_at: { type: "string", format: "date-time" },
        created_at: { type: "string", format: "date-time" },
      },
    };
    expect(operation("fixture.tickets.get").success.schema).toEqual(ticket);
    expect(operation("fixture.tickets.merge").success.schema).toEqual({ type: "object", required: ["result"], properties: { result: ticket } });
    expect(list.records!.fields.map((f) => f.schema)).toEqual(Object.values(ticket.properties));
    expect(model.resources).toEqual({ [TICKETS]: { component: "Ticket", record: ticket } });
  });

  it("is deterministic: the same model on every run, whatever the order of paths and methods, and the spec left as it was", () => {
    const before = structuredClone(spec);
    const text = JSON.stringify(model);
    expect(JSON.stringify(normalize(spec))).toBe(text);
    expect(spec).toEqual(before);
    const reversed = <T extends object>(object: T): T => Object.fromEntries(Object.entries(object).reverse()) as T;
    const reordered: BundledSpec = { ...spec, paths: reversed(Object.fromEntries(Object.entries(spec.paths).map(([path, item]) => [path, reversed(item)]))) };
    expect(Object.keys(reordered.paths)).not.toEqual(Object.keys(spec.paths));
    expect(JSON.stringify(normalize(reordered))).toBe(text);
  });
});

/** A bundled spec of its own paths and schemas, with the integrations acme and globex (typed loosely: some are broken on purpose). */
function specOf(paths: Record<string, unknown>, schemas: Record<string, unknown> = {}): BundledSpec {
  return { openapi: "3.1.0", info: { title: "t", version: "0" }, "x-truto-integrations": { acme: { name: "Acme" }, globex: { name: "Globex" } }, paths, components: { schemas } } as unknown as BundledSpec;
}
const ok = (schema: unknown) => ({ "200": { content: { "application/json": { schema } } } });
const param = (name: string, at: "path" | "query", extra: Record<string, unknown> = {}) => ({ name, in: at, schema: { type: "string" }, "x-truto-support": {}, ...(at === "path" ? { required: true } : {}), ...extra });

describe("normalize(): rules shown on small specs", () => {
  it("puts path parameters in path order, whatever order the spec declares them in, then query parameters in the spec's order", () => {
    const model = normalize(
      specOf({
        "/unified/crm/{parent_id}/things/{id}": {
          get: { operationId: "crm.things.get", parameters: [param("b", "query"), param("id", "path"), param("a", "query"), param("parent_id", "path")], responses: ok({ type: "object", properties: {} }) },
        },
      }),
    );
    expect(model.operations[0]!.parameters.map((p) => `${p.in} ${p.name}`)).toEqual(["path parent_id", "path id", "query b", "query a"]);
  });

  it("lets an operation's own parameter win over the path item's of the same name and location", () => {
    const model = normalize(
      specOf({
        "/unified/crm/things/{id}": {
          parameters: [param("id", "path"), param("kind", "query", { required: true })],
          get: { operationId: "crm.things.get", parameters: [param("kind", "query", { "x-truto-support": { acme: {} } })], responses: ok({ type: "object", properties: {} }) },
        },
      }),
    );
    expect(model.operations[0]!.parameters.map(({ name, required, support }) => ({ name, required, support }))).toEqual([
      { name: "id", required: true, support: {} },
      { name: "kind", required: false, support: { acme: {} } },
    ]);
  });

  it("lists nested record fields where support is given (parent.child, items[].child), and a partial record reply's fields for the mock", () => {
    const thing = {
      type: "object",
      required: ["id"],
      properties: {
        id: { type: "string", "x-truto-support": { acme: {} } },
        owner: { type: "object", "x-truto-support": {}, properties: { id: { type: "string", "x-truto-support": { globex: {} } }, name: { type: "string" } } },
        tags: { type: "array", "x-truto-support": {}, items: { type: "object", properties: { label: { type: "string", "x-truto-support": { acme: {} } } } } },
        remote_data: { type: "object", "x-truto-specific": true },
      },
    };
    const model = normalize(
      specOf(
        {
          "/unified/crm/things/{id}": {
            get: { operationId: "crm.things.get", responses: ok({ $ref: "#/components/schemas/Thing" }) },
            delete: { operationId: "crm.things.delete", responses: ok({ type: "object", properties: { id: { type: "string", "x-truto-support": { acme: {} } } } }) },
          },
        },
        { Thing: thing },
      ),
    );
    const [remove, get] = model.operations;
    expect(get!.records!.fields.map(({ name, required, support }) => [name, required, support])).toEqual([
      ["id", true, { acme: {} }],
      ["owner", false, {}],
      ["owner.id", false, { globex: {} }],
      ["tags", false, {}],
      ["tags[].label", false, { acme: {} }],
      ["remote_data", false, "all"],
    ]);
    expect(get!.mock).toEqual({ kind: "get", resource: "/unified/crm/things", reply: "record" });
    // The delete answers only the id: the mock keeps that field of the stored record.
    expect(remove!.mock).toEqual({ kind: "delete", resource: "/unified/crm/things", reply: "record", fields: ["id"] });
    expect(model.resources["/unified/crm/things"]!.component).toBe("Thing");
  });

  it("gives each parameter and body field its type, enum and format, and an array's items' rules at any depth (a $ref followed; no empty items rule)", () => {
    const model = normalize(
      specOf(
        {
          "/unified/crm/things": {
            get: {
              operationId: "crm.things.list",
              parameters: [
                param("tags", "query", { schema: { type: "array", items: { type: "string", enum: ["a", "b"] } } }),
                param("grid", "query", { schema: { type: "array", items: { type: "array", items: { type: "integer" } } } }),
                param("refs", "query", { schema: { type: "array", items: { $ref: "#/components/schemas/When" } } }),
                param("anything", "query", { schema: { type: "array", items: {} } }),
                param("flag", "query", { schema: { type: "boolean" } }),
              ],
              responses: ok({ type: "object", properties: {} }),
            },
            post: {
              operationId: "crm.things.create",
              requestBody: { content: { "application/json": { schema: { type: "object", properties: { ids: { type: "array", items: { type: ["string", "null"] } } } } } } },
              responses: ok({ type: "object" }),
            },
          },
        },
        { When: { type: "string", format: "date-time" } },
      ),
    );
    const [create, list] = model.operations;
    expect(Object.fromEntries(list!.parameters.map((p) => [p.name, p.rule]))).toEqual({
      tags: { type: "array", items: { type: "string", enum: ["a", "b"] } },
      grid: { type: "array", items: { type: "array", items: { type: "integer" } } },
      refs: { type: "array", items: { type: "string", format: "date-time" } },
      anything: { type: "array" },
      flag: { type: "boolean" },
    });
    expect(create!.body!.fields.map((field) => field.rule)).toEqual([{ type: "array", items: { type: ["string", "null"] } }]);
  });

  it("refuses what it cannot model, naming the operation", () => {
    const noSuccess = specOf({ "/unified/crm/things": { get: { operationId: "crm.things.list", responses: { "404": {} } } } });
    expect(() => normalize(noSuccess)).toThrow(new Error("crm.things.list: no 2xx response"));
    const noJsonBody = specOf({ "/unified/crm/things": { post: { operationId: "crm.things.create", requestBody: { content: { "text/plain": {} } }, responses: ok({ type: "object" }) } } });
    expect(() => normalize(noJsonBody)).toThrow(new Error("crm.things.create: the request body needs an application/json schema"));
    const cursorWithoutResult = specOf({
      "/unified/crm/things": { get: { operationId: "crm.things.list", parameters: [param("next_cursor", "query")], responses: ok({ type: "object", properties: { next_cursor: { type: "string" } } }) } },
    });
    expect(() => normalize(cursorWithoutResult)).toThrow(new Error('crm.things.list: a response with "next_cursor" needs its records in "result"'));
    const selfReferring = specOf(
      { "/unified/crm/things/{id}": { get: { operationId: "crm.things.get", responses: ok({ $ref: "#/components/schemas/Node" }) } } },
      { Node: { type: "object", properties: { child: { $ref: "#/components/schemas/Node" } } } },
    );
    expect(() => normalize(selfReferring)).toThrow(
      new Error("the schema #/components/schemas/Node refers to itself (#/components/schemas/Node -> #/components/schemas/Node); the generated tables need finite schemas"),
    );
  });
});
