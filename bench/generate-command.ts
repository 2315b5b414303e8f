// `npm run generate` timed as a command, in a temporary copy of what it reads (openapi/, scripts/,
// redocly.yaml, package.json; node_modules linked), so the bench never rewrites the working tree's
// generated/.
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

export async function generateCommandMs(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "truto-bench-generate-"));
  try {
    for (const entry of ["openapi", "scripts", "redocly.yaml", "package.json"]) await cp(entry, join(dir, entry), { recursive: true });
    await symlink(resolve("node_modules"), join(dir, "node_modules"), "dir");
    const start = performance.now();
    await promisify(execFile)("npm", ["run", "-s", "generate"], { cwd: dir });
    return Math.round(performance.now() - start);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
