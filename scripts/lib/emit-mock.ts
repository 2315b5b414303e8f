// Emits generated/mock.ts: what the mock Truto (src/mock/) needs beyond generated/endpoints.ts, so
// that it never reads the spec at run time: per operation its kind (list, get, create, update,
// delete, custom) and resource, its parameters' and request body's JSON schemas and the success
// body's; per resource its record schema, from the component schema its operations return. Schemas
// are resolved ($refs inlined) and hold only validation keywords (no x-*, description, example).
// Only src/mock imports this file: the client bundle never carries these schemas.
import { ITEMS } from "../redocly/conventions.js";
import { generatedHeader } from "./generated-header.js";
import { deref, listOperations, requestBody, successResponse, type BundledSpec, type OperationEntry, type SchemaNode } from "./spec.js";
import { tsLiteral } from "./ts-literal.js";

export type OperationKind = "list" | "get" | "create" | "update" | "delete" | "custom";

/** How the success body is built from the store. */
type Reply =
  /** A list envelope of stored records. */
  | "page"
  /** One stored record (projected onto `fields` when the success body lists fewer). */
  | "record"
  /** `{ result: <one stored record> }`, a custom method answering a record. */
  | "result-record"
  /** `{ result: <stored records> }`, a custom method answering records. */
  | "result-records"
  /** An example of the success schema. */
  | "example"
  /** No body (204, or no JSON content). */
  | "none";

const ANNOTATIONS = new Set(["description", "example", "examples", "title", "deprecated", "externalDocs", "xml", "discriminator"]);
const TEMPLATE_PARAM = /^\{[^{}]+\}$/;
const ITEM_KINDS: Record<string, OperationKind> = { GET: "get", PATCH: "update", PUT: "update", DELETE: "delete" };

