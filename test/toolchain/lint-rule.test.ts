// The truto/x-truto-support lint rule: passes the real spec and the fixture, and fails each
// broken copy of the fixture for the right reason, at the right place.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { lintFromString, loadConfig, type Config } from "@redocly/openapi-core";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { bundleSpec } from "../../scripts/lib/bundle.js";
import { FIXTURE_SPEC } from "../helpers/fixture-api.js";

type Doc = Record<string, any>;
let config: Config;
let base: Doc;

beforeAll(async () => {
  config = await loadConfig({ configPath: "redocly.yaml" });
  base = parse(await readFile("test/fixtures/lint/base.yaml", "utf8"));
});

/** Lints a mutated copy of the fixture; returns "pointer: message" for each problem. */
async function lintWith(mutate: (doc: Doc) => void): Promise<string[]> {
  const doc = structuredClone(base);
  mutate(doc);
  const problems = await lintFromString({ source: stringify(doc), absoluteRef: "/fixture.yaml", config });
  return problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
}

const op = (doc: Doc) => doc.paths["/unified/crm/things/{id}"].delete;
const param = (doc: Doc, name: string) => op(doc).parameters.find((p: { name: string }) => p.name === name);
const kind = (doc: Doc) => param(doc, "kind");
const thing = (doc: Doc) => doc.components.schemas.Thing;
const P = "#/paths/~1unified~1crm~1things~1{id}/delete/parameters";
const RULE = "truto/x-truto-support";

