// generated/mock.ts from a small hand-made spec: normalize(spec) reads each operation's kind from
// its method and path shape, its resource and reply, and each resource's record schema (resolved,
// x-* and annotations stripped); emitMock, emitEndpoints and emitSupport print that model, keyed by
// operationId. Then the mock, on exactly those tables, answers the shapes the fixture API does not
// have: a delete answering `{ id }` only, a custom method answering `{ result: [records] }`, a
// custom method of a resource with no other route.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emitEndpoints } from "../../scripts/lib/emit-endpoints.js";
import { emitMock } from "../../scripts/lib/emit-mock.js";
import { emitSupport } from "../../scripts/lib/emit-support.js";
import { normalize } from "../../scripts/lib/model.js";
import type { BundledSpec } from "../../scripts/lib/spec.js";
import type { MockTruto } from "../../src/mock/index.js";
import { IDS, TOKEN } from "../helpers/constants.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const json = (schema: unknown) => ({ content: { "application/json": { schema } } });
const ACCOUNT_PARAM = { $ref: "#/components/parameters/account" };
const THING = { $ref: "#/components/schemas/Thing" };
const ACME = { acme: {} };

/** Truto's conventions, lint-clean: Truto's own parameters and envelope fields x-truto-specific, record fields with support. */
function makeSpec(): BundledSpec {
  return {
    info: { title: "Small" },
    "x-truto-integrations": { acme: { name: "Acme" } },
    paths: {
      "/unified/x/things": {
        get: {
          operationId: "x.things.list",
          parameters: [ACCOUNT_PARAM, { name: "limit", in: "query", schema: { type: "integer" }, "x-truto-specific": true }, { name: "next_cursor", in: "query", schema: { type: "string" }, "x-truto-specific": true }],
          responses: {
            "200": json({ type: "object", properties: { result: { type: "array", items: THING, "x-truto-specific": true }, next_cursor: { type: ["string", "null"], "x-truto-specific": true } } }),
          },
        },
      },
      "/unified/x/things/{id}": {
        delete: {
          operationId: "x.things.delete",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, "x-truto-support": {} }, ACCOUNT_PARAM],
          responses: { "200": json({ type: "object", properties: { id: { type: "string", "x-truto-specific": true } } }) },
        },
      },
      "/unified/x/things/search": {
        post: {
          operationId: "x.things.search",
          parameters: [ACCOUNT_PARAM],
          requestBody: { required: true, ...json({ type: "object", properties: { ids: { type: "array", items: { type: "string" }, "x-truto-support": ACME } } }) },
          responses: { "200": json({ type: "object", properties: { result: { type: "array", items: THING, "x-truto-specific": true } } }) },
        },
      },
      "/unified/x/lonely/ping": {
        post: {
          operationId: "x.lonely.ping",
          parameters: [ACCOUNT_PARAM],
          responses: {
            "200": json({
              type: "object",
              properties: { result: { type: "object", required: ["ok"], properties: { ok: { type: "boolean" }, at: { type: "string", format: "date-time" } }, "x-truto-specific": true } },
            }),
          },
        },
      },
    },
    components: {
      parameters: { account: { name: "integrated_account_id", in: "query", required: true, schema: { type: "string", format: "uuid" }, "x-truto-specific": true } },
      schemas: {
        Thing: {
          type: "object",
          required: ["id", "size"],
          description: "A thing",
          properties: {
            id: { type: "string", description: "Its id", "x-truto-support": ACME },
            size: { type: "integer", minimum: 3, maximum: 5, example: 4, "x-truto-support": ACME },
            tags: { type: "array", items: { type: "string" }, "x-truto-support": ACME },
            owner: { allOf: [{ type: "object", properties: { id: { type: "string" } } }, { properties: { email: { type: "string", format: "email" } } }], "x-truto-support": ACME },
          },
        },
      },
    },
  } as unknown as BundledSpec;
}

