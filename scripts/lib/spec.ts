// Types for the parts of the bundled spec the model reads (scripts/lib/model.ts), and a walker over
// its operations.
import type { EnumValue, SupportEntry } from "../../src/model.js";
import { successStatus } from "../redocly/conventions.js";

/** An `x-truto-support` map as written: integration slug -> its entry (src/model.ts has the entry's shape). */
type Support = Record<string, SupportEntry>;

export interface SchemaNode {
  $ref?: string;
  /** A string, or a list in OpenAPI 3.1 (`[string, "null"]`). */
  type?: string | string[];
  format?: string;
  enum?: EnumValue[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  allOf?: SchemaNode[];
  additionalProperties?: boolean | SchemaNode;
  "x-truto-support"?: Support;
  "x-truto-specific"?: true;
}

export interface ParameterNode {
  $ref?: string;
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: SchemaNode;
  "x-truto-support"?: Support;
  "x-truto-specific"?: true;
}

type Content = Record<string, { schema?: SchemaNode }>;

export interface OperationNode {
  operationId: string;
  summary?: string;
  parameters?: ParameterNode[];
  requestBody?: { $ref?: string; required?: boolean; content?: Content };
  responses: Record<string, { $ref?: string; content?: Content }>;
}

/** A path item: its operations by method, and parameters shared by all of them. */
export type PathItemNode = Partial<Record<string, OperationNode>> & { parameters?: ParameterNode[] };

export interface BundledSpec {
  info: { title: string; description?: string };
  "x-truto-integrations": Record<string, { name: string }>;
  paths: Record<string, PathItemNode>;
  components?: Record<string, Record<string, unknown>>;
}

export interface OperationEntry {
  method: string;
  path: string;
  operation: OperationNode;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Every operation of the spec, sorted by operationId so output never depends on file order; the
 * path item's parameters are merged into each (the operation's own win on name and location).
 */
export function listOperations(spec: BundledSpec): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = item.parameters ?? [];
    for (const method of METHODS) {
      const operation = item[method] as OperationNode | undefined;
      if (!operation) continue;
      const own = (operation.parameters ?? []).map((raw) => deref(spec, raw));
      const inherited = shared.filter((raw) => {
        const param = deref(spec, raw);
        return !own.some((o) => o.name === param.name && o.in === param.in);
      });
      const parameters = [...inherited, ...(operation.parameters ?? [])];
      entries.push({ method: method.toUpperCase(), path, operation: inherited.length ? { ...operation, parameters } : operation });
    }
  }
  return entries.sort((a, b) => a.operation.operationId.localeCompare(b.operation.operationId, "en"));
}

/** Follows a local `#/components/...` reference of the bundled document. */
export function deref<T>(spec: BundledSpec, node: T & { $ref?: string }): T {
  if (!node.$ref) return node;
  const parts = node.$ref.replace(/^#\//, "").split("/");
  let target: unknown = spec;
  for (const part of parts) target = (target as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (target === undefined) throw new Error(`Unresolved reference ${node.$ref}`);
  return deref(spec, target as T & { $ref?: string });
}

/** The operation's success response (first 2xx, see conventions.js): its status and JSON body schema. */
export function successResponse(spec: BundledSpec, operation: OperationNode): { status: number; schema: SchemaNode | undefined } | undefined {
  const code = successStatus(operation.responses);
  if (!code) return undefined;
  const schema = deref(spec, operation.responses[code]!).content?.["application/json"]?.schema;
  // "2XX" has no single status; 200 is what a client sees for it.
  return { status: code === "2XX" ? 200 : Number(code), schema: schema && deref(spec, schema) };
}

/**
 * An object schema with its `allOf` parts merged in (their properties and required lists, depth
 * first), and `type: object` when it lists properties without saying so.
 */
export function flattenObject(spec: BundledSpec, schema: SchemaNode): SchemaNode {
  const parts = (schema.allOf ?? []).map((part) => flattenObject(spec, deref(spec, part)));
  const { allOf: _merged, ...own } = schema;
  // The parts in their order, then the schema's own keywords (which win on a name both have).
  const merged: SchemaNode = { ...own };
  const properties = Object.assign({}, ...parts.map((part) => part.properties), own.properties) as Record<string, SchemaNode>;
  const required = [...new Set([...parts.flatMap((part) => part.required ?? []), ...(own.required ?? [])])];
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.length > 0) merged.required = required;
  const type = own.type ?? parts.find((part) => part.type !== undefined)?.type ?? (merged.properties ? "object" : undefined);
  if (type !== undefined) merged.type = type;
  return merged;
}
