// Which Node each figure is from: the time comparisons are judged on Node 24 (an LTS line, what
// users run); Node 26 and Node 20 (the client's floor) are measured beside it. Other Node lines
// come through `npx -p node@N`, from the npm registry.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import type { TimeComparisons } from "./overhead.js";

export const JUDGED_NODE = 24;
export const BESIDE_NODES = [26, 20] as const;

const major = (version: string) => Number(version.slice(1).split(".")[0]);

/** Re-runs this process's script on Node 24 unless it already runs there; returns only on Node 24. */
export function ensureJudgedNode(): void {
  if (major(process.version) === JUDGED_NODE) return;
  process.stderr.write(`Node ${process.version}: re-running on Node ${JUDGED_NODE} (npx -p node@${JUDGED_NODE})…\n`);
  const args = ["-y", "-p", `node@${JUDGED_NODE}`, "--", "node", ...process.execArgv, ...process.argv.slice(1)];
  const { status, error } = spawnSync("npx", args, { stdio: "inherit" });
  if (error) throw error;
  process.exit(status ?? 1);
}

/** The time comparisons measured by bench/overhead.ts in a child process on Node `line`. */
export async function timeComparisonsOn(line: number): Promise<TimeComparisons> {
  const args = ["-y", "-p", `node@${line}`, "--", "node", "--expose-gc", "--import", "tsx", "bench/overhead.ts"];
  const child = promisify(execFile)("npx", args, { maxBuffer: 16 * 1024 * 1024 });
  child.child.stderr?.pipe(process.stderr);
  const { stdout } = await child;
  const figures = JSON.parse(stdout.trim().split("\n").at(-1)!) as TimeComparisons;
  if (major(figures.node) !== line) throw new Error(`asked for Node ${line}, measured on ${figures.node}`);
  return figures;
}
