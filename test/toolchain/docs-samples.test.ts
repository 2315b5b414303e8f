// Docs code samples and decorators: the exact samples of the real operation, built from
// generated/openapi.json; the docs-only config attaches them and renders x-truto-* into
// descriptions (the bundle stays clean); curl and fetch samples, run against the mock Truto (the real
// operation's, and the fixture API's own), send the same request as the client and get its answer.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { bundle, loadConfig } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOKEN_PLACEHOLDER, buildCodeSamples, type CodeSample, type Parameter } from "../../scripts/redocly/code-samples.js";
import { createTrutoClient } from "../../src/index.js";
import type { MockTruto } from "../../src/mock/index.js";
import { EXPECTED_SAMPLES as EXPECTED } from "../fixtures/code-samples.js";
import { PAGE_FIELDS, PAGE_INTEGRATIONS, PAGE_PARAMETERS } from "../fixtures/reference-page.js";
import { mockServer } from "../helpers/client.js";
import { ACCOUNT, TOKEN } from "../helpers/constants.js";
import { buildFixtureApi, FIXTURE_SPEC, type FixtureApi } from "../helpers/fixture-api.js";

type Doc = Record<string, any>;
const PATH = "/unified/crm/engagements/{id}";
const spec: Doc = JSON.parse(readFileSync("generated/openapi.json", "utf8"));
const run = promisify(execFile);
const METHODS = ["get", "put", "post", "delete", "patch"];
const { mock: realMock } = await mockServer();

/** A spec bundled with the docs-only config: decorators applied, as `npm run docs` renders it. */
async function docsBundle(ref: string): Promise<Doc> {
  const config = await loadConfig({ configPath: "scripts/redocly/docs.redocly.yaml" });
  return (await bundle({ ref, config, dereference: false })).bundle.parsed as Doc;
}

/** Every operation of a bundled spec, as [method, path, operation]. */
function operationsOf(doc: Doc): [string, string, Doc][] {
  return Object.entries(doc.paths as Doc).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => [m, path, item[m]] as [string, string, Doc]));
}

/** One request as the mock saw it and answered it. */
type Seen = { requestLine: string; authorization: string | undefined; type: string | undefined; body: string; status: number };

/**
 * Runs one way of calling against a mock started afresh (records seeded again, so each way meets
 * the same data) and returns the one request it sent, with the status the mock answered.
 */
async function sentBy(mock: MockTruto, call: () => Promise<unknown>): Promise<Seen[]> {
  mock.reset();
  await call();
  return mock.requests.map((r) => ({ requestLine: r.requestLine, authorization: r.headers.authorization, type: r.headers["content-type"], body: r.body, status: r.status }));
}

/** The curl sample and the fetch sample, as calls against `url` instead of the spec's server, with TOKEN. */
function sampleCalls(samples: CodeSample[], serverUrl: string, url: string): { curl: () => Promise<unknown>; fetch: () => Promise<unknown> } {
  const [curl, javascript] = samples.map(({ source }) => source.replaceAll(serverUrl, url).replaceAll(TOKEN_PLACEHOLDER, TOKEN));
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (body: string) => () => Promise<void>;
  return { curl: () => run("sh", ["-c", curl!], { timeout: 10_000 }), fetch: () => new AsyncFunction(javascript!)() };
}

/** The real operation's samples, its $ref parameters resolved from components. */
function realSamples(): CodeSample[] {
  const operation = spec.paths[PATH].delete;
  const parameters: Parameter[] = operation.parameters.map((p: Doc) =>
    p.$ref ? spec.components.parameters[p.$ref.replace("#/components/parameters/", "")] : p,
  );
  return buildCodeSamples({ operationId: operation.operationId, method: "delete", serverUrl: spec.servers[0].url, path: PATH, parameters });
}


