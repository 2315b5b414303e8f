// Every operation shape type-checks from YAML alone: the fixture API generated next to a copy of
// src/, and tsc run on a usage file whose @ts-expect-error lines must all be errors (queries, bodies
// and results narrowed per integration, keyed by operationId).
import { execFile } from "node:child_process";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
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

const PRELUDE = `import { createTrutoClient, type BodyFor, type CallOptions, type QueryFor } from "./src/index.js";
import { ACCOUNT, TOKEN } from "./constants.js";
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | void {}
const q = { integrated_account_id: ACCOUNT };
const maybe = <T,>(value: T): T | undefined => (Math.random() > 0.5 ? value : undefined);
`;

/**
 * A user with exactOptionalPropertyTypes: the runtime reads an option, a query parameter or a body
 * field given as undefined as not given (the README: undefined is left out), so the types take it.
 */
const EXACT_OPTIONAL = `${PRELUDE}
export async function undefinedIsNotGiven() {
  const truto = createTrutoClient({ token: TOKEN, integration: maybe("acme" as const), timeoutMs: maybe(5_000), logger: undefined });
  await truto.fixture.tickets.get("1", q, { signal: maybe(AbortSignal.timeout(1_000)), timeoutMs: undefined, headers: undefined, integration: undefined });
  const options: CallOptions = { integration: undefined, maxRetries: maybe(1) };
  await truto.fixture.tickets.list({ ...q, priority: maybe("low" as const), limit: undefined, next_cursor: undefined }, options);
  await truto.fixture.tickets.update("1", { subject: maybe("s"), priority: undefined, due_at: undefined }, q);
  const acme = createTrutoClient({ token: TOKEN, integration: "acme" });
  await acme.fixture.tickets.list({ ...q, priority: maybe("low" as const) });
  await acme.fixture.tickets.create({ subject: "s", priority: undefined }, q);
  const page = createTrutoClient({ integratedAccountToken: TOKEN });
  await page.fixture.tickets.get("1", { integrated_account_id: maybe(ACCOUNT) });
  const globex = createTrutoClient({ token: TOKEN, integration: "globex" });
  // undefined is no value: what the spec or the integration requires stays required.
  // @ts-expect-error Globex requires priority
  await globex.fixture.tickets.create({ subject: "s", priority: undefined }, q);
  // @ts-expect-error Globex requires owner
  await globex.fixture.tickets.list({ ...q, owner: undefined });
  // @ts-expect-error the spec requires subject
  await truto.fixture.tickets.create({ subject: undefined }, q);
  // @ts-expect-error an API-token client needs integrated_account_id
  await truto.fixture.tickets.get("1", { integrated_account_id: undefined });
  expectType<Equal<QueryFor<"fixture.tickets.list", "acme">["priority"], "low" | "high" | undefined>>();
}
`;

/**
 * Body fields as the check reads them: a null (which clears a nullable field) is present, so it
 * satisfies an integration that requires the field (update's priority, required for Acme in a
 * patched table); a date-time field takes a Date, sent as its ISO text by JSON.
 */
/** A call's own integration option types that call (the runtime checks it so), in every shape. */
const CALL_INTEGRATION = `${PRELUDE}
type GlobexTicket = { id?: string; subject?: string; priority?: "low" | "normal" | "high"; due_at?: string; created_at?: undefined };
type InitechTicket = { id?: string; subject?: undefined; priority?: undefined; due_at?: undefined; created_at?: undefined };
export async function callIntegration() {
  const acme = createTrutoClient({ token: TOKEN, integration: "acme" });
  const got = await acme.fixture.tickets.get("1", q, { integration: "globex" });
  expectType<Equal<typeof got, GlobexTicket>>();
  // @ts-expect-error Globex requires priority in the body
  await acme.fixture.tickets.create({ subject: "s" }, q, { integration: "globex" });
  await acme.fixture.tickets.create({ subject: "s", priority: "normal" }, q, { integration: "globex", idempotencyKey: "k-1" });
  // @ts-expect-error Globex requires owner in the list's query
  acme.fixture.tickets.list(q, { integration: "globex" });
  for await (const ticket of acme.fixture.tickets.list({ ...q, owner: "ann", priority: "normal" }, { integration: "globex" })) expectType<Equal<typeof ticket, GlobexTicket>>();
  const merged = await createTrutoClient({ token: TOKEN }).fixture.tickets.merge({ id: "1", other_ids: ["2"] }, q, { integration: "initech" });
  expectType<Equal<typeof merged.result, InitechTicket>>();
}
`;