export function emitMock(spec: BundledSpec, source: string): string {
  const entries = listOperations(spec);
  // Known collections: the parent of an item route (`/c/{id}`) and the path of a GET without a
  // trailing parameter (a list).
  const collections = new Set(entries.filter((e) => isItemPath(e.path) || e.method === "GET").map((e) => collectionOf(e.path)));
  const operations: Record<string, unknown> = {};
  const records = new Map<string, { node: SchemaNode; rank: number; name?: string }>();
  const resources: Record<string, unknown> = {};

  const kinds = entries.map((entry) => ({ entry, ...classify(entry, collections) }));
  // The record schema of each resource: what its get (else list, delete, update, create, custom
  // method) returns, found before the schemas are inlined, so a list's envelope is never taken.
  for (const { entry, kind, resource } of kinds) {
    const found = recordOf(spec, entry, kind);
    if (!found) continue;
    const rank = RANK.indexOf(kind);
    const current = records.get(resource);
    if (!current || rank < current.rank) records.set(resource, { ...found, rank });
  }
  for (const resource of [...new Set(kinds.map((k) => k.resource))].sort()) {
    const found = records.get(resource);
    resources[resource] = {
      ...(found?.name ? { component: found.name } : {}),
      record: found ? resolve(spec, found.node, []) : { type: "object", properties: { id: { type: "string" } } },
    };
  }

  for (const { entry, kind, resource } of kinds) {
    const { method, path, operation } = entry;
    const pathSchema: Record<string, unknown> = {};
    const querySchema: Record<string, unknown> = {};
    const queryRequired: string[] = [];
    for (const raw of operation.parameters ?? []) {
      const param = deref(spec, raw);
      const schema = param.schema ? resolve(spec, param.schema, []) : {};
      if (param.in === "path") pathSchema[param.name] = schema;
      if (param.in === "query") {
        querySchema[param.name] = schema;
        if (param.required) queryRequired.push(param.name);
      }
    }
    const body = requestBody(spec, operation);
    const success = successResponse(spec, operation)!;
    const record = records.get(resource)?.node;
    const reply = replyOf(spec, kind, success.status, success.schema, record);
    const fields = reply === "record" && success.schema && success.schema !== record ? Object.keys(success.schema.properties ?? {}) : undefined;
    operations[`${method} ${path}`] = {
      kind,
      resource,
      reply,
      ...(fields && fields.length > 0 ? { fields } : {}),
      path: objectSchema(pathSchema, Object.keys(pathSchema)),
      query: objectSchema(querySchema, queryRequired),
      ...(body ? { body: resolve(spec, body.schema, []), bodyRequired: body.required } : {}),
      // Only an "example" reply is built from the success schema; records and pages come from the store.
      ...(reply === "example" && success.schema ? { response: resolve(spec, success.schema, []) } : {}),
    };
  }

  return `// ${generatedHeader(source)}

/** What an operation does with the store, by Truto's conventions (method and path shape). */
export type MockKind = "list" | "get" | "create" | "update" | "delete" | "custom";

/** How the success body is built: a list envelope, a record, \`{ result }\` of one or many, an example, nothing. */
export type MockReply = "page" | "record" | "result-record" | "result-records" | "example" | "none";

/** A resolved JSON schema (OpenAPI 3.1 = JSON Schema 2020-12), validation keywords only. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export type MockOperation = {
  readonly kind: MockKind;
  /** The resource's collection path, the key of \`mockResources\`. */
  readonly resource: string;
  readonly reply: MockReply;
  /** For a record reply whose success body lists fewer fields than the record: those fields. */
  readonly fields?: readonly string[];
  /** Path parameters as one object schema. */
  readonly path: JsonSchema;
  /** Query parameters as one object schema. */
  readonly query: JsonSchema;
  readonly body?: JsonSchema;
  readonly bodyRequired?: boolean;
  /** The success body's schema, for an "example" reply (the only one built from it). */
  readonly response?: JsonSchema;
};

export type MockResource = {
  /** The component schema the records come from, when it is one. */
  readonly component?: string;
  readonly record: JsonSchema;
};

/** Per route ("METHOD /path", as in endpoints.ts): the mock's view of the operation. */
export const mockOperations = ${tsLiteral(operations)} as const satisfies { readonly [route: string]: MockOperation };

/** Per resource collection path: the schema of its stored records. */
export const mockResources = ${tsLiteral(resources)} as const satisfies { readonly [resource: string]: MockResource };
`;
}

/** Kinds in the order their success body is trusted to be the resource's record. */
const RANK: OperationKind[] = ["get", "list", "delete", "update", "create", "custom"];

function isItemPath(path: string): boolean {
  return TEMPLATE_PARAM.test(path.split("/").at(-1) ?? "");
}

/** The path without a trailing `{param}`. */
function collectionOf(path: string): string {
  return isItemPath(path) ? path.split("/").slice(0, -1).join("/") : path;
}

/**
 * Truto's conventions: `GET /c` list, `POST /c` create, `GET|PATCH|PUT|DELETE /c/{id}` get, update,
 * delete, and `/c/{method}` (a literal segment under a known collection, or the fourth segment
 * under `/unified/`) a custom method.
 */
function classify(entry: OperationEntry, collections: Set<string>): { kind: OperationKind; resource: string } {
  const { method, path } = entry;
  const segments = path.split("/");
  const last = segments.at(-1) ?? "";
  const parent = segments.slice(0, -1).join("/");
  if (TEMPLATE_PARAM.test(last)) {
    return { kind: ITEM_KINDS[method] ?? "custom", resource: parent };
  }
  // `/unified/{model}/{resource}/{method}`: Truto's custom methods, also when the resource has no other route.
  const unifiedMethod = segments.length === 5 && segments[1] === "unified";
  if ((collections.has(parent) || unifiedMethod) && !collections.has(path)) return { kind: "custom", resource: parent };
  if (method === "GET") return { kind: "list", resource: path };
  if (method === "POST") return { kind: "create", resource: path };
  return { kind: "custom", resource: path };
}

