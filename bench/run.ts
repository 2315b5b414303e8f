// `npm run bench`: every benchmark side by side; writes bench/RESULTS.md (keeping its hand-kept part
// below the marker) and ends with one JSON line of the headline figures. Runs on Node 24, re-running itself there when the
// shell's Node is another line; the time comparisons are measured on Node 26 and Node 20 beside it.
// Run with --expose-gc (the npm script does).
import { readFile, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { BUDGET_GZIP_BYTES, measureBundle } from "../scripts/size-check.js";
import { renderGenerated } from "../scripts/lib/render.js";
import { memory, ownCostUs } from "./client-overhead.js";
import { generateCommandMs } from "./generate-command.js";
import { generateScale } from "./generate-scale.js";
import { BESIDE_NODES, JUDGED_NODE, ensureJudgedNode, timeComparisonsOn } from "./node-lines.js";
import { timeComparisons, type Figures, type TimeComparisons } from "./overhead.js";
import { attemptPrimitives } from "./primitives.js";
import { serializerThroughput } from "./serializer.js";
import { TARGETS, type Target } from "./targets.js";

ensureJudgedNode();
const log = (message: string) => process.stderr.write(`${message}\n`);

const judged = await timeComparisons(log);
log("memory over 100,000 calls…");
const heap = await memory();
log("per-attempt primitives…");
const primitives = attemptPrimitives();
log("serializer…");
const serializer = serializerThroughput();
log("bundle size…");
const bundle = await measureBundle();
const openapiFetchAlone = await measureBundle("node_modules/openapi-fetch/dist/index.mjs");
log("generate on the real spec…");
const start = performance.now();
await renderGenerated();
const renderMs = Math.round(performance.now() - start);
const generateMs = await generateCommandMs();
log("generate and type-check at scale…");
const scale = await generateScale();
const beside: TimeComparisons[] = [];
for (const line of BESIDE_NODES) beside.push(await timeComparisonsOn(line));
const lines = [judged, ...beside];

const nodeOf = (t: TimeComparisons) => `Node ${t.node.slice(1)}`;
const verdict = (target: Target, t: TimeComparisons) => (target.met ? (target.met(t) ? "met" : "missed") : "");
const table = (rows: Figures) => {
  const columns = Object.keys(Object.values(rows)[0]!);
  return [`| | ${columns.join(" | ")} |`, `| --- | ${columns.map(() => "---").join(" | ")} |`, ...Object.entries(rows).map(([name, row]) => `| ${name} | ${columns.map((c) => String(row[c as keyof typeof row])).join(" | ")} |`)].join("\n");
};
const comparisons = (t: TimeComparisons, heading: string) => `(a) In-memory fetch (a prepared Response per call), ${heading}:

${table(t.memoryCase)}

Wrapper's own CPU per call (in memory, over bare openapi-fetch): ${Object.entries(ownCostUs(t.memoryCase as Record<string, { medianUs: number; vsOpenapiFetch: number }>)).map(([name, us]) => `${name} ${us} µs`).join("; ")}.

(b) Loopback node:http server, keep-alive (in-process), ${heading}:

${table(t.loopbackCase)}

(c) 64 calls in flight on the loopback server (calls per second; vsOpenapiFetch is throughput relative to bare openapi-fetch), ${heading}:

${table(t.inFlight)}`;

const dash = beside.map(() => "—");
const summary = [
  `| measure | ${lines.map(nodeOf).join(" | ")} | target (judged on Node ${JUDGED_NODE}) |`,
  `| --- | ${lines.map(() => "---").join(" | ")} | --- |`,
  ...TARGETS.map((target) => {
    const met = verdict(target, judged);
    return `| ${target.measure} | ${target.value(judged)}×${met ? ` (${met})` : ""} | ${beside.map((t) => `${target.value(t)}×`).join(" | ")} | ${target.target} |`;
  }),
  `| heap growth, 50k → 100k calls with timeout and caller signal | ${heap.growthKiB} KiB | ${dash.join(" | ")} | flat |`,
  `| serializer vs qs.stringify, typical query | ${serializer.typical!.speedup}× faster | ${dash.join(" | ")} | |`,
  `| bundle, whole client incl. openapi-fetch (openapi-fetch alone: ${openapiFetchAlone.gzipBytes} B) | ${bundle.gzipBytes} B gzip | ${dash.join(" | ")} | < ${BUDGET_GZIP_BYTES} B (${bundle.gzipBytes < BUDGET_GZIP_BYTES ? "met" : "missed"}) |`,
  `| npm run generate, real spec | ${generateMs} ms | ${dash.join(" | ")} | ≤ 2000 ms |`,
  `| 1,000 operations: generate / tsc --noEmit | ${scale["1000 operations"]!.generateMs} ms / ${scale["1000 operations"]!.tscMs} ms | ${dash.join(" | ")} | ≤ 5 s / ≤ 30 s |`,
].join("\n");

const results = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts) down to the hand-kept part at the end; do not edit above it.

