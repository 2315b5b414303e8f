// The few git reads `npm run changes` needs, in the repository of a given folder.
import { spawnSync } from "node:child_process";

/** The top folder of the repository that holds `cwd`. */
export function repoRoot(cwd: string): string {
  return run("git", ["rev-parse", "--show-toplevel"], cwd).toString("utf8").trim();
}

/** A file's text as it is at `ref`. */
export function fileAt(repo: string, ref: string, path: string): string {
  return run("git", ["show", `${commitOf(repo, ref)}:${path}`], repo).toString("utf8");
}

/** Writes `folder` as it is at `ref` into `into` (as `into/<folder>/…`). */
export function extractFolder(repo: string, ref: string, folder: string, into: string): void {
  const archive = run("git", ["archive", "--format=tar", commitOf(repo, ref), "--", folder], repo);
  run("tar", ["-x", "-C", into], repo, archive);
}

/** The commit a ref names, with a clear error when it names none. */
function commitOf(repo: string, ref: string): string {
  try {
    return run("git", ["rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`], repo).toString("utf8").trim();
  } catch {
    throw new Error(`"${ref}" names no commit in ${repo}`);
  }
}

function run(command: string, args: string[], cwd: string, input?: Buffer): Buffer {
  const result = spawnSync(command, args, { cwd, input, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr.toString("utf8").trim()}`);
  return result.stdout;
}
