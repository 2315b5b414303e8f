// Side-by-side timing: contenders run in alternating batches (A B C A B C …) in one process, and
// each gets the median of its per-call times, so drift and GC hit all of them alike. Each batch's
// time is kept too, by round, so that a contender can be compared with another round by round, and
// so is the process's CPU time over it (all its threads, GC helpers included): time another process
// holds the core adds to the elapsed time of a batch, not to its CPU time.

export type Task = () => Promise<unknown>;

export interface Timing {
  /** Median time per call, in microseconds. */
  medianUs: number;
  /** Time per call of each round's batch, in microseconds, by round (every contender runs once per round). */
  roundsUs: number[];
  /** CPU time of the process per call over each round's batch, in microseconds, by round. */
  roundsCpuUs: number[];
}

export async function compare(tasks: Record<string, Task>, { rounds = 15, batch = 2_000, warmup = 2_000 } = {}): Promise<Record<string, Timing>> {
  const names = Object.keys(tasks);
  for (const name of names) for (let i = 0; i < warmup; i++) await tasks[name]!();
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const cpuUs = () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  };
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so that no contender always runs right after another.
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!;
      const task = tasks[name]!;
      const startCpu = cpuUs();
      const start = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) await task();
      samples[name]!.push(Number(process.hrtime.bigint() - start) / 1_000 / batch);
      cpu[name]!.push((cpuUs() - startCpu) / batch);
    }
  }
  return Object.fromEntries(names.map((name) => [name, { medianUs: median(samples[name]!), roundsUs: samples[name]!, roundsCpuUs: cpu[name]! }]));
}

/** The value below which `q` (0–1) of `values` lie, by linear interpolation between neighbours. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.ceil(at)]! - sorted[low]!) * (at - low);
}

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Operations per second of a synchronous function, over about `durationMs` after a warm-up. */
export function opsPerSecond(fn: () => unknown, durationMs = 400): number {
  for (let i = 0; i < 2_000; i++) fn();
  let ops = 0;
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    for (let i = 0; i < 200; i++) fn();
    ops += 200;
  }
  return Math.round(ops / ((performance.now() - start) / 1000));
}
