// The spec normalised once: every operation with its method, path, parameters, body, success
// status and schema, where its records are, pages, idempotency, per-integration support and how the
// mock serves it; and every resource's record schema. The emitters (emit-*.ts) only print parts of
// it, and `npm run changes` compares two of them. Plain JSON: the same spec gives the same model.
import type { JsonSchema, MockKind, MockReply, RecordsAt, Support, ValueRule } from "../../src/model.js";
import { CURSOR, ITEMS, isIdempotencyHeader } from "../redocly/conventions.js";
import { deref, flattenObject, listOperations, successResponse, type BundledSpec, type OperationEntry, type SchemaNode } from "./spec.js";

export interface ApiModel {
  /** Slug -> display name, in the spec's order. */
  integrations: Record<string, { name: string }>;
  /** Sorted by operationId. */
  operations: OperationModel[];
  /** Per resource collection path (sorted): the schema of its records, for the mock. */
  resources: Record<string, { component?: string; record: JsonSchema }>;
}

export interface ParameterModel {
  name: string;
  in: "path" | "query";
  required: boolean;
  /** The resolved schema (validation keywords only). */
  schema: JsonSchema;
  /** What the client checks before sending. */
  rule: ValueRule;
  support: Support;
}

export interface FieldModel {
  /** A top-level name, or a nested path (`parent.child`, `items[].child`) where support is given. */
  name: string;
  required: boolean;
  schema: JsonSchema;
  support: Support;
}

export interface OperationModel {
  operationId: string;
  /** The spec's one-line summary, e.g. "Delete an engagement". */
  summary: string;
  method: string;
  path: string;
  /** Path parameters in path order, then query parameters in the spec's order. */
  parameters: ParameterModel[];
  idempotencyKey?: string;
  body?: { required: boolean; type?: string; closed: boolean; schema: JsonSchema; fields: (FieldModel & { rule: ValueRule })[] };
  success: { status: number; schema?: JsonSchema };
  /** The records the success body holds: where they are, and their fields with support. */
  records?: { at: RecordsAt; fields: FieldModel[] };
  pages?: { cursor: string; items: string };
  mock: { kind: MockKind; resource: string; reply: MockReply; fields?: string[] };
}

const ANNOTATIONS = new Set(["description", "example", "examples", "title", "deprecated", "externalDocs", "xml", "discriminator"]);
const TEMPLATE_PARAM = /^\{[^{}]+\}$/;
const ITEM_KINDS: Record<string, MockKind> = { GET: "get", PATCH: "update", PUT: "update", DELETE: "delete" };
/** Kinds in the order their success body is trusted to be the resource's record. */
const RANK: MockKind[] = ["get", "list", "delete", "update", "create", "custom"];

export function normalize(spec: BundledSpec): ApiModel {
  const entries = listOperations(spec);
  const collections = new Set(entries.filter((e) => isItemPath(e.path) || e.method === "GET").map((e) => collectionOf(e.path)));
  const classified = entries.map((entry) => ({ entry, ...classify(entry, collections) }));
  const records = recordSchemas(spec, classified);
  const resources: ApiModel["resources"] = {};
  for (const resource of [...new Set(classified.map((c) => c.resource))].sort()) {
    const found = records.get(resource);
    resources[resource] = {
      ...(found?.name ? { component: found.name } : {}),
      record: found ? resolve(spec, found.node) : { type: "object", properties: { id: { type: "string" } } },
    };
  }
  const operations = classified.map(({ entry, kind, resource }) => operationModel(spec, entry, kind, resource, records.get(resource)?.node));
  return { integrations: spec["x-truto-integrations"], operations, resources };
}