describe("truto/x-truto-support", () => {
  it("passes the fixture with no problem at all", async () => {
    expect(await lintWith(() => {})).toEqual([]);
  });

  it("fails an unknown integration slug, naming parameter and slug", async () => {
    expect(await lintWith((doc) => (kind(doc)["x-truto-support"].zoho = {}))).toEqual([
      `${RULE} ${P}/2/x-truto-support/zoho: parameter "kind": unknown integration "zoho" in x-truto-support (known: keap, planhat)`,
    ]);
  });

  it("fails a value outside the schema's enum", async () => {
    expect(await lintWith((doc) => (kind(doc)["x-truto-support"].keap.values = ["email", "note"]))).toEqual([
      `${RULE} ${P}/2/x-truto-support/keap/values/1: parameter "kind": x-truto-support.keap.values: "note" is not in the schema's enum (call, email, meeting)`,
    ]);
  });

  it("takes numbers in values when the enum lists numbers, telling 10 from \"10\"", async () => {
    const pageSize = (values: unknown[]) => (doc: Doc) =>
      op(doc).parameters.push({ name: "page_size", in: "query", description: "Per page.", schema: { type: "integer", enum: [10, 50, 100] }, "x-truto-support": { keap: { values } } });
    expect(await lintWith(pageSize([10, 50]))).toEqual([]);
    expect(await lintWith(pageSize([10, "50"]))).toEqual([
      `${RULE} ${P}/3/x-truto-support/keap/values/1: parameter "page_size": x-truto-support.keap.values: "50" is not in the schema's enum (10, 50, 100)`,
    ]);
  });

  it("fails a value listed twice", async () => {
    expect(await lintWith((doc) => (kind(doc)["x-truto-support"].keap.values = ["email", "email"]))).toEqual([
      `${RULE} ${P}/2/x-truto-support/keap/values/1: parameter "kind": x-truto-support.keap.values lists "email" twice`,
    ]);
  });

  it("fails values on a parameter whose schema has no enum", async () => {
    expect(await lintWith((doc) => (param(doc, "id")["x-truto-support"] = { keap: { values: ["a"] } }))).toEqual([
      `${RULE} ${P}/0/x-truto-support/keap/values: parameter "id": x-truto-support.keap.values: the schema has no enum, so no values can be listed`,
    ]);
  });

  it("fails a parameter with no extension", async () => {
    expect(await lintWith((doc) => delete kind(doc)["x-truto-support"])).toEqual([
      `${RULE} ${P}/2: parameter "kind" has no x-truto-support (use {} when the reference page lists no integration)`,
    ]);
  });

  it("fails a response property with no extension", async () => {
    expect(await lintWith((doc) => delete thing(doc).properties.owner["x-truto-support"])).toEqual([
      `${RULE} #/components/schemas/Thing/properties/owner: property "owner" has no x-truto-support (use {} when the reference page lists no integration)`,
    ]);
  });

  it("takes remote_data as a field Truto adds to every record: x-truto-specific: true, no x-truto-support", async () => {
    const remoteData = (extension: Doc) => (doc: Doc) => (thing(doc).properties.remote_data = { type: "object", additionalProperties: true, description: "Raw data", ...extension });
    expect(await lintWith(remoteData({ "x-truto-specific": true }))).toEqual([]);
    expect(await lintWith(remoteData({ "x-truto-support": {} }))).toEqual([
      `${RULE} #/components/schemas/Thing/properties/remote_data/x-truto-support: property "remote_data": a field Truto adds to every record takes x-truto-specific: true, not x-truto-support (it is not per integration)`,
    ]);
    // Both extensions: the support map is what is wrong.
    expect(await lintWith(remoteData({ "x-truto-specific": true, "x-truto-support": { keap: {} } }))).toEqual([
      `${RULE} #/components/schemas/Thing/properties/remote_data/x-truto-support: property "remote_data": a field Truto adds to every record takes x-truto-specific: true, not x-truto-support (it is not per integration)`,
    ]);
    expect(await lintWith(remoteData({}))).toEqual([
      `${RULE} #/components/schemas/Thing/properties/remote_data: property "remote_data": a field Truto adds to every record needs x-truto-specific: true`,
    ]);
    // Only at the record's top level: a nested remote_data is an ordinary field.
    expect(await lintWith((doc) => (thing(doc).properties.owner.properties.remote_data = { type: "object", "x-truto-specific": true }))).toEqual([
      `${RULE} #/components/schemas/Thing/properties/owner/properties/remote_data/x-truto-specific: property "remote_data": only the envelope fields of a response (result, next_cursor, prev_cursor, result_count, is_partial_response) and a record's top-level remote_data take x-truto-specific`,
    ]);
  });

  it("fails a parameter or a property named __proto__ (no call could send or read it)", async () => {
    const reason = 'the name "__proto__" cannot be a parameter or field (in an object literal it sets the prototype, so the client could not send or read it)';
    expect(await lintWith((doc) => (kind(doc).name = "__proto__"))).toEqual([`${RULE} ${P}/2/name: parameter "__proto__": ${reason}`]);
    // An own property, as YAML gives it (an assignment would set the prototype).
    const proto = { type: "string", description: "Proto", "x-truto-support": {} };
    expect(await lintWith((doc) => Object.defineProperty(thing(doc).properties, "__proto__", { value: proto, enumerable: true }))).toEqual([
      `${RULE} #/components/schemas/Thing/properties/__proto__: property "__proto__": ${reason}`,
    ]);
  });

  it("fails x-truto-support under a request body field (the client checks top-level body fields only), not in a response", async () => {
    const owner = { type: "object", description: "The owner", "x-truto-support": { keap: {} }, properties: { kind: { type: "string", enum: ["user", "team"], "x-truto-support": { keap: { required: true } } } } };
    const withBody = (doc: Doc) => {
      thing(doc).properties.owner.properties.id["x-truto-support"] = { keap: {} };
      op(doc).requestBody = { content: { "application/json": { schema: { type: "object", properties: { owner, thing: { $ref: "#/components/schemas/Thing", "x-truto-support": {} } } } } } };
    };
    const refused = (at: string, name: string) => `${RULE} ${at}/x-truto-support: property "${name}": x-truto-support under a request body field is not supported yet (the client checks the body's top-level fields only); give it to the top-level field`;
    // The record schema is fine in the response; under the body field `thing`, each field's support is refused.
    expect(await lintWith(withBody)).toEqual([
      refused("#/paths/~1unified~1crm~1things~1{id}/delete/requestBody/content/application~1json/schema/properties/owner/properties/kind", "kind"),
      refused("#/components/schemas/Thing/properties/id", "id"),
      refused("#/components/schemas/Thing/properties/owner", "owner"),
      refused("#/components/schemas/Thing/properties/owner/properties/id", "id"),
    ]);
  });

  it("checks nested properties that carry the extension, without requiring it there", async () => {
    expect(await lintWith((doc) => (thing(doc).properties.owner.properties.id["x-truto-support"] = { hubspot: {} }))).toEqual([
      `${RULE} #/components/schemas/Thing/properties/owner/properties/id/x-truto-support/hubspot: property "id": unknown integration "hubspot" in x-truto-support (known: keap, planhat)`,
    ]);
  });

  it("fails required: false and unknown entry keys (the unknown key from Redocly's struct rule, through the plugin's node types)", async () => {
    expect(await lintWith((doc) => (kind(doc)["x-truto-support"].planhat = { required: false, value: ["call"] }))).toEqual([
      `${RULE} ${P}/2/x-truto-support/planhat/required: parameter "kind": x-truto-support.planhat.required must be true (omit it when not required)`,
      `struct ${P}/2/x-truto-support/planhat/value: Property \`value\` is not expected here.`,
    ]);
  });

  it("fails a Truto-specific parameter that also lists support", async () => {
    expect(await lintWith((doc) => (param(doc, "integrated_account_id")["x-truto-support"] = {}))).toEqual([
      `${RULE} ${P}/1/x-truto-support: parameter "integrated_account_id": x-truto-specific parameters apply to every integration and take no x-truto-support`,
    ]);
  });

  it("fails a bad integration slug and a missing display name", async () => {
    expect(await lintWith((doc) => (doc["x-truto-integrations"]["Zoho CRM"] = { label: "Zoho CRM" }))).toEqual([
      `${RULE} #/x-truto-integrations/Zoho CRM: x-truto-integrations: slug "Zoho CRM" must be lowercase letters and digits only`,
      "struct #/x-truto-integrations/Zoho CRM: The field `name` must be present on this level.",
      "struct #/x-truto-integrations/Zoho CRM/label: Property `label` is not expected here.",
    ]);
  });

  it("fails x-truto-specific other than true, a references entry without its field, an empty display name", async () => {
    expect(
      await lintWith((doc) => {
        param(doc, "integrated_account_id")["x-truto-specific"] = "yes";
        thing(doc).properties.owner["x-truto-references"] = { resource: "Owners" };
        doc["x-truto-integrations"].planhat.name = " ";
      }),
    ).toEqual([
      `${RULE} #/x-truto-integrations/planhat/name: x-truto-integrations: "planhat" needs a non-empty display name in "name"`,
      `struct ${P}/1/x-truto-specific: Expected type \`boolean\` but got \`string\`.`,
      "struct #/components/schemas/Thing/properties/owner/x-truto-references: The field `field` must be present on this level.",
    ]);
  });

  it("fails an operationId that cannot become a resource method", async () => {
    expect(await lintWith((doc) => (op(doc).operationId = "deleteThing"))).toEqual([
      `rule/operation-id-dotted ${P.replace("/parameters", "")}/operationId: operationId must be dotted lowercase names (namespace.resource.method), e.g. crm.engagements.delete`,
    ]);
  });
});

