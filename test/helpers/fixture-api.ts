// The fixture API (test/fixtures/shapes/) as a user of this toolchain would have it: its generated/
// files written next to a copy of src/, in a temporary folder under .artifacts/ (so that imports
// of openapi-fetch and friends resolve from this repo's node_modules). Nothing in openapi/ or
// generated/ is touched. fixtureGenerated() serves the same files to vi.mock instead, so that a test
// runs src/ itself on the fixture's tables (Stryker's mutants live in src/, not in a copy).
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { renderGenerated } from "../../scripts/lib/render.js";

export const FIXTURE_SPEC = "test/fixtures/shapes/openapi.yaml";
export const FIXTURE_ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
/** The fixture mock's accounts: Acme CRM behind FIXTURE_ACCOUNT (it fills id, subject and priority). */
export const FIXTURE_INTEGRATIONS = { [FIXTURE_ACCOUNT]: "acme" } as const;
/** The fixture's one resource. */
export const TICKETS = "/unified/fixture/tickets";

export interface FixtureApi {
  /** The temporary folder: generated/, src/ (a copy) and whatever the test writes. */
  dir: string;
  /** The files `npm run generate` would write for the fixture spec. */
  files: Record<string, string>;
  /** Imports a module of the copied tree, e.g. `load("src/index.ts")`. */
  load<T = Record<string, any>>(path: string): Promise<T>;
  remove(): Promise<void>;
}

export async function buildFixtureApi({ copySrc = true } = {}): Promise<FixtureApi> {
  await mkdir(".artifacts", { recursive: true });
  const dir = resolve(await mkdtemp(".artifacts/fixture-api-"));
  const files = await renderGenerated(FIXTURE_SPEC);
  await mkdir(join(dir, "generated"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, "generated", name), content);
  if (copySrc) await cp("src", join(dir, "src"), { recursive: true });
  return {
    dir,
    files,
    load: (path) => import(join(dir, path)),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

let tables: Promise<FixtureApi> | undefined;

/**
 * A module of the fixture's generated/ ("endpoints.ts", "support.ts", "mock.ts"), for a test file's
 * `vi.mock("../generated/<name>.js", () => fixtureGenerated("<name>.ts"))`: every module of src/
 * the test imports then reads the fixture's tables. Call removeFixtureGenerated() in afterAll.
 */
export async function fixtureGenerated(name: string): Promise<Record<string, unknown>> {
  return (await fixtureTables()).load(`generated/${name}`);
}

/** The one fixture build (no src/ copy) that fixtureGenerated() serves from. */
export function fixtureTables(): Promise<FixtureApi> {
  return (tables ??= buildFixtureApi({ copySrc: false }));
}

export async function removeFixtureGenerated(): Promise<void> {
  await (await tables)?.remove();
  tables = undefined;
}
