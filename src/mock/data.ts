// Example values for the mock: records seeded from a resource's record schema, deterministic per seed.
import type { JsonSchema } from "../model.js";

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

/** A 32-bit hash of a string, to derive one PRNG stream per record. */
export function hash(text: string, start = 7): number {
  let value = start;
  for (let i = 0; i < text.length; i++) value = Math.imul(value, 31) + text.charCodeAt(i);
  return value;
}

/** The first non-null type of a schema (`type: [string, "null"]` is a string). */
function typeOf(schema: JsonSchema): string | undefined {
  const { type } = schema;
  if (Array.isArray(type)) return type.find((one) => one !== "null") as string | undefined;
  return typeof type === "string" ? type : schema.properties ? "object" : undefined;
}

const MAX_DEPTH = 8;

/** An `allOf` schema as one: its parts' keywords, with their `properties` merged. */
function mergeAll(schema: JsonSchema): JsonSchema {
  const { allOf, ...own } = schema;
  let merged: Record<string, unknown> = {};
  for (const part of [...(allOf as JsonSchema[]), own]) {
    const flat = Array.isArray(part.allOf) ? mergeAll(part) : part;
    merged = { ...merged, ...flat, properties: { ...(merged.properties as object), ...(flat.properties as object) } };
  }
  return merged;
}

/** An example value valid for `schema`: enum values, formats, ids and words picked by the PRNG. */
function example(schema: JsonSchema, name: string, next: () => number, depth: number): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[Math.floor(next() * schema.enum.length)];
  const choice = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (Array.isArray(choice) && choice.length > 0) return example(choice[0]!, name, next, depth);
  if (Array.isArray(schema.allOf)) return example(mergeAll(schema), name, next, depth);
  switch (typeOf(schema)) {
    case "array": {
      if (depth >= MAX_DEPTH) return [];
      const count = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: Math.min(count, 3) }, () => example((schema.items as JsonSchema) ?? {}, name, next, depth + 1));
    }
    case "object": {
      if (depth >= MAX_DEPTH) return {};
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, example(value, key, next, depth + 1)]));
    }
    case "boolean":
      return next() < 0.5;
    case "integer":
    case "number": {
      const min = typeof schema.minimum === "number" ? schema.minimum : 0;
      const max = typeof schema.maximum === "number" ? schema.maximum : min + 1000;
      return Math.ceil(min) + Math.floor(next() * (Math.floor(max) - Math.ceil(min) + 1));
    }
    case "null":
      return null;
    default:
      return exampleString(schema, name, next);
  }
}

function exampleString(schema: JsonSchema, name: string, next: () => number): string {
  const pick = Math.floor(next() * 1000);
  switch (schema.format) {
    case "date-time":
      return new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 365) * 86_400_000).toISOString();
    case "date":
      return new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 365) * 86_400_000).toISOString().slice(0, 10);
    case "uuid":
      return `00000000-0000-4000-8000-${String(pick).padStart(12, "0")}`;
    case "email":
      return `${name.replace(/[^a-z0-9]/gi, "") || "user"}${pick}@example.com`;
    case "uri":
    case "url":
      return `https://example.com/${pick}`;
    default:
      return name === "id" ? String(10_000_000 + Math.floor(next() * 89_999_999)) : `${name} ${pick}`;
  }
}

/** An example of `schema`, the same for the same `key` and seed. */
export function exampleOf(schema: JsonSchema, key: string, seed: number): unknown {
  return example(schema, "result", random(seed ^ hash(key)), 0);
}

/** The record's `id` as its schema types it: a number for an integer id, else the string. */
export function idValue(record: JsonSchema, id: string): string | number {
  const type = typeOf(((record.properties ?? {}) as Record<string, JsonSchema>).id ?? {});
  return (type === "integer" || type === "number") && /^-?\d{1,15}$/.test(id) ? Number(id) : id;
}

/** A record for `id`, shaped like the record schema; `remote_data` (if it has one) is a raw provider payload. */
export function seedRecord(record: JsonSchema, id: string, seed: number): Record<string, unknown> {
  const next = random(seed ^ hash(id));
  const value = example(record, "record", next, 0);
  const fields = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return { ...fields, id: idValue(record, id), ...withRemoteData(record, id) };
}

/** `remote_data` for a record whose schema has that field. */
export function withRemoteData(record: JsonSchema, id: string): { remote_data?: unknown } {
  const properties = (record.properties ?? {}) as Record<string, unknown>;
  return "remote_data" in properties ? { remote_data: { Id: id, source: "mock" } } : {};
}
