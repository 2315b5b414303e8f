// Client overhead: this client (openapi-fetch-style call and resource method) vs bare openapi-fetch
// vs a hand-written fetch, for the same DELETE; in memory, over loopback, 64 in flight, and memory.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { createTrutoClient, serializeQuery } from "./lib/shipped.js";
import { compare, median, quantile, round, type Task, type Timing } from "./lib/measure.js";

const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
const TOKEN = "tok_bench";
const BODY = JSON.stringify({ id: "23423523", subject: "Intro call" });
const QUERY = { integrated_account_id: ACCOUNT, truto_exclude_fields: ["id", "name"] };
type Fetch = (input: Request | string, init?: RequestInit) => Promise<Response>;

/** The contenders, all sending the same request through `fetch`. */
function contenders(baseUrl: string, fetch: Fetch): Record<string, Task> {
  const truto = createTrutoClient({ token: TOKEN, baseUrl, fetch });
  // Configured like bare openapi-fetch, which has no timeout: no timer, no per-attempt signal.
  const untimed = createTrutoClient({ token: TOKEN, baseUrl, fetch, timeoutMs: Infinity });
  // Bare openapi-fetch, configured as closely as it allows: it has no `key[]=` array style, so it
  // gets the same serializer function.
  const bare = createClient<paths>({ baseUrl, fetch, headers: { Authorization: `Bearer ${TOKEN}` }, querySerializer: serializeQuery });
  const url = `${baseUrl}/unified/crm/engagements/23423523?${serializeQuery(QUERY)}`;
  const params = { path: { id: "23423523" }, query: QUERY };
  return {
    "truto.DELETE": () => truto.DELETE("/unified/crm/engagements/{id}", { params }),
    "truto.crm.engagements.delete": () => truto.crm.engagements.delete("23423523", QUERY),
    "truto.DELETE, timeoutMs: Infinity": () => untimed.DELETE("/unified/crm/engagements/{id}", { params }),
    "truto.crm.engagements.delete, timeoutMs: Infinity": () => untimed.crm.engagements.delete("23423523", QUERY),
    "openapi-fetch": () => bare.DELETE("/unified/crm/engagements/{id}", { params }),
    // Bare openapi-fetch given what this client has by default: a 60 s timeout signal per call.
    "openapi-fetch + timeout": () => bare.DELETE("/unified/crm/engagements/{id}", { params, signal: AbortSignal.timeout(60_000) }),
    "raw fetch": async () => {
      const response = await fetch(url, { method: "DELETE", headers: { Authorization: `Bearer ${TOKEN}` } });
      return response.json();
    },
  };
}

const inMemoryFetch: Fetch = async () => new Response(BODY, { status: 200, headers: { "content-type": "application/json" } });

export async function startLoopback(): Promise<{ url: string; server: Server }> {
  const server = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) }).end(BODY));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Independent repetitions of each comparison: their spread shows how far one run can be trusted. */
const RUNS = 3;

/**
 * Runs `measure` RUNS times and compares each contender with bare openapi-fetch round by round: a
 * ratio per round, of the contender's batch to bare openapi-fetch's batch of the same round (close
 * in time, so a busy neighbour process or drift weighs on both sides of it). Per contender:
 * medianUs, the median of its per-run medians; vsOpenapiFetch, the median of its ratios over every
 * round of every run (a median drops the rounds a stall hit, on either side); middleHalf, the
 * interquartile range of those ratios; runs, the lowest and highest of the runs' own medians;
 * cpuVsOpenapiFetch, the same median for the process's CPU time, which time another process holds
 * the core does not inflate (shown beside the elapsed time, which the targets are judged on).
 * `invert` is for throughput, where higher is better.
 */
async function repeated(measure: () => Promise<Record<string, Timing>>, invert = false) {
  const runs: Record<string, Timing>[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure());
  // Per run, the contender's ratio to bare openapi-fetch in each round.
  const paired = (name: string, key: "roundsUs" | "roundsCpuUs") =>
    runs.map((run) => {
      const base = run["openapi-fetch"]![key];
      return run[name]![key].map((us, i) => (invert ? base[i]! / us : us / base[i]!));
    });
  const span = (low: number, high: number) => `${round(low, 3)}–${round(high, 3)}`;
  return Object.fromEntries(
    Object.keys(runs[0]!).map((name) => {
      const perRun = paired(name, "roundsUs");
      const ratios = perRun.flat();
      const runMedians = perRun.map(median);
      return [
        name,
        {
          medianUs: round(median(runs.map((run) => run[name]!.medianUs))),
          vsOpenapiFetch: round(median(ratios), 3),
          middleHalf: span(quantile(ratios, 0.25), quantile(ratios, 0.75)),
          runs: span(Math.min(...runMedians), Math.max(...runMedians)),
          cpuVsOpenapiFetch: round(median(paired(name, "roundsCpuUs").flat()), 3),
        },
      ];
    }),
  );
}

// Many short batches rather than a few long ones: more rounds to pair, each less exposed to a stall.
export function inMemory() {
  const tasks = contenders("https://api.truto.one", inMemoryFetch);
  return repeated(() => compare(tasks, { rounds: 61, batch: 700 }));
}

export function loopback(url: string) {
  const tasks = contenders(url, globalThis.fetch);
  return repeated(() => compare(tasks, { rounds: 181, batch: 40, warmup: 500 }));
}

/** 64 calls in flight at once, repeated; calls per second of each contender (alternating). */
export async function concurrency(url: string) {
  const all = contenders(url, globalThis.fetch);
  const wave = (task: Task) => async () => {
    await Promise.all(Array.from({ length: 64 }, task));
  };
  const names = ["truto.crm.engagements.delete", "truto.crm.engagements.delete, timeoutMs: Infinity", "openapi-fetch"];
  const waves = Object.fromEntries(names.map((name) => [name, wave(all[name]!)]));
  const results = await repeated(() => compare(waves, { rounds: 31, batch: 20, warmup: 20 }), true);
  return Object.fromEntries(
    Object.entries(results).map(([name, { medianUs, ...ratios }]) => [name, { callsPerSecond: Math.round((64 / medianUs) * 1e6), ...ratios }]),
  );
}

/** Heap after 0, 50k and 100k calls, each with the default timeout and a caller AbortSignal. */
export async function memory() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  const truto = createTrutoClient({ token: TOKEN, baseUrl: "https://api.truto.one", fetch: inMemoryFetch });
  const controller = new AbortController();
  const heap = () => {
    gc();
    gc();
    return Math.round(process.memoryUsage().heapUsed / 1024);
  };
  const marks: Record<string, number> = { calls0: heap() };
  for (let i = 1; i <= 100_000; i++) {
    await truto.crm.engagements.delete("23423523", QUERY, { signal: controller.signal });
    if (i === 50_000) marks.calls50k = heap();
  }
  marks.calls100k = heap();
  return { heapKiB: marks, growthKiB: marks.calls100k! - marks.calls50k! };
}

/** The wrapper's own CPU cost per call: in memory, bare openapi-fetch's time times the ratio's excess. */
export function ownCostUs(results: Record<string, { medianUs: number; vsOpenapiFetch: number }>) {
  const base = results["openapi-fetch"]!.medianUs;
  return Object.fromEntries(Object.entries(results).filter(([name]) => name.startsWith("truto")).map(([name, t]) => [name, round((t.vsOpenapiFetch - 1) * base)]));
}
