// tsc on a temporary folder under .artifacts/ (generated tables beside a copy of src/), with the
// repository's tsconfig: what the toolchain tests type-check generated code with.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

/** tsc on `include` (relative to `dir`); its output, "" when everything type-checks. */
export async function tscIn(dir: string, include: string[]): Promise<string> {
  const config = { extends: "../../tsconfig.json", compilerOptions: { paths: {} }, include };
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify(config));
  try {
    await promisify(execFile)(process.execPath, ["node_modules/typescript/bin/tsc", "-p", join(dir, "tsconfig.json")]);
    return "";
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}
