// generated/mock.ts from a spec: each operation's kind from method and path shape, its resource and
// reply, the record schema from the component, schemas resolved and stripped; and the mock's
// answers for the shapes the fixture API does not have (a delete answering `{ id }` only, a custom
// method answering `{ result: [records] }`, a custom method of a resource with no other route).
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitEndpoints } from "../../scripts/lib/emit-endpoints.js";
import { emitMock } from "../../scripts/lib/emit-mock.js";
import { emitSupport } from "../../scripts/lib/emit-support.js";
import type { BundledSpec } from "../../scripts/lib/spec.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const json = (schema: unknown) => ({ content: { "application/json": { schema } } });
const ACCOUNT = { $ref: "#/components/parameters/account" };
const THING = { $ref: "#/components/schemas/Thing" };

function makeSpec(): BundledSpec {
  return {
    "x-truto-integrations": { acme: { name: "Acme" } },
    paths: {
      "/unified/x/things": {
        get: {
          operationId: "x.things.list",
          parameters: [ACCOUNT, { name: "limit", in: "query", schema: { type: "integer" }, "x-truto-specific": true }, { name: "next_cursor", in: "query", schema: { type: "string" }, "x-truto-specific": true }],
          responses: { "200": json({ type: "object", properties: { result: { type: "array", items: THING }, next_cursor: { type: ["string", "null"] } } }) },
        },
      },
      "/unified/x/things/{id}": {
        delete: {
          operationId: "x.things.delete",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, ACCOUNT],
          responses: { "200": json({ type: "object", properties: { id: { type: "string", "x-truto-specific": true } } }) },
        },
      },
      "/unified/x/things/search": {
        post: {
          operationId: "x.things.search",
          parameters: [ACCOUNT],
          requestBody: { required: true, ...json({ type: "object", properties: { ids: { type: "array", items: { type: "string" } } } }) },
          responses: { "200": json({ type: "object", properties: { result: { type: "array", items: THING, "x-truto-specific": true } } }) },
        },
      },
      "/unified/x/lonely/ping": {
        post: {
          operationId: "x.lonely.ping",
          parameters: [ACCOUNT],
          responses: { "200": json({ type: "object", properties: { result: { type: "object", required: ["ok"], properties: { ok: { type: "boolean" }, at: { type: "string", format: "date-time" } } } } }) },
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
            id: { type: "string", description: "Its id", "x-truto-support": { acme: {} } },
            size: { type: "integer", minimum: 3, maximum: 5, example: 4 },
            tags: { type: "array", items: { type: "string" } },
            owner: { allOf: [{ type: "object", properties: { id: { type: "string" } } }, { properties: { email: { type: "string", format: "email" } } }] },
          },
        },
      },
    },
  } as unknown as BundledSpec;
}

