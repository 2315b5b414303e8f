// Query serializer throughput (ops/s) on small, typical and large queries, beside qs.stringify.
import qs from "qs";
import { serializeQuery } from "./lib/shipped.js";
import { opsPerSecond, round } from "./lib/measure.js";

const QUERIES: Record<string, Record<string, unknown>> = {
  small: { integrated_account_id: "62f44730-dd91-461e-bd6a-aedd9e0ad79d" },
  typical: {
    integrated_account_id: "62f44730-dd91-461e-bd6a-aedd9e0ad79d",
    engagement_type: "meeting",
    truto_exclude_fields: ["id", "name"],
    remote_query: { filter: { status: "open" } },
  },
  large: {
    integrated_account_id: "62f44730-dd91-461e-bd6a-aedd9e0ad79d",
    truto_exclude_fields: Array.from({ length: 20 }, (_, i) => `field_${i}`),
    contact: Array.from({ length: 10 }, (_, i) => ({ id: `contact ${i}` })),
    remote_query: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key ${i}`, { nested: { value: `v&${i}`, list: ["a", "b"] } }])),
  },
};

export function serializerThroughput() {
  return Object.fromEntries(
    Object.entries(QUERIES).map(([name, query]) => {
      const ours = opsPerSecond(() => serializeQuery(query));
      const theirs = opsPerSecond(() => qs.stringify(query, { arrayFormat: "brackets", encodeValuesOnly: false }));
      return [name, { serializeQuery: ours, qsStringify: theirs, speedup: round(ours / theirs) }];
    }),
  );
}
