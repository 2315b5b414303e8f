// The two facts of a resolved JSON schema that the changelog compares: its type, as a reader would
// write it, and its enum values.
import type { JsonSchema } from "../../../src/model.js";

/** `string`, `string (date-time) | null`, `array of object`; `any` when the schema names no type. */
export function typeLabel(schema: JsonSchema): string {
  const types = [schema.type].flat().filter((type): type is string => typeof type === "string");
  if (types.length === 0) return "any";
  return types
    .map((type) => {
      if (type === "array" && isSchema(schema.items)) return `array of ${typeLabel(schema.items)}`;
      return typeof schema.format === "string" && type !== "null" ? `${type} (${schema.format})` : type;
    })
    .join(" | ");
}

/** The enum of the schema, or of its items (as the client's rules read it); null left out, the type says it. */
export function enumValues(schema: JsonSchema): string[] | undefined {
  const values = schema.enum ?? (isSchema(schema.items) ? schema.items.enum : undefined);
  return Array.isArray(values) ? values.filter((value) => value !== null).map(String) : undefined;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