describe("truto/x-truto-support on every operation shape (the fixture API, bundled)", () => {
  let shapes: Doc;
  beforeAll(async () => {
    shapes = (await bundleSpec(FIXTURE_SPEC, "redocly.yaml")) as Doc;
  });
  const lintShapes = async (mutate: (doc: Doc) => void) => {
    const doc = structuredClone(shapes);
    mutate(doc);
    const problems = await lintFromString({ source: stringify(doc), absoluteRef: "/shapes.yaml", config });
    return problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
  };
  const LIST = "#/paths/~1unified~1fixture~1tickets/get";
  const list = (doc: Doc) => doc.paths["/unified/fixture/tickets"].get;
  const page = (doc: Doc) => list(doc).responses["200"].content["application/json"].schema;
  const input = (doc: Doc) => doc.components.schemas.TicketInput;

  it("passes the fixture: envelope fields Truto-specific, records and body fields with support data", async () => {
    expect(await lintShapes(() => {})).toEqual([]);
  });

  it("fails an envelope field with x-truto-support, or with neither extension", async () => {
    expect(
      await lintShapes((doc) => {
        delete page(doc).properties.next_cursor["x-truto-specific"];
        page(doc).properties.next_cursor["x-truto-support"] = {};
        delete page(doc).properties.result_count["x-truto-specific"];
      }),
    ).toEqual([
      `${RULE} ${LIST}/responses/200/content/application~1json/schema/properties/next_cursor/x-truto-support: property "next_cursor": an envelope field of Truto's takes x-truto-specific: true, not x-truto-support (it is not per integration)`,
      `${RULE} ${LIST}/responses/200/content/application~1json/schema/properties/result_count: property "result_count": an envelope field of Truto's needs x-truto-specific: true`,
    ]);
  });

  it("requires support data on the records inside result, and refuses x-truto-specific elsewhere", async () => {
    expect(
      await lintShapes((doc) => {
        delete doc.components.schemas.Ticket.properties.subject["x-truto-support"];
        doc.components.schemas.Ticket.properties.created_at["x-truto-specific"] = true;
      }),
    ).toEqual([
      `${RULE} #/components/schemas/Ticket/properties/subject: property "subject" has no x-truto-support (use {} when the reference page lists no integration)`,
      `${RULE} #/components/schemas/Ticket/properties/created_at/x-truto-specific: property "created_at": only the envelope fields of a response (result, next_cursor, prev_cursor, result_count, is_partial_response) and a record's top-level remote_data take x-truto-specific`,
    ]);
  });

  it("takes remote_data on the records inside result as Truto's own: x-truto-specific: true passes, support data or neither fails", async () => {
    const remoteData = (extension: Doc) => (doc: Doc) => (doc.components.schemas.Ticket.properties.remote_data = { type: "object", additionalProperties: true, description: "Raw data", ...extension });
    expect(await lintShapes(remoteData({ "x-truto-specific": true }))).toEqual([]);
    expect(await lintShapes(remoteData({ "x-truto-support": { acme: {} } }))).toEqual([
      `${RULE} #/components/schemas/Ticket/properties/remote_data/x-truto-support: property "remote_data": a field Truto adds to every record takes x-truto-specific: true, not x-truto-support (it is not per integration)`,
    ]);
    expect(await lintShapes(remoteData({}))).toEqual([
      `${RULE} #/components/schemas/Ticket/properties/remote_data: property "remote_data": a field Truto adds to every record needs x-truto-specific: true`,
    ]);
  });

  it("refuses x-truto-specific on remote_data in a request body: Truto adds it to the records it answers, not to what it is sent", async () => {
    expect(await lintShapes((doc) => (input(doc).properties.remote_data = { type: "object", description: "Raw data", "x-truto-specific": true }))).toEqual([
      `${RULE} #/components/schemas/TicketInput/properties/remote_data/x-truto-specific: property "remote_data": only the envelope fields of a response (result, next_cursor, prev_cursor, result_count, is_partial_response) and a record's top-level remote_data take x-truto-specific`,
    ]);
  });

  it("checks request-body fields like parameters: support data required, values within the enum", async () => {
    expect(
      await lintShapes((doc) => {
        delete input(doc).properties.due_at["x-truto-support"];
        input(doc).properties.priority["x-truto-support"].acme.values = ["low", "urgent"];
      }),
    ).toEqual([
      `${RULE} #/components/schemas/TicketInput/properties/priority/x-truto-support/acme/values/1: property "priority": x-truto-support.acme.values: "urgent" is not in the schema's enum (low, normal, high)`,
      `${RULE} #/components/schemas/TicketInput/properties/due_at: property "due_at" has no x-truto-support (use {} when the reference page lists no integration)`,
    ]);
  });

  it("fails a next_cursor query parameter without a next_cursor response field, and the reverse", async () => {
    const dropCursorField = (doc: Doc) => {
      delete page(doc).properties.next_cursor;
      page(doc).required = ["result"];
    };
    expect(await lintShapes(dropCursorField)).toEqual([
      `${RULE} ${LIST}/parameters: operation "fixture.tickets.list" has a "next_cursor" query parameter but its 200 response has no "next_cursor" field (both, or neither)`,
    ]);
    const dropCursorParameter = (doc: Doc) => {
      list(doc).parameters = list(doc).parameters.filter((p: Doc) => p.$ref !== "#/components/parameters/next_cursor");
      delete doc.components.parameters.next_cursor;
    };
    expect(await lintShapes(dropCursorParameter)).toEqual([
      `${RULE} ${LIST}/responses: operation "fixture.tickets.list" answers "next_cursor" but has no "next_cursor" query parameter to send it back (both, or neither)`,
    ]);
  });
});

