// The client-overhead targets (restated by issue 22), judged on Node 24, and the comparison rows
// beside them.
// Each reads its figure from one Node line's time comparisons, so every line can be reported.
import type { TimeComparisons } from "./overhead.js";

export interface Target {
  /** Key in the bench's JSON line. */
  key: string;
  measure: string;
  value: (t: TimeComparisons) => number;
  target: string;
  /** Absent for rows shown for comparison only. */
  met?: (t: TimeComparisons) => boolean;
}

const NO_TIMEOUT = ", timeoutMs: Infinity";
const TIMED = "openapi-fetch + timeout";
const CALLS = [
  ["delete", "truto.DELETE"],
  ["resource", "truto.crm.engagements.delete"],
] as const;
const SETTINGS = [
  ["inMemory", "in memory", "memoryCase", 1.1],
  ["loopback", "loopback", "loopbackCase", 1.05],
] as const;

export const TARGETS: Target[] = [
  // Configured like bare openapi-fetch (no timeout): close to it.
  ...SETTINGS.flatMap(([settingKey, where, figures, limit]) =>
    CALLS.map(([callKey, call]): Target => {
      const value = (t: TimeComparisons) => t[figures][call + NO_TIMEOUT]!.vsOpenapiFetch;
      return { key: `${settingKey}.${callKey}NoTimeout`, measure: `${where}, ${call} (no timeout, like bare openapi-fetch), time vs bare openapi-fetch`, value, target: `≤ ${limit}×`, met: (t) => value(t) <= limit };
    }),
  ),
  // With its defaults (a 60 s timeout): cheaper than the safe configuration a user would otherwise write.
  ...SETTINGS.flatMap(([settingKey, where, figures]) =>
    CALLS.map(([callKey, call]): Target => {
      const value = (t: TimeComparisons) => t[figures][call]!.vsOpenapiFetch;
      return {
        key: `${settingKey}.${callKey}`,
        measure: `${where}, ${call} (default 60 s timeout), time vs bare openapi-fetch`,
        value,
        target: "< bare openapi-fetch given AbortSignal.timeout",
        met: (t) => value(t) < t[figures][TIMED]!.vsOpenapiFetch,
      };
    }),
  ),
  ...SETTINGS.map(([settingKey, where, figures]): Target => ({
    key: `${settingKey}.openapiFetchWithTimeout`,
    measure: `${where}, bare openapi-fetch given a 60 s AbortSignal.timeout, time vs bare openapi-fetch`,
    value: (t) => t[figures][TIMED]!.vsOpenapiFetch,
    target: "(for comparison)",
  })),
  {
    key: "inFlight.resourceNoTimeout",
    measure: "64 in flight, resource method (no timeout, like bare openapi-fetch), throughput vs bare openapi-fetch",
    value: (t) => t.inFlight[`truto.crm.engagements.delete${NO_TIMEOUT}`]!.vsOpenapiFetch,
    target: "(for comparison)",
  },
  {
    key: "inFlight.resource",
    measure: "64 in flight, resource method (default 60 s timeout), throughput vs bare openapi-fetch",
    value: (t) => t.inFlight["truto.crm.engagements.delete"]!.vsOpenapiFetch,
    target: "(for comparison)",
  },
];
