// The time comparisons of section 1 (in memory, loopback, 64 in flight) on the Node that runs it.
// As a script (`node --expose-gc --import tsx bench/overhead.ts`) it prints them as one JSON line:
// bench/run.ts runs it so on the Node lines it reports beside Node 24.
import { pathToFileURL } from "node:url";
import { concurrency, inMemory, loopback, startLoopback } from "./client-overhead.js";

export type Figures = Record<string, { medianUs?: number; callsPerSecond?: number; vsOpenapiFetch: number; middleHalf: string; runs: string; cpuVsOpenapiFetch: number }>;

export interface TimeComparisons {
  /** process.version of the Node that measured them. */
  node: string;
  memoryCase: Figures;
  loopbackCase: Figures;
  inFlight: Figures;
}

export async function timeComparisons(log: (message: string) => void): Promise<TimeComparisons> {
  log(`Node ${process.version}: client overhead in memory…`);
  const memoryCase = await inMemory();
  const { url, server } = await startLoopback();
  log(`Node ${process.version}: client overhead on loopback…`);
  const loopbackCase = await loopback(url);
  log(`Node ${process.version}: 64 in flight…`);
  const inFlight = await concurrency(url);
  server.close();
  return { node: process.version, memoryCase, loopbackCase, inFlight };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await timeComparisons((message) => process.stderr.write(`${message}\n`))));
}