function operationModel(spec: BundledSpec, entry: OperationEntry, kind: MockKind, resource: string, record: SchemaNode | undefined): OperationModel {
  const { method, path, operation } = entry;
  const parameters: ParameterModel[] = [];
  let idempotencyKey: string | undefined;
  for (const raw of operation.parameters ?? []) {
    const param = deref(spec, raw);
    if (isIdempotencyHeader(param)) idempotencyKey = param.name;
    if (param.in !== "path" && param.in !== "query") continue;
    const required = param.required === true;
    const rule = valueRule(spec, required, param.schema);
    parameters.push({ name: param.name, in: param.in, required, schema: param.schema ? resolve(spec, param.schema) : {}, rule, support: supportOf(param) ?? {} });
  }
  const order = (p: ParameterModel) => (p.in === "path" ? path.indexOf(`{${p.name}}`) : Infinity);
  parameters.sort((a, b) => order(a) - order(b));

  const success = successResponse(spec, operation);
  if (!success) throw new Error(`${operation.operationId}: no 2xx response`);
  const successSchema = success.schema;
  // Its allOf parts merged: an envelope or record written with allOf has the same fields.
  const successObject = successSchema && flattenObject(spec, successSchema);
  const reply = replyOf(spec, kind, success.status, successObject, record);
  const replyFields = reply === "record" && successObject && successSchema !== record ? Object.keys(successObject.properties ?? {}) : [];
  const model: OperationModel = {
    operationId: operation.operationId,
    summary: operation.summary ?? operation.operationId,
    method,
    path,
    parameters,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...bodyOf(spec, operation),
    success: { status: success.status, ...(successSchema ? { schema: resolve(spec, successSchema) } : {}) },
    ...recordsOf(spec, successObject),
    ...pagesOf(operation.operationId, parameters, successObject),
    mock: { kind, resource, reply, ...(replyFields.length > 0 ? { fields: replyFields } : {}) },
  };
  return model;
}

function supportOf(node: { "x-truto-support"?: Support; "x-truto-specific"?: true }): Support | undefined {
  return node["x-truto-specific"] ? "all" : node["x-truto-support"];
}

/**
 * What the client checks of a parameter or body field before sending: required, the type, enum and
 * format, and an array's items' rule (a parameter's type as the mock reads the query: validate.ts).
 */
function valueRule(spec: BundledSpec, required: boolean, raw: SchemaNode | undefined): ValueRule {
  const schema = raw && deref(spec, raw);
  const items = schema?.items && valueRule(spec, false, schema.items);
  return {
    ...(required ? { required: true as const } : {}),
    ...(schema?.type ? { type: schema.type } : {}),
    ...(schema?.enum ? { enum: schema.enum } : {}),
    ...(schema?.format ? { format: schema.format } : {}),
    ...(items && Object.keys(items).length > 0 ? { items } : {}),
  };
}

function bodyOf(spec: BundledSpec, operation: OperationEntry["operation"]): Pick<OperationModel, "body"> {
  if (!operation.requestBody) return {};
  const body = deref(spec, operation.requestBody);
  const raw = body.content?.["application/json"]?.schema;
  if (!raw) throw new Error(`${operation.operationId}: the request body needs an application/json schema`);
  const schema = flattenObject(spec, deref(spec, raw));
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, prop]) => ({
    name,
    required: required.has(name),
    schema: resolve(spec, prop),
    rule: valueRule(spec, required.has(name), prop),
    support: supportOf(prop) ?? {},
  }));
  return {
    body: {
      required: body.required === true,
      ...(typeof schema.type === "string" ? { type: schema.type } : {}),
      closed: schema.additionalProperties === false,
      schema: resolve(spec, schema),
      fields,
    },
  };
}

/**
 * Where the records of a success body (its allOf parts merged) are: in `result` when it is Truto's envelope field
 * (x-truto-specific), its items when it is an array; else the body itself when it is an object.
 * Their fields are listed with support: every top-level field, and nested ones where support is given.
 */
function recordsOf(spec: BundledSpec, schema: SchemaNode | undefined): Pick<OperationModel, "records"> {
  if (!schema) return {};
  const envelope = schema.properties?.[ITEMS];
  let at: RecordsAt = "body";
  let node: SchemaNode | undefined = schema;
  if (envelope?.["x-truto-specific"]) {
    const result = deref(spec, envelope);
    at = result.items ? "result[]" : "result";
    node = result.items ? deref(spec, result.items) : result;
  }
  const object = node && flattenObject(spec, node);
  if (!object?.properties) return {};
  const fields: FieldModel[] = [];
  collectFields(spec, object, "", fields);
  return { records: { at, fields } };
}

function collectFields(spec: BundledSpec, schema: SchemaNode, prefix: string, out: FieldModel[]): void {
  const required = new Set(schema.required ?? []);
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    // x-truto-* sits beside a $ref, so it is read before the reference is followed.
    const support = supportOf(raw);
    if (!prefix || support) out.push({ name: path, required: !prefix && required.has(name), schema: resolve(spec, raw), support: support ?? {} });
    const prop = deref(spec, raw);
    const nested = prop.items ? deref(spec, prop.items) : prop;
    if (nested.properties) collectFields(spec, flattenObject(spec, nested), `${path}${prop.items ? "[]" : ""}.`, out);
  }
}