describe("emitMock", () => {
  it("classifies by method and path shape, finds the record component, strips x-* and annotations", async () => {
    const dir = resolve(await mkdtemp(join(await mkdir(".artifacts", { recursive: true }).then(() => ".artifacts"), "mock-emit-")));
    try {
      await writeFile(join(dir, "mock.ts"), emitMock(makeSpec(), "spec.yaml"));
      const { mockOperations, mockResources } = await import(join(dir, "mock.ts"));
      const summary = Object.fromEntries(Object.entries(mockOperations).map(([route, op]: [string, any]) => [route, [op.kind, op.resource, op.reply, op.fields]]));
      expect(summary).toEqual({
        "DELETE /unified/x/things/{id}": ["delete", "/unified/x/things", "record", ["id"]],
        "GET /unified/x/things": ["list", "/unified/x/things", "page", undefined],
        "POST /unified/x/lonely/ping": ["custom", "/unified/x/lonely", "example", undefined],
        "POST /unified/x/things/search": ["custom", "/unified/x/things", "result-records", undefined],
      });
      expect(Object.keys(mockResources)).toEqual(["/unified/x/lonely", "/unified/x/things"]);
      expect(mockResources["/unified/x/things"].component).toBe("Thing");
      expect(mockResources["/unified/x/things"].record.properties.id).toEqual({ type: "string" });
      expect(mockResources["/unified/x/things"].record.properties.size).toEqual({ type: "integer", minimum: 3, maximum: 5 });
      expect(JSON.stringify(mockResources)).not.toMatch(/"x-|description|example|\$ref/);
      expect(mockOperations["GET /unified/x/things"].query.required).toEqual(["integrated_account_id"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a schema that refers to itself, naming the chain", () => {
    const spec = makeSpec() as any;
    spec.components.schemas.Thing.properties.parent = THING;
    expect(() => emitMock(spec, "spec.yaml")).toThrow(
      "generated/mock.ts: the schema #/components/schemas/Thing refers to itself (#/components/schemas/Thing -> #/components/schemas/Thing); the mock needs finite schemas",
    );
  });
});

describe("the mock on those shapes", () => {
  let dir: string;
  let mock: any;
  let account: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${mock.url}${path}${path.includes("?") ? "&" : "?"}integrated_account_id=${account}`, {
      method,
      headers: { authorization: "Bearer t", ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    await mkdir(".artifacts", { recursive: true });
    dir = resolve(await mkdtemp(".artifacts/mock-shapes-"));
    const spec = makeSpec();
    await mkdir(join(dir, "generated"));
    await writeFile(join(dir, "generated", "endpoints.ts"), emitEndpoints(spec, "spec.yaml"));
    await writeFile(join(dir, "generated", "support.ts"), emitSupport(spec, "spec.yaml"));
    await writeFile(join(dir, "generated", "mock.ts"), emitMock(spec, "spec.yaml"));
    await cp("src", join(dir, "src"), { recursive: true });
    const { createMockTruto } = await import(join(dir, "src/mock/index.ts"));
    mock = await createMockTruto({ seed: 9 });
    account = mock.accounts.acme;
  });
  afterAll(async () => {
    await mock?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("seeds records valid against the component (bounds, allOf, formats), answered by the list", async () => {
    const ajv = addFormats(new Ajv2020({ strict: false }));
    const strip = (schema: unknown) => JSON.parse(JSON.stringify(schema, (key, value) => (key.startsWith("x-") ? undefined : value)));
    const valid = ajv.compile({ ...strip((makeSpec() as any).components.schemas.Thing), unevaluatedProperties: false });
    const { status, body } = await call("GET", "/unified/x/things");
    expect([status, body.result.map((t: { id: string }) => t.id), body.next_cursor, body.result_count]).toEqual([200, ["23423523", "23423524", "23423525", "23423526", "23423527"], null, 5]);
    for (const thing of body.result) expect(valid(thing), JSON.stringify(valid.errors)).toBe(true);
    expect(Object.keys(body.result[0].owner).sort()).toEqual(["email", "id"]);
  });

  it("a delete whose success body lists only id answers only the id", async () => {
    expect(await call("DELETE", "/unified/x/things/23423527")).toEqual({ status: 200, body: { id: "23423527" } });
    expect((await call("DELETE", "/unified/x/things/23423527")).status).toBe(404);
  });

  it("a custom method answering records: those its body names by ids, else all; the store is unchanged", async () => {
    const { body: listed } = await call("GET", "/unified/x/things");
    const byId = Object.fromEntries(listed.result.map((t: { id: string }) => [t.id, t]));
    expect(await call("POST", "/unified/x/things/search", { ids: ["23423524", "nope", "23423523"] })).toEqual({ status: 200, body: { result: [byId["23423524"], byId["23423523"]] } });
    expect(await call("POST", "/unified/x/things/search", {})).toEqual({ status: 200, body: { result: listed.result } });
    expect((await call("GET", "/unified/x/things")).body).toEqual(listed);
  });

  it("a custom method of a resource with no other route answers an example of its schema", async () => {
    const first = await call("POST", "/unified/x/lonely/ping");
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(["result"]);
    expect(typeof first.body.result.ok).toBe("boolean");
    expect(first.body.result.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(await call("POST", "/unified/x/lonely/ping")).toEqual(first);
  });
});
