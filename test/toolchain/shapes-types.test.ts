// Every operation shape type-checks from YAML alone: the fixture API generated next to a copy of
// src/, and tsc run on a usage file whose @ts-expect-error lines must all be errors (queries, bodies
// and results narrowed per integration, keyed by operationId).
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bundle, loadConfig } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixtureApi, FIXTURE_SPEC, type FixtureApi } from "../helpers/fixture-api.js";
import { tscIn } from "./tsc.js";

let api: FixtureApi;
let samples: string[];
beforeAll(async () => {
  api = await buildFixtureApi();
  await copyFile("test/fixtures/shapes/usage.ts", join(api.dir, "usage.ts"));
  await copyFile("test/helpers/constants.ts", join(api.dir, "constants.ts"));
  // The docs' client samples of every fixture operation, as files importing the copied src/.
  const config = await loadConfig({ configPath: "scripts/redocly/docs.redocly.yaml" });
  const doc = (await bundle({ ref: FIXTURE_SPEC, config, dereference: false })).bundle.parsed as { paths: Record<string, Record<string, { "x-codeSamples": { label: string; source: string }[] }>> };
  samples = Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => op["x-codeSamples"] ?? []).filter((s) => s.label === "truto-crm-openapi").map((s) => s.source));
  await Promise.all(samples.map((source, i) => writeFile(join(api.dir, `sample-${i}.ts`), source.replace('from "truto-crm-openapi"', 'from "./src/index.js"'))));
});
afterAll(() => api.remove());

const tsc = (dir: string) => tscIn(dir, ["usage.ts", "constants.ts", "sample-*.ts", "src", "generated"]);

describe("fixture API types", () => {
  it("type-checks list, get, create, update, delete, custom and 204 methods, with every expected error, and the docs' client samples", { timeout: 60_000 }, async () => {
    expect(samples).toHaveLength(7);
    expect(await tsc(api.dir)).toBe("");
  });

  it("fails when an expected error is not one (the check can fail)", { timeout: 60_000 }, async () => {
    const usage = join(api.dir, "usage.ts");
    const text = await readFile(usage, "utf8");
    const broken = text
      // Globex no longer requires priority: its @ts-expect-error becomes unused.
      .replace('globex.fixture.tickets.create({ subject: "s" }, q);', 'globex.fixture.tickets.create({ subject: "s", priority: "low" }, q);')
      // Acme's narrowed result read as the schema's: the equality no longer holds.
      .replace("expectType<Equal<typeof got, AcmeTicket>>();", "expectType<Equal<typeof got, Ticket>>();");
    expect(broken).not.toBe(text);
    await writeFile(usage, broken);
    const output = await tsc(api.dir).finally(() => writeFile(usage, text));
    const line = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(output).toContain(`usage.ts(${line('globex.fixture.tickets.create({ subject: "s" }, q);') - 1},`);
    expect(output).toContain("Unused '@ts-expect-error' directive");
    expect(output).toContain(`usage.ts(${line("expectType<Equal<typeof got, AcmeTicket>>();")},`);
    expect(output).toContain("Type 'false' does not satisfy the constraint 'true'");
  });
});