/** Cursor pages: a `next_cursor` query parameter and a `next_cursor` field in the success body. */
function pagesOf(operationId: string, parameters: ParameterModel[], schema: SchemaNode | undefined): Pick<OperationModel, "pages"> {
  const fields = schema?.properties ?? {};
  if (!parameters.some((p) => p.in === "query" && p.name === CURSOR) || !(CURSOR in fields)) return {};
  if (!(ITEMS in fields)) throw new Error(`${operationId}: a response with "${CURSOR}" needs its records in "${ITEMS}"`);
  return { pages: { cursor: CURSOR, items: ITEMS } };
}

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
function classify({ method, path }: OperationEntry, collections: Set<string>): { kind: MockKind; resource: string } {
  const segments = path.split("/");
  const parent = segments.slice(0, -1).join("/");
  if (isItemPath(path)) return { kind: ITEM_KINDS[method] ?? "custom", resource: parent };
  // `/unified/{model}/{resource}/{method}`: Truto's custom methods, also when the resource has no other route.
  const unifiedMethod = segments.length === 5 && segments[1] === "unified";
  if ((collections.has(parent) || unifiedMethod) && !collections.has(path)) return { kind: "custom", resource: parent };
  if (method === "GET") return { kind: "list", resource: path };
  if (method === "POST") return { kind: "create", resource: path };
  return { kind: "custom", resource: path };
}

type Classified = { entry: OperationEntry; kind: MockKind; resource: string };

/**
 * The record schema of each resource: what its get (else list, delete, update, create, custom
 * method) returns, read before the schemas are inlined, so a list's envelope is never taken.
 */
function recordSchemas(spec: BundledSpec, classified: Classified[]): Map<string, { node: SchemaNode; name?: string; rank: number }> {
  const records = new Map<string, { node: SchemaNode; name?: string; rank: number }>();
  for (const { entry, kind, resource } of classified) {
    const found = recordOf(spec, entry, kind);
    if (!found) continue;
    const rank = RANK.indexOf(kind);
    const current = records.get(resource);
    if (!current || rank < current.rank) records.set(resource, { ...found, rank });
  }
  return records;
}

/** The record schema an operation returns, if its success body is (or lists, or wraps) an object. */
function recordOf(spec: BundledSpec, entry: OperationEntry, kind: MockKind): { node: SchemaNode; name?: string } | undefined {
  const raw = successSchemaNode(spec, entry);
  if (!raw) return undefined;
  let node: SchemaNode | undefined = raw;
  if (kind === "list" || kind === "custom") {
    const items = flattenObject(spec, deref(spec, raw)).properties?.[ITEMS];
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

function replyOf(spec: BundledSpec, kind: MockKind, status: number, schema: SchemaNode | undefined, record: SchemaNode | undefined): MockReply {
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

/** Inlines every $ref (keys beside a $ref win, as in OpenAPI 3.1) and keeps validation keywords only. */
export function resolve(spec: BundledSpec, node: unknown, seen: string[] = []): JsonSchema {
  return resolveNode(spec, node, seen) as JsonSchema;
}

function resolveNode(spec: BundledSpec, node: unknown, seen: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveNode(spec, item, seen));
  if (node === null || typeof node !== "object") return node;
  const { $ref, ...rest } = node as Record<string, unknown>;
  let merged: Record<string, unknown> = rest;
  let chain = seen;
  if (typeof $ref === "string") {
    if (seen.includes($ref)) throw new Error(`the schema ${$ref} refers to itself (${[...seen, $ref].join(" -> ")}); the generated tables need finite schemas`);
    merged = { ...(deref(spec, { $ref }) as Record<string, unknown>), ...rest };
    chain = [...seen, $ref];
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(merged)) {
    if (key.startsWith("x-") || ANNOTATIONS.has(key)) continue;
    // Under `properties` the keys are field names, not keywords: keep every one.
    out[key] =
      key === "properties" && value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, resolveNode(spec, schema, chain)]))
        : resolveNode(spec, value, chain);
  }
  // `type: [string, "null"]` with an enum of strings: null stays allowed, as the client reads it
  // (JSON Schema alone would refuse null, which no listed value equals).
  if (Array.isArray(out.type) && out.type.includes("null") && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}