describe("code samples", () => {
  it("are built for DELETE /unified/crm/engagements/{id} from its definition, exactly", () => {
    expect(realSamples()).toEqual(EXPECTED);
  });

  it("the client's sample type-checks against the client's own types, as a reader would paste it", async () => {
    const dir = ".artifacts/sample-check";
    await mkdir(dir, { recursive: true });
    const source = realSamples().find((sample) => sample.label === "truto-crm-openapi")!.source;
    await writeFile(`${dir}/sample.ts`, `${source}\nexport {};\n`);
    // The repository's config: its paths map "truto-crm-openapi" to src/index.ts.
    await writeFile(`${dir}/tsconfig.json`, JSON.stringify({ extends: "../../tsconfig.json", include: ["sample.ts"] }));
    const result = await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", `${dir}/tsconfig.json`]).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    expect(result).toBe("");
  }, 60_000);

  it("fail loudly when a required query parameter has no example", () => {
    const parameters: Parameter[] = [
      { name: "id", in: "path", required: true, example: "1" },
      { name: "integrated_account_id", in: "query", required: true },
    ];
    expect(() => buildCodeSamples({ operationId: "crm.things.get", method: "get", serverUrl: "https://x.test", path: "/things/{id}", parameters })).toThrow(
      'GET /things/{id}: parameter "integrated_account_id" needs an example for the code samples',
    );
  });
});

describe("docs config (scripts/redocly/docs.redocly.yaml)", () => {
  it("gives every operation of the spec curl, fetch, Python and client samples", async () => {
    const doc = await docsBundle("generated/openapi.json");
    for (const [method, path, operation] of operationsOf(doc)) {
      expect(operation["x-codeSamples"].map((s: CodeSample) => s.label), `${method} ${path}`).toEqual(["curl", "JavaScript", "Python", "truto-crm-openapi"]);
    }
  });

  it("attaches the samples and renders support, references and Truto parameters into descriptions", async () => {
    const doc = await docsBundle("generated/openapi.json");
    const operation = doc.paths[PATH].delete;
    expect(operation["x-codeSamples"]).toEqual(EXPECTED);
    const byName = (name: string) => operation.parameters.find((p: Doc) => p.name === name) ?? doc.components.parameters[name];
    expect(byName("engagement_type").description).toBe(
      [
        "The engagement's type",
        "",
        "**7 supported · 6 required**",
        "",
        "| Integration | Support | Values |",
        "| --- | --- | --- |",
        "| Affinity | required | `call`, `email`, `meeting`, `chat` |",
        "| Close | required | `call`, `meeting`, `note`, `email` |",
        "| Keap | required | `email`, `meeting` |",
        "| OnePageCRM | required | `call`, `meeting` |",
        "| Pipeliner | required | `call`, `email` |",
        "| Zoho CRM | required | `call`, `meeting` |",
        "| Planhat | supported |  |",
      ].join("\n"),
    );
    // x-truto-support: {} renders nothing, as on the reference page.
    expect(byName("direction").description).toBe("Set this value only when engagement type is email.");
    expect(byName("integrated_account_id").description).toBe(
      "The ID of the integrated account to use for the request.\n\n*Truto parameter · applies to every integration*",
    );
    // A `$ref` + siblings property keeps its siblings; the rendering goes into its own description.
    expect(doc.components.schemas.Engagement.properties.account).toEqual({
      $ref: "#/components/schemas/AccountReference",
      description: "The engagement's account\n\nReferences: Accounts → id\n\n**1 supported**\n\n| Integration | Support |\n| --- | --- |\n| Planhat | supported |",
      "x-truto-references": { resource: "Accounts", field: "id" },
      "x-truto-support": { planhat: {} },
    });
  });

  it("shows every parameter's and field's support as the reference page does, exactly: the page's rows in its order and nothing else", async () => {
    const doc = await docsBundle("generated/openapi.json");
    const parameters = doc.paths[PATH].delete.parameters.map((p: Doc) => (p.$ref ? doc.components.parameters[p.$ref.split("/").at(-1)] : p));
    const plain = (name: string, where: "parameter" | "field"): string | undefined =>
      where === "parameter"
        ? spec.paths[PATH].delete.parameters.map((p: Doc) => (p.$ref ? spec.components.parameters[p.$ref.split("/").at(-1)] : p)).find((p: Doc) => p.name === name).description
        : spec.components.schemas.Engagement.properties[name].description;
    const rendered = [
      ...PAGE_PARAMETERS.map((page) => [page, "parameter", parameters.find((p: Doc) => p.name === page.name).description as string] as const),
      ...PAGE_FIELDS.map((page) => [page, "field", doc.components.schemas.Engagement.properties[page.name].description ?? ""] as const),
    ];
    for (const [page, where, description] of rendered) {
      const entries = Object.entries(page.support ?? {});
      const required = entries.filter(([, entry]) => entry.required).length;
      const withValues = entries.some(([, entry]) => entry.values);
      const blocks = [
        ...(page.references ? [`References: ${page.references.resource} → ${page.references.field}`] : []),
        ...(entries.length === 0
          ? []
          : [
              [
                `**${entries.length} supported${required ? ` · ${required} required` : ""}**`,
                "",
                `| Integration | Support |${withValues ? " Values |" : ""}`,
                `| --- | --- |${withValues ? " --- |" : ""}`,
                ...entries.map(([slug, entry]) =>
                  `| ${PAGE_INTEGRATIONS[slug]} | ${entry.required ? "required" : "supported"} |${withValues ? ` ${(entry.values ?? []).map((v) => `\`${v}\``).join(", ")} |` : ""}`,
                ),
              ].join("\n"),
            ]),
        // remote_data: the page lists no integration, and Truto adds it for every one.
        ...(page.support === undefined ? ["*Truto parameter · applies to every integration*"] : "trutoOwn" in page && page.trutoOwn ? ["*Truto field · applies to every integration*"] : []),
      ];
      // The spec's own description (the page's words, then any wire-format note), then what the page shows beside it.
      expect(description, page.name).toBe([plain(page.name, where)?.trimEnd(), ...blocks].filter(Boolean).join("\n\n"));
    }
  });

  it("is not what generated/openapi.json is built with: the bundle has no samples and plain descriptions", () => {
    const operation = spec.paths[PATH].delete;
    expect(operation["x-codeSamples"]).toBeUndefined();
    expect(operation.parameters.find((p: Doc) => p.name === "engagement_type").description).toBe("The engagement's type");
  });
});

