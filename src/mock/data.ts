// Seeded records for the mock: built from the operation's response schema, deterministic per seed.
import type { Schema } from "./spec.js";

/** mulberry32: a tiny seeded PRNG, so that the same seed gives the same records. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An example value for a schema: enum values, ISO dates, ids and words picked by the PRNG. */
function example(schema: Schema, name: string, next: () => number): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[Math.floor(next() * schema.enum.length)];
  switch (schema.type) {
    case "array":
      return [example((schema.items as Schema) ?? {}, name, next)];
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, example(value, key, next)]));
    }
    case "boolean":
      return next() < 0.5;
    case "integer":
    case "number":
      return Math.floor(next() * 1000);
    default:
      if (schema.format === "date-time") return new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 365) * 86_400_000).toISOString();
      return name === "id" ? String(10_000_000 + Math.floor(next() * 89_999_999)) : `${name} ${Math.floor(next() * 1000)}`;
  }
}

/** A record for `id`, shaped like the response schema, with a raw provider payload in remote_data. */
export function seedRecord(schema: Schema | undefined, id: string, seed: number): Record<string, unknown> {
  const next = random(seed ^ [...id].reduce((hash, char) => Math.imul(hash, 31) + char.charCodeAt(0), 7));
  const record = example(schema ?? { type: "object" }, "record", next) as Record<string, unknown>;
  return { ...record, id, remote_data: { Id: id, source: "mock" } };
}