/** Imports a generated module printed into a temporary folder. */
async function importPrinted<T>(name: string, text: string): Promise<T> {
  const dir = resolve(await mkdtemp(join(await mkdir(".artifacts", { recursive: true }).then(() => ".artifacts"), "mock-emit-")));
  try {
    await writeFile(join(dir, name), text);
    return (await import(join(dir, name))) as T;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("the model and generated/mock.ts", () => {
  it("classifies each operation by method and path shape: kind, resource, reply, the fields of a narrower reply", () => {
    const model = normalize(makeSpec());
    expect(model.operations.map((op) => [op.operationId, op.method, op.path, op.mock])).toEqual([
      ["x.lonely.ping", "POST", "/unified/x/lonely/ping", { kind: "custom", resource: "/unified/x/lonely", reply: "example" }],
      ["x.things.delete", "DELETE", "/unified/x/things/{id}", { kind: "delete", resource: "/unified/x/things", reply: "record", fields: ["id"] }],
      ["x.things.list", "GET", "/unified/x/things", { kind: "list", resource: "/unified/x/things", reply: "page" }],
      ["x.things.search", "POST", "/unified/x/things/search", { kind: "custom", resource: "/unified/x/things", reply: "result-records" }],
    ]);
  });

  it("emitMock prints the model keyed by operationId: kind, resource, reply, path/query/body schemas, an example reply's schema", async () => {
    const { mockOperations, mockResources } = await importPrinted<Record<string, any>>("mock.ts", emitMock(normalize(makeSpec()), "spec.yaml"));
    expect(Object.keys(mockOperations)).toEqual(["x.lonely.ping", "x.things.delete", "x.things.list", "x.things.search"]);
    const summary = Object.fromEntries(Object.entries(mockOperations).map(([operationId, op]: [string, any]) => [operationId, [op.kind, op.resource, op.reply, op.fields]]));
    expect(summary).toEqual({
      "x.things.delete": ["delete", "/unified/x/things", "record", ["id"]],
      "x.things.list": ["list", "/unified/x/things", "page", undefined],
      "x.lonely.ping": ["custom", "/unified/x/lonely", "example", undefined],
      "x.things.search": ["custom", "/unified/x/things", "result-records", undefined],
    });
    expect(mockOperations["x.things.list"].query).toEqual({
      type: "object",
      properties: { integrated_account_id: { type: "string", format: "uuid" }, limit: { type: "integer" }, next_cursor: { type: "string" } },
      required: ["integrated_account_id"],
    });
    expect(mockOperations["x.things.delete"].path).toEqual({ type: "object", properties: { id: { type: "string" } }, required: ["id"] });
    expect([mockOperations["x.things.search"].body, mockOperations["x.things.search"].bodyRequired]).toEqual([
      { type: "object", properties: { ids: { type: "array", items: { type: "string" } } } },
      true,
    ]);
    // Only an example reply carries its success schema; records and pages come from the store.
    expect(mockOperations["x.lonely.ping"].response.properties.result.required).toEqual(["ok"]);
    expect(Object.entries(mockOperations).filter(([, op]: [string, any]) => "response" in op).map(([operationId]) => operationId)).toEqual(["x.lonely.ping"]);
    expect(Object.keys(mockResources)).toEqual(["/unified/x/lonely", "/unified/x/things"]);
  });

  it("finds each resource's record component, resolved with x-* and annotations stripped", async () => {
    const { mockResources } = await importPrinted<Record<string, any>>("mock.ts", emitMock(normalize(makeSpec()), "spec.yaml"));
    expect(mockResources["/unified/x/things"].component).toBe("Thing");
    expect(mockResources["/unified/x/things"].record.required).toEqual(["id", "size"]);
    expect(mockResources["/unified/x/things"].record.properties.id).toEqual({ type: "string" });
    expect(mockResources["/unified/x/things"].record.properties.size).toEqual({ type: "integer", minimum: 3, maximum: 5 });
    expect(mockResources["/unified/x/things"].record.properties.owner.allOf).toHaveLength(2);
    // A resource whose only operation answers an inline result has no component: an id-only record.
    expect(mockResources["/unified/x/lonely"]).toEqual({ record: { type: "object", properties: { id: { type: "string" } } } });
    expect(JSON.stringify(mockResources)).not.toMatch(/"x-|description|example|\$ref/);
  });

  it("emitEndpoints and emitSupport print the same model keyed by operationId", async () => {
    const model = normalize(makeSpec());
    const { operations } = await importPrinted<Record<string, any>>("endpoints.ts", emitEndpoints(model, "spec.yaml"));
    const { fieldSupport } = await importPrinted<Record<string, any>>("support.ts", emitSupport(model, "spec.yaml"));
    expect(Object.keys(operations)).toEqual(model.operations.map((op) => op.operationId));
    expect([operations["x.things.list"].records, operations["x.things.list"].pages, operations["x.things.search"].records, operations["x.things.delete"].records]).toEqual([
      "result[]",
      { cursor: "next_cursor", items: "result" },
      "result[]",
      "body",
    ]);
    expect(fieldSupport["x.things.list"]).toEqual({ id: ACME, size: ACME, tags: ACME, owner: ACME });
    expect(fieldSupport["x.things.delete"]).toEqual({ id: "all" });
  });

  it("refuses a schema that refers to itself, naming the chain", () => {
    const spec = makeSpec() as any;
    spec.components.schemas.Thing.properties.parent = THING;
    expect(() => normalize(spec)).toThrow(
      new Error("the schema #/components/schemas/Thing refers to itself (#/components/schemas/Thing -> #/components/schemas/Thing); the generated tables need finite schemas"),
    );
  });
});

describe("the mock on those tables", () => {
  let dir: string;
  let mock: MockTruto;
  let account: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${mock.url}${path}${path.includes("?") ? "&" : "?"}integrated_account_id=${account}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    await mkdir(".artifacts", { recursive: true });
    dir = resolve(await mkdtemp(".artifacts/mock-shapes-"));
    const model = normalize(makeSpec());
    await writeFile(join(dir, "endpoints.ts"), emitEndpoints(model, "spec.yaml"));
    await writeFile(join(dir, "support.ts"), emitSupport(model, "spec.yaml"));
    await writeFile(join(dir, "mock.ts"), emitMock(model, "spec.yaml"));
    // src/ itself on these tables, in place of generated/.
    vi.resetModules();
    vi.doMock("../../generated/endpoints.js", () => import(join(dir, "endpoints.ts")));
    vi.doMock("../../generated/support.js", () => import(join(dir, "support.ts")));
    vi.doMock("../../generated/mock.js", () => import(join(dir, "mock.ts")));
    const { createMockTruto } = await import("../../src/mock/index.js");
    mock = await createMockTruto({ token: TOKEN, seed: 9 });
    account = (mock.accounts as unknown as Record<string, string>).acme!;
  });
  afterAll(async () => {
    vi.doUnmock("../../generated/endpoints.js");
    vi.doUnmock("../../generated/support.js");
    vi.doUnmock("../../generated/mock.js");
    await mock?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("seeds records valid against the component (bounds, allOf, formats), answered by the list", async () => {
    const ajv = addFormats(new Ajv2020({ strict: false }));
    const strip = (schema: unknown) => JSON.parse(JSON.stringify(schema, (key, value) => (key.startsWith("x-") ? undefined : value)));
    const valid = ajv.compile({ ...strip((makeSpec() as any).components.schemas.Thing), unevaluatedProperties: false });
    const { status, body } = await call("GET", "/unified/x/things");
    expect([status, body.result.map((t: { id: string }) => t.id), body.next_cursor, body.result_count]).toEqual([200, [...IDS], null, 5]);
    for (const thing of body.result) expect(valid(thing), JSON.stringify(valid.errors)).toBe(true);
    expect(Object.keys(body.result[0])).toEqual(["id", "size", "tags", "owner"]);
    expect(Object.keys(body.result[0].owner).sort()).toEqual(["email", "id"]);
  });

  it("a delete whose success body lists only id answers only the id, then 404", async () => {
    expect(await call("DELETE", `/unified/x/things/${IDS[4]}`)).toEqual({ status: 200, body: { id: IDS[4] } });
    expect(await call("DELETE", `/unified/x/things/${IDS[4]}`)).toEqual({
      status: 404,
      body: { statusCode: 404, error: "Not Found", message: `No record with id "${IDS[4]}" in /unified/x/things` },
    });
  });

  it("a custom method answering records: those its body names by ids, else all; the store is unchanged", async () => {
    const { body: listed } = await call("GET", "/unified/x/things");
    const byId = Object.fromEntries(listed.result.map((t: { id: string }) => [t.id, t]));
    expect(await call("POST", "/unified/x/things/search", { ids: [IDS[1], "nope", IDS[0]] })).toEqual({ status: 200, body: { result: [byId[IDS[1]], byId[IDS[0]]] } });
    expect(await call("POST", "/unified/x/things/search", {})).toEqual({ status: 200, body: { result: listed.result } });
    expect((await call("GET", "/unified/x/things")).body).toEqual(listed);
  });

  it("a custom method of a resource with no other route answers an example of its schema, the same each time", async () => {
    const first = await call("POST", "/unified/x/lonely/ping");
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(["result"]);
    expect(typeof first.body.result.ok).toBe("boolean");
    expect(first.body.result.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(await call("POST", "/unified/x/lonely/ping")).toEqual(first);
  });
});
