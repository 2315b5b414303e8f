// The normalised model of the spec at a git ref and in the working tree. Both sides are bundled with
// this toolchain's redocly.yaml (its plugin types the x-truto-* extensions), whatever the ref had,
// so that only the spec differs between them.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleSpec } from "../bundle.js";
import { normalize, type ApiModel } from "../model.js";
import { extractFolder } from "./git.js";

/** The split spec's folder and root file in a repository, as `npm run generate` reads them. */
const SPEC_FOLDER = "openapi";
const SPEC_ROOT = join(SPEC_FOLDER, "openapi.yaml");
const CONFIG = fileURLToPath(new URL("../../../redocly.yaml", import.meta.url));

export async function modelAtRef(repo: string, ref: string): Promise<ApiModel> {
  const dir = await mkdtemp(join(tmpdir(), "truto-changes-"));
  try {
    extractFolder(repo, ref, SPEC_FOLDER, dir);
    return await modelOf(join(dir, SPEC_ROOT));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function modelInWorkingTree(repo: string): Promise<ApiModel> {
  return modelOf(join(repo, SPEC_ROOT));
}

async function modelOf(root: string): Promise<ApiModel> {
  return normalize(await bundleSpec(root, CONFIG));
}