describe("samples on the wire", () => {
  it("curl and fetch samples send the request line and Authorization header the client sends, and the mock answers each 200", async () => {
    const samples = sampleCalls(realSamples(), spec.servers[0].url, realMock.url);
    const truto = createTrutoClient({ token: TOKEN, baseUrl: realMock.url, maxRetries: 0 });
    const client = () => truto.crm.engagements.delete("23423523", { integrated_account_id: ACCOUNT });
    const expected: Seen = {
      requestLine: `DELETE /unified/crm/engagements/23423523?integrated_account_id=${ACCOUNT} HTTP/1.1`,
      authorization: `Bearer ${TOKEN}`,
      type: undefined,
      body: "",
      status: 200,
    };
    expect(await sentBy(realMock, samples.curl)).toEqual([expected]);
    expect(await sentBy(realMock, samples.fetch)).toEqual([expected]);
    expect(await sentBy(realMock, client)).toEqual([expected]);
  }, 15_000);
});

describe("every operation shape in the docs (the fixture API)", () => {
  const SERVER = "https://api.example.test";
  let doc: Doc;
  let api: FixtureApi;
  /** The mock serving the fixture API (its copied src/mock on its generated tables): Acme behind ACCOUNT. */
  let fixtureMock: MockTruto;
  beforeAll(async () => {
    [doc, api] = await Promise.all([docsBundle(FIXTURE_SPEC), buildFixtureApi()]);
    const { createMockTruto } = await api.load<typeof import("../../src/mock/index.js")>("src/mock/index.ts");
    fixtureMock = await createMockTruto({ token: TOKEN, integrations: { [ACCOUNT]: "acme" as never /* the fixture's slug; typed by the real spec's */ }, ids: ["1001", "1002"] });
  });
  afterAll(() => Promise.all([api.remove(), fixtureMock.close()]));
  const op = (path: string, method: string) => doc.paths[path][method];

  it("builds the JSON body from the fields' examples, and names no result for a 204", () => {
    const [curl, , python, client] = op("/unified/fixture/tickets", "post")["x-codeSamples"].map((s: CodeSample) => s.source);
    expect(curl).toBe(
      [
        `curl -X POST '${SERVER}/unified/fixture/tickets?integrated_account_id=${ACCOUNT}' \\`,
        "  -H 'Authorization: Bearer <your_api_token>' \\",
        "  -H 'Content-Type: application/json' \\",
        `  -d '{"subject":"Printer on fire","priority":"high"}'`,
      ].join("\n"),
    );
    expect(python).toContain('    json={\n      "subject": "Printer on fire",\n      "priority": "high"\n    },\n');
    expect(client).toContain('const ticket = await truto.fixture.tickets.create({\n  "subject": "Printer on fire",\n  "priority": "high"\n}, {\n');
    const archive = op("/unified/fixture/tickets/archive", "post")["x-codeSamples"].map((s: CodeSample) => s.source);
    expect(archive[1]).toContain("if (!response.ok) throw new Error(`${response.status}`);");
    expect(archive[2]).toMatch(/response\.raise_for_status\(\)$/);
    expect(archive[3]).toMatch(/\nawait truto\.fixture\.tickets\.archive\(\{/);
  });

  it("renders body fields' support and the envelope's Truto fields", () => {
    expect(doc.components.schemas.TicketInput.properties.priority.description).toBe(
      [
        "The ticket's priority",
        "",
        "**2 supported · 1 required**",
        "",
        "| Integration | Support | Values |",
        "| --- | --- | --- |",
        "| Acme CRM | supported | `low`, `high` |",
        "| Globex | required | `low`, `normal`, `high` |",
      ].join("\n"),
    );
    const page = op("/unified/fixture/tickets", "get").responses["200"].content["application/json"].schema;
    expect(page.properties.next_cursor.description).toBe("*Truto field · applies to every integration*");
  });

  it("curl and fetch samples of every operation send what the client sends (request line, token, content type, body) and get its success status", async () => {
    const truto = (await api.load("src/index.ts")).createTrutoClient({ token: TOKEN, baseUrl: fixtureMock.url, maxRetries: 0 });
    const { operations: table } = await api.load("generated/endpoints.ts");
    const operations = operationsOf(doc);
    expect(operations).toHaveLength(7);
    for (const [method, path, operation] of operations) {
      const what = `${method} ${path}`;
      const samples = sampleCalls(operation["x-codeSamples"], SERVER, fixtureMock.url);
      const curl = await sentBy(fixtureMock, samples.curl);
      const fetched = await sentBy(fixtureMock, samples.fetch);
      const hasBody = operation.requestBody !== undefined;
      const body = hasBody ? JSON.parse(curl[0]!.body) : undefined;
      const [namespace, resource, name] = operation.operationId.split(".");
      const call = () => truto[namespace][resource][name](...(path.includes("{id}") ? ["1001"] : []), ...(hasBody ? [body] : []), { integrated_account_id: ACCOUNT });
      const client = await sentBy(fixtureMock, call);
      expect(client, what).toEqual([
        {
          requestLine: `${method.toUpperCase()} ${path.replace("{id}", "1001")}?integrated_account_id=${ACCOUNT} HTTP/1.1`,
          authorization: `Bearer ${TOKEN}`,
          type: hasBody ? "application/json" : undefined,
          body: hasBody ? JSON.stringify(body) : "",
          status: table[operation.operationId].status,
        },
      ]);
      expect(curl, what).toEqual(client);
      expect(fetched, what).toEqual(client);
    }
  }, 30_000);
});
