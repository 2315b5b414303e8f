// The README is checked against the code: its error table against TrutoApiError.fromResponse, its
// query table against serializeQuery, its option table against what `npm run readme` prints from
// src/options.ts, its TypeScript samples against the types (tsc), and the mock sample is run.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReadme } from "../../scripts/readme.js";
import * as lib from "../../src/index.js";
import { OPTIONS } from "../../src/options.js";
import { serializeQuery } from "../../src/query.js";

const run = promisify(execFile);
const readme = readFileSync("README.md", "utf8");

/** Rows of the first markdown table after `heading` (header and rule skipped), as trimmed cells. */
function table(heading: string): string[][] {
  const lines = readme.slice(readme.indexOf(heading)).split("\n");
  const start = lines.findIndex((line) => line.startsWith("|"));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith("|"));
  return lines.slice(start + 2, end).map((line) => line.slice(1, -1).split(" | ").map((cell) => cell.trim()));
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, "");
const errorFor = (status: number) => lib.TrutoApiError.fromResponse({ status, body: undefined, headers: new Headers(), method: "DELETE", url: "u" });

/** The ```ts blocks of the README, in order. */
const samples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe("README", () => {
  it("stays a user's page: at most 300 lines", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(300);
  });

  it("error table matches TrutoApiError.fromResponse for every status it lists", () => {
    const rows = table("## Errors");
    const byStatus = rows.filter(([status]) => /^\d{3}$/.test(status!));
    expect(byStatus.map(([s]) => s)).toEqual(["400", "401", "403", "404", "409", "422", "429"]);
    for (const [status, cls] of byStatus) expect(errorFor(Number(status)).name, status).toBe(unquote(cls!));
    for (const status of [500, 502, 503, 599]) expect(errorFor(status).name).toBe(unquote(rows.find(([s]) => s === "≥ 500")![1]!));
    expect(errorFor(418).name).toBe(unquote(rows.find(([s]) => s === "other")![1]!));
    for (const [, cls] of rows) expect(lib, cls).toHaveProperty(unquote(cls!));
  });

  it("query format table matches serializeQuery", () => {
    const rows = table("## Query format").filter(([value]) => !value!.includes("…") && !value!.includes("null"));
    expect(rows).toHaveLength(6);
    for (const [value, sent] of rows) {
      const query = new Function(`return { ${unquote(value!)} }`)() as Record<string, unknown>;
      expect(serializeQuery(query), value).toBe(unquote(sent!));
    }
  });

  it("option table is what npm run readme prints from src/options.ts (one row per option)", () => {
    expect(renderReadme(readme)).toBe(readme);
    expect(table("## Options").map(([name]) => unquote(name!))).toEqual(Object.keys(OPTIONS));
  });
});

describe("README samples", () => {
  let dir: string;
  beforeAll(async () => {
    await mkdir(".artifacts", { recursive: true });
    dir = resolve(await mkdtemp(".artifacts/readme-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("type-check against the client's types (free names declared, imports pointed at src/)", { timeout: 60_000 }, async () => {
    // Names the samples use without defining them, as a reader's own code would have them.
    const prelude = [
      'import { createTrutoClient } from "../../src/index.js";',
      "declare const token: string, id: string, integrated_account_id: string, signal: AbortSignal;",
      "declare function renderField(name: string, field: { required?: boolean; options?: readonly string[] }): void;",
      "export {};",
    ].join("\n");
    const files = samples.filter((sample) => !sample.includes("truto-crm-openapi/mock")).map((sample, i) => [`sample-${i}.ts`, sample] as const);
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const [name, sample] of files) {
      const body = sample.replace(/^import \{ createTrutoClient \} from "truto-crm-openapi";\n/m, "").replace(/from "truto-crm-openapi\/support"/g, 'from "../../src/support.js"');
      await writeFile(join(dir, name), `${prelude}\n${body}`);
    }
    await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../../tsconfig.json", include: ["sample-*.ts"] }));
    const output = await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", join(dir, "tsconfig.json")]).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    expect(output).toBe("");
  });

  it("the mock sample runs as written (imports pointed at src/)", { timeout: 60_000 }, async () => {
    const sample = samples.find((s) => s.includes("createMockTruto"))!;
    const script = [
      'import { createTrutoClient } from "../../src/index.js";',
      sample.replace('from "truto-crm-openapi/mock"', 'from "../../src/mock/index.js"').replace("mock.inject({ status: 429, retryAfter: 1 });", "mock.inject({ status: 429, retryAfter: 0 });"),
      "console.log(JSON.stringify(mock.requests.map((r) => [r.requestLine, r.status])));",
    ].join("\n");
    await writeFile(join(dir, "mock-sample.mts"), script);
    const { stdout } = await run("npx", ["tsx", join(dir, "mock-sample.mts")]);
    const line = "DELETE /unified/crm/engagements/23423523?integrated_account_id=00000000-0000-4000-8000-000000000005&engagement_type=email HTTP/1.1";
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual([
      [line, 429],
      [line, 200],
    ]);
  });
});
