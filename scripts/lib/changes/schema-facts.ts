// The facts of a resolved JSON schema that the changelog compares: its type, as a reader would
// write it, its enum values, and the fields under it.
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

/**
 * The fields one level down: an object's properties (allOf parts merged, the schema's own last), or
 * those of an array's items; named as suffixes of the parent's name (`.id`, `[].id`), as the model
 * names nested record fields.
 */
export function childFields(schema: JsonSchema): { suffix: string; required: boolean; schema: JsonSchema }[] {
  const object = isSchema(schema.items) ? schema.items : schema;
  const parts = objectParts(object);
  const required = new Set(parts.flatMap((part) => (Array.isArray(part.required) ? part.required : [])));
  const properties: Record<string, unknown> = Object.assign({}, ...parts.map((part) => part.properties));
  const prefix = object === schema ? "." : "[].";
  return Object.entries(properties)
    .filter((entry): entry is [string, JsonSchema] => isSchema(entry[1]))
    .map(([name, child]) => ({ suffix: `${prefix}${name}`, required: required.has(name), schema: child }));
}

/** The allOf parts of a schema, depth first, then the schema itself. */
function objectParts(schema: JsonSchema): JsonSchema[] {
  const parts = Array.isArray(schema.allOf) ? schema.allOf.filter(isSchema) : [];
  return [...parts.flatMap(objectParts), schema];
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