describe("redocly lint (the CLI, as npm run lint:spec runs it)", () => {
  const run = promisify(execFile);
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

  it("passes the real spec and its bundle with zero problems", async () => {
    const { stdout, stderr } = await run("npx", ["redocly", "lint", "openapi/openapi.yaml", "generated/openapi.json", "--format=json"], { env });
    // One JSON report per file, printed back to back.
    const reports = stdout.slice(stdout.indexOf("{")).replace(/}\s*{/g, "}\u0000{").split("\u0000").map((r) => JSON.parse(r));
    expect(reports.map((r) => r.totals), stderr).toEqual([
      { errors: 0, warnings: 0, ignored: 0 },
      { errors: 0, warnings: 0, ignored: 0 },
    ]);
  }, 30_000);

  it("exits non-zero on a broken copy and names the location", async () => {
    const dir = await mkdtemp(join(tmpdir(), "truto-lint-"));
    const doc = structuredClone(base);
    kind(doc)["x-truto-support"].keap.values = ["email", "note"];
    await writeFile(join(dir, "broken.yaml"), stringify(doc));
    const failure = await run("npx", ["redocly", "lint", join(dir, "broken.yaml"), "--config", "redocly.yaml", "--format=stylish"], { env }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain(`error    truto/x-truto-support  parameter "kind": x-truto-support.keap.values: "note" is not in the schema's enum (call, email, meeting)`);
  }, 30_000);
});
