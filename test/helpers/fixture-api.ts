// The fixture API (test/fixtures/shapes/) as a user of this toolchain would have it: its generated/
// files written next to a copy of src/, in a temporary folder under .artifacts/ (so that imports
// of openapi-fetch and friends resolve from this repo's node_modules). Nothing in openapi/ or
// generated/ is touched.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { renderGenerated } from "../../scripts/lib/render.js";

export const FIXTURE_SPEC = "test/fixtures/shapes/openapi.yaml";
export const FIXTURE_ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";

export interface FixtureApi {
  /** The temporary folder: generated/, src/ (a copy) and whatever the test writes. */
  dir: string;
  /** The files `npm run generate` would write for the fixture spec. */
  files: Record<string, string>;
  /** Imports a module of the copied tree, e.g. `load("src/index.ts")`. */
  load<T = Record<string, any>>(path: string): Promise<T>;
  remove(): Promise<void>;
}

export async function buildFixtureApi(): Promise<FixtureApi> {
  await mkdir(".artifacts", { recursive: true });
  const dir = resolve(await mkdtemp(".artifacts/fixture-api-"));
  const files = await renderGenerated(FIXTURE_SPEC);
  await mkdir(join(dir, "generated"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, "generated", name), content);
  await cp("src", join(dir, "src"), { recursive: true });
  return {
    dir,
    files,
    load: (path) => import(join(dir, path)),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
