// Spec shapes that pass the lint and once broke the toolchain (test/fixtures/edges/): the fixture
// lints clean, its generated tables type-check against src/model.ts, and each shape is carried into
// the tables and docs as written.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { bundle, lint, loadConfig } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleSpec } from "../../scripts/lib/bundle.js";
import { integrationDocs } from "../../scripts/lib/integration-docs.js";
import { normalize, type ApiModel } from "../../scripts/lib/model.js";
import { renderGenerated } from "../../scripts/lib/render.js";
import { tscIn } from "./tsc.js";

const EDGES = "test/fixtures/edges/openapi.yaml";

let dir: string;
let files: Record<string, string>;
let model: ApiModel;
beforeAll(async () => {
  files = await renderGenerated(EDGES);
  model = normalize(await bundleSpec(EDGES, "redocly.yaml"));
  await mkdir(".artifacts", { recursive: true });
  dir = resolve(await mkdtemp(".artifacts/edges-"));
  await mkdir(join(dir, "generated"));
  await mkdir(join(dir, "src"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, "generated", name), content);
  // Only the tables' types: the client's own files are not what this checks.
  await copyFile("src/model.ts", join(dir, "src", "model.ts"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const line = (file: string, needle: string) => files[file]!.split("\n").find((text) => text.includes(needle))?.trim();

describe("the edge cases fixture", () => {
  it("lints clean with the project's config", async () => {
    const problems = await lint({ ref: EDGES, config: await loadConfig({ configPath: "redocly.yaml" }) });
    expect(problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  it("generates tables that type-check against src/model.ts", { timeout: 60_000 }, async () => {
    expect(await tscIn(dir, ["src", "generated"])).toBe("");
  });

  it("carries an integer enum as numbers: the rule, the support entry and the docs", () => {
    expect(line("endpoints.ts", "page_size:")).toBe('page_size: { type: "integer", enum: [10, 50, 100] },');
    expect(line("support.ts", "values: [10, 50]")).toBe("values: [10, 50],");
    expect(integrationDocs(model)).toContain("| `page_size` | query | supported · values `10`, `50` · ");
  });

  it("folds a multi-line note into one table cell, in the Integrations section and beside the parameter", async () => {
    const cell = "Only on the Pro plan. Ignored for archived \\| closed tickets.";
    expect(integrationDocs(model)).toContain(`| \`page_size\` | query | supported · values \`10\`, \`50\` · ${cell} |\n\nResult fields Acme CRM fills`);
    const config = await loadConfig({ configPath: "scripts/redocly/docs.redocly.yaml" });
    const doc = (await bundle({ ref: EDGES, config, dereference: false })).bundle.parsed as Record<string, any>;
    const pageSize = doc.paths["/unified/fixture/tickets"].get.parameters[0];
    expect(pageSize.description.split("\n").slice(-4)).toEqual([
      "| Integration | Support | Values | Note |",
      "| --- | --- | --- | --- |",
      `| Acme CRM | supported | \`10\`, \`50\` | ${cell} |`,
      "| Globex | supported |  |  |",
    ]);
  });

  it("reads a list envelope written with allOf: cursor pages, the records in result[], a page from the mock", () => {
    const list = model.operations.find((op) => op.operationId === "fixture.tickets.list")!;
    expect({ records: list.records, pages: list.pages, reply: list.mock.reply }).toEqual({
      records: { at: "result[]", fields: [{ name: "id", required: true, schema: { type: "string" }, support: { acme: {} } }] },
      pages: { cursor: "next_cursor", items: "result" },
      reply: "page",
    });
  });
});