/** The record schema an operation returns, if its success body is (or lists, or wraps) an object. */
function recordOf(spec: BundledSpec, entry: OperationEntry, kind: OperationKind): { node: SchemaNode; name?: string } | undefined {
  const raw = successSchemaNode(spec, entry);
  if (!raw) return undefined;
  let node: SchemaNode | undefined = raw;
  if (kind === "list" || kind === "custom") {
    const items = deref(spec, raw).properties?.[ITEMS];
    if (!items) return undefined;
    node = deref(spec, items).type === "array" ? deref(spec, items).items : items;
  }
  if (!node) return undefined;
  const name = componentName(node);
  // A custom method's inline result (e.g. `{ ok }`) describes the call, not the resource's records.
  if (kind === "custom" && !name) return undefined;
  const schema = deref(spec, node);
  if (schema.type !== "object" && !schema.properties) return undefined;
  return { node: schema, ...(name ? { name } : {}) };
}

/** The success body's schema as written (a $ref kept), to tell components apart. */
function successSchemaNode(spec: BundledSpec, { operation }: OperationEntry): SchemaNode | undefined {
  const success = successResponse(spec, operation);
  if (!success) return undefined;
  const code = Object.keys(operation.responses).find((c) => (c === "2XX" ? 200 : Number(c)) === success.status);
  return code ? deref(spec, operation.responses[code]!).content?.["application/json"]?.schema : undefined;
}

function componentName(node: SchemaNode): string | undefined {
  return node.$ref?.startsWith("#/components/schemas/") ? node.$ref.slice("#/components/schemas/".length) : undefined;
}

function replyOf(spec: BundledSpec, kind: OperationKind, status: number, schema: SchemaNode | undefined, record: SchemaNode | undefined): Reply {
  if (status === 204 || !schema) return "none";
  if (kind === "list") return schema.properties?.[ITEMS] ? "page" : "example";
  if (kind === "custom") {
    const result = schema.properties?.[ITEMS];
    if (!result || !record) return "example";
    const resolved = deref(spec, result);
    if (resolved === record) return "result-record";
    if (resolved.type === "array" && resolved.items && deref(spec, resolved.items) === record) return "result-records";
    return "example";
  }
  return schema.type === "object" || schema.properties ? "record" : "example";
}

function objectSchema(properties: Record<string, unknown>, required: string[]): Record<string, unknown> {
  return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
}

/** Inlines every $ref (keys beside a $ref win, as in OpenAPI 3.1) and keeps validation keywords only. */
function resolve(spec: BundledSpec, node: unknown, seen: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => resolve(spec, item, seen));
  if (node === null || typeof node !== "object") return node;
  const { $ref, ...rest } = node as Record<string, unknown>;
  let merged: Record<string, unknown> = rest;
  let chain = seen;
  if (typeof $ref === "string") {
    if (seen.includes($ref)) throw new Error(`generated/mock.ts: the schema ${$ref} refers to itself (${[...seen, $ref].join(" -> ")}); the mock needs finite schemas`);
    merged = { ...(deref(spec, { $ref }) as Record<string, unknown>), ...rest };
    chain = [...seen, $ref];
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(merged)) {
    if (key.startsWith("x-") || ANNOTATIONS.has(key)) continue;
    // Under `properties` the keys are field names, not keywords: keep every one.
    out[key] = key === "properties" && value && typeof value === "object" ? resolveFields(spec, value as Record<string, unknown>, chain) : resolve(spec, value, chain);
  }
  // `type: [string, "null"]` with an enum of strings: null stays allowed, as the client reads it
  // (JSON Schema alone would refuse null, which no listed value equals).
  if (Array.isArray(out.type) && out.type.includes("null") && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

function resolveFields(spec: BundledSpec, fields: Record<string, unknown>, seen: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, resolve(spec, schema, seen)]));
}
