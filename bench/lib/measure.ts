// Side-by-side timing: contenders run in alternating batches (A B C A B C …) in one process, and
// each gets the median of its per-call times, so drift and GC hit all of them alike.

export type Task = () => Promise<unknown>;

export interface Timing {
  /** Median time per call, in microseconds. */
  medianUs: number;
}

export async function compare(tasks: Record<string, Task>, { rounds = 15, batch = 2_000, warmup = 2_000 } = {}): Promise<Record<string, Timing>> {
  const names = Object.keys(tasks);
  for (const name of names) for (let i = 0; i < warmup; i++) await tasks[name]!();
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so that no contender always runs right after another.
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!;
      const task = tasks[name]!;
      const start = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) await task();
      samples[name]!.push(Number(process.hrtime.bigint() - start) / 1_000 / batch);
    }
  }
  return Object.fromEntries(names.map((name) => [name, { medianUs: median(samples[name]!) }]));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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