${summary}

- Machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores; ${new Date().toISOString().slice(0, 10)}.
- Node: every figure is from ${nodeOf(judged)}, where the targets are judged, except section 1f: the same time comparisons on ${beside.map(nodeOf).join(" and ")} (each through \`npx -p node@N\`, one after the other).
- Method: the package compiled as it ships (tsc with tsconfig.build.json, into .artifacts/bench-dist); contenders run in alternating batches in one process (in memory 61 rounds of 700 calls each, loopback 181 rounds of 40, in flight 31 rounds of 20 waves; the order rotates each round), and medianUs is the median of the per-batch times per call. Each comparison in section 1 is run 3 times. Every batch is compared with bare openapi-fetch's batch of the same round: vsOpenapiFetch is the median of those per-round ratios over the 3 runs (a stall or a busy neighbour process weighs on both sides of a ratio, and the median drops the rounds it hit), middleHalf their interquartile range, and runs the lowest and highest of the 3 runs' own medians (runs on this shared 2-core machine differ by a few percent). cpuVsOpenapiFetch is the same median for the process's CPU time over each batch (all threads, GC helpers included), which time another process holds the core does not inflate; it is shown beside the elapsed-time ratio, and targets are judged on vsOpenapiFetch, the elapsed time.

## 1. Client overhead (same DELETE: path id, integrated_account_id, 2-item truto_exclude_fields), ${nodeOf(judged)}

${comparisons(judged, nodeOf(judged))}

Targets (judged on Node ${JUDGED_NODE}):

${TARGETS.filter((target) => target.met).map((target) => `- ${target.measure}: ${target.value(judged)}×, target ${target.target} (${verdict(target, judged)})`).join("\n")}

(d) Heap used after N calls, each with the default 60 s timeout and one long-lived caller AbortSignal (after GC), ${nodeOf(judged)}: ${JSON.stringify(heap.heapKiB)} KiB; growth from 50k to 100k calls: ${heap.growthKiB} KiB.

(e) What a per-attempt timeout costs before fetch sees it (µs per operation), ${nodeOf(judged)}: ${Object.entries(primitives).map(([name, us]) => `${name} ${us}`).join("; ")}. Handed to undici's fetch, the signal costs more again: compare the default and \`timeoutMs: Infinity\` rows above.

(f) The same comparisons on the other Node lines:

${beside.map((t) => `### ${nodeOf(t)}\n\n${comparisons(t, nodeOf(t))}`).join("\n\n")}

## 2. Query serializer (ops/s), ${nodeOf(judged)}

${table(serializer as unknown as Figures)}

## 3. Bundle size (esbuild, src/index.ts, minified ESM for the browser, openapi-fetch included)

${bundle.minBytes} B minified, ${bundle.gzipBytes} B gzip -9; the budget (\`npm run size\`, in every build) is ${BUDGET_GZIP_BYTES} B. openapi-fetch alone is ${openapiFetchAlone.minBytes} B minified, ${openapiFetchAlone.gzipBytes} B gzip -9.

| input | bytes in the minified bundle |
| --- | --- |
${bundle.inputs.map(({ file, bytes }) => `| ${file} | ${bytes} |`).join("\n")}

## 4. Generation time and scale, ${nodeOf(judged)}

Real spec: renderGenerated() ${renderMs} ms in process; \`npm run generate\` ${generateMs} ms as a command, in a temporary copy of the project (target ≤ 2000 ms: ${generateMs <= 2000 ? "met" : "missed"}).

Synthetic specs (30 integrations, Truto parameters, x-truto-support on every parameter):

${table(scale as unknown as Figures)}
`;
// What follows the marker is kept by hand (measurements the bench does not take): carried over.
const MARKER = "<!-- kept by hand: npm run bench rewrites only what is above this line -->";
const previous = await readFile("bench/RESULTS.md", "utf8").catch(() => "");
const kept = previous.includes(MARKER) ? previous.slice(previous.indexOf(MARKER)) : `${MARKER}\n`;
await writeFile("bench/RESULTS.md", `${results}\n${kept}`);
log("wrote bench/RESULTS.md");

console.log(
  JSON.stringify({
    timeComparisons: Object.fromEntries(lines.map((t) => [t.node, Object.fromEntries(TARGETS.map((target) => [target.key, target.value(t)]))])),
    ownCpuUs: ownCostUs(judged.memoryCase as Record<string, { medianUs: number; vsOpenapiFetch: number }>),
    targetsMet: Object.fromEntries(TARGETS.filter((target) => target.met).map((target) => [target.key, target.met!(judged)])),
    heapGrowthKiB: heap.growthKiB,
    serializerSpeedupTypical: serializer.typical!.speedup,
    bundleGzipBytes: bundle.gzipBytes,
    openapiFetchGzipBytes: openapiFetchAlone.gzipBytes,
    generateMs,
    scale1000: scale["1000 operations"],
    node: judged.node,
  }),
);
