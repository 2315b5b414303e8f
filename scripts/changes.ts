// `npm run changes -- <git ref> [--check]`: what changed for client users between the spec at the
// ref and the working tree of the repository around the current folder, as a Markdown changelog.
// With --check, one line instead, and exit 1 when a breaking change comes without the version bump
// it needs (lib/changes/release-gate.ts). Exit 2: bad arguments, or the ref or spec unreadable.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { compareModels } from "./lib/changes/compare.js";
import { fileAt, repoRoot } from "./lib/changes/git.js";
import { modelAtRef, modelInWorkingTree } from "./lib/changes/models.js";
import { releaseVerdict } from "./lib/changes/release-gate.js";
import { renderChangelog } from "./lib/changes/render.js";

const USAGE = "usage: npm run changes -- <git ref> [--check]";

async function main(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { check: { type: "boolean", default: false } } });
  const [ref, ...extra] = positionals;
  if (!ref || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const repo = repoRoot(process.cwd());
  const changes = compareModels(await modelAtRef(repo, ref), await modelInWorkingTree(repo));
  if (!values.check) {
    process.stdout.write(renderChangelog(changes));
    return 0;
  }
  const versionOf = (text: string) => String((JSON.parse(text) as { version?: unknown }).version);
  const [from, to] = [versionOf(fileAt(repo, ref, "package.json")), versionOf(await readFile(join(repo, "package.json"), "utf8"))];
  const verdict = releaseVerdict(changes.filter((change) => change.breaking).length, ref, from, to);
  (verdict.ok ? console.log : console.error)(verdict.message);
  return verdict.ok ? 0 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`npm run changes: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