const BODY_VALUES = `${PRELUDE}
export async function bodyValues() {
  const acme = createTrutoClient({ token: TOKEN, integration: "acme" });
  expectType<Equal<BodyFor<"fixture.tickets.update", "acme">["priority"], "low" | "high" | null>>();
  await acme.fixture.tickets.update("1", { priority: null }, q);
  await acme.fixture.tickets.update("1", { priority: "low" }, q);
  // @ts-expect-error Acme requires priority (in the patched table)
  await acme.fixture.tickets.update("1", { subject: "s" }, q);
  // @ts-expect-error Acme allows low and high only
  await acme.fixture.tickets.update("1", { priority: "normal" }, q);

  const globex = createTrutoClient({ token: TOKEN, integration: "globex" });
  await globex.fixture.tickets.create({ subject: "s", priority: "low", due_at: new Date("2024-01-31T12:00:00Z") }, q);
  await globex.fixture.tickets.update("1", { due_at: new Date("2024-01-31T12:00:00Z") }, q);
  expectType<Equal<BodyFor<"fixture.tickets.update">["due_at"], string | Date | null | undefined>>();
  expectType<Equal<BodyFor<"fixture.tickets.create">["due_at"], string | Date | undefined>>();
  // @ts-expect-error a number is no date-time
  await globex.fixture.tickets.create({ subject: "s", priority: "low", due_at: 1706702400000 }, q);
}
`;

describe("fixture API types", () => {
  it("type-checks list, get, create, update, delete, custom and 204 methods, with every expected error, and the docs' client samples", { timeout: 60_000 }, async () => {
    expect(samples).toHaveLength(7);
    expect(await tsc(api.dir)).toBe("");
  });

  it("type-checks for a user with exactOptionalPropertyTypes, types body values as the check reads them and a call by its own integration", { timeout: 60_000 }, async () => {
    const strict = await buildFixtureApi();
    try {
      const support = join(strict.dir, "generated/support.ts");
      const table = await readFile(support, "utf8");
      // update's body field (the last of the two lines alike: the first is list's query parameter).
      const line = 'priority: { acme: { values: ["low", "high"] }, globex: {} },';
      const at = table.lastIndexOf(line);
      expect(at).toBeGreaterThan(table.indexOf("export const bodySupport"));
      const patched = `${table.slice(0, at)}priority: { acme: { required: true, values: ["low", "high"] }, globex: {} },${table.slice(at + line.length)}`;
      expect(patched).not.toBe(table);
      await writeFile(support, patched);
      await copyFile("test/helpers/constants.ts", join(strict.dir, "constants.ts"));
      await writeFile(join(strict.dir, "exact-optional.ts"), EXACT_OPTIONAL);
      await writeFile(join(strict.dir, "body-values.ts"), BODY_VALUES);
      await writeFile(join(strict.dir, "call-integration.ts"), CALL_INTEGRATION);
      const config = { extends: "../../tsconfig.json", compilerOptions: { paths: {}, exactOptionalPropertyTypes: true }, include: ["exact-optional.ts", "body-values.ts", "call-integration.ts", "constants.ts"] };
      await writeFile(join(strict.dir, "tsconfig.json"), JSON.stringify(config));
      const output = await promisify(execFile)(process.execPath, ["node_modules/typescript/bin/tsc", "-p", join(strict.dir, "tsconfig.json")]).then(
        () => "",
        (error: { stdout: string }) => error.stdout,
      );
      // src/ itself is compiled with the repository's settings (users read its declarations): only the usage files count.
      expect(output.split("\n").filter((line) => /(^|\/)(exact-optional|body-values|call-integration)\.ts\(/.test(line)).join("\n")).toBe("");
    } finally {
      await strict.remove();
    }
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
