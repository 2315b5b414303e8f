// What the transport's per-attempt timeout costs before fetch sees it: the primitives it uses.
import { opsPerSecond, round } from "./lib/measure.js";

const noop = () => {};
const microseconds = (fn: () => unknown) => round(1e6 / opsPerSecond(fn), 3);

export function attemptPrimitives() {
  return {
    "new AbortController().signal": microseconds(() => new AbortController().signal),
    "setTimeout + clearTimeout": microseconds(() => clearTimeout(setTimeout(noop, 60_000))),
  };
}
