// Emits generated/endpoints.ts: the resource-method map and, per route, everything the client needs
// to make the call: path parameters, query and body rules, success status, pagination, idempotency.
import { CURSOR, ITEMS, isIdempotencyHeader } from "../redocly/conventions.js";
import { generatedHeader } from "./generated-header.js";
import { deref, listOperations, requestBody, successResponse, type BundledSpec, type OperationNode, type SchemaNode } from "./spec.js";
import { tsLiteral } from "./ts-literal.js";

/** The schema-level rules of one query parameter or body field that the client checks before sending. */
interface ValueRule {
  required?: true;
  type?: string | string[];
  enum?: string[];
  format?: string;
}

export function emitEndpoints(spec: BundledSpec, source: string): string {
  const endpoints: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const { method, path, operation } of listOperations(spec)) {
    const route = `${method} ${path}`;
    addMethod(endpoints, operation.operationId, route);
    const pathParams: string[] = [];
    const query: Record<string, ValueRule> = {};
    let idempotencyKey: string | undefined;
    for (const raw of operation.parameters ?? []) {
      const param = deref(spec, raw);
      if (param.in === "path") pathParams.push(param.name);
      if (param.in === "query") query[param.name] = valueRule(spec, param.required === true, param.schema, false);
      if (isIdempotencyHeader(param)) idempotencyKey = param.name;
    }
    const success = successResponse(spec, operation);
    if (!success) throw new Error(`${operation.operationId}: no 2xx response`);
    operations[route] = {
      operationId: operation.operationId,
      pathParams: orderInPath(path, pathParams),
      query,
      ...bodyEntry(spec, operation),
      status: success.status,
      ...pagesEntry(operation.operationId, query, success.schema),
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
  }

  return `// ${generatedHeader(source)}

/** Resource methods, Octokit-style: namespace -> method -> "METHOD /path" (from each operationId). */
export const endpoints = ${tsLiteral(endpoints)} as const;

/** The schema-level rules of one query parameter or top-level body field. */
export type ValueRule = {
  readonly required?: true;
  readonly type?: string | readonly string[];
  readonly enum?: readonly string[];
  readonly format?: string;
};

/** A JSON request body: required or not, its type, its fields' rules; \`closed\`: no other fields. */
export type BodyRule = {
  readonly required?: true;
  readonly type?: string;
  readonly properties: { readonly [field: string]: ValueRule };
  readonly closed?: true;
};

export type Operation = {
  readonly operationId: string;
  readonly pathParams: readonly string[];
  readonly query: { readonly [name: string]: ValueRule };
  readonly body?: BodyRule;
  readonly status: number;
  readonly pages?: { readonly cursor: string; readonly items: string };
  readonly idempotencyKey?: string;
};

/**
 * Per route, what a call needs: the operationId, path parameters in path order, the schema-level
 * rules of each query parameter and of the JSON body's fields (required, type, enum, format) that
 * the client checks before sending, the success status (its first 2xx), \`pages\` when it pages by
 * cursor, and \`idempotencyKey\` when it declares Truto's Idempotency-Key header.
 */
export const operations = ${tsLiteral(operations)} as const satisfies { readonly [route: string]: Operation };
`;
}

/** "crm.engagements.delete" -> endpoints.crm.engagements.delete = route. */
function addMethod(tree: Record<string, unknown>, operationId: string, route: string): void {
  const names = operationId.split(".");
  if (names.length < 2) throw new Error(`operationId "${operationId}" must be dotted, e.g. "crm.engagements.delete"`);
  let node = tree;
  for (const name of names.slice(0, -1)) {
    node = (node[name] ??= {}) as Record<string, unknown>;
    if (typeof node !== "object") throw new Error(`operationId "${operationId}" uses "${name}" as a namespace and as a method`);
  }
  const method = names[names.length - 1]!;
  if (method in node) throw new Error(`operationId "${operationId}" is used twice, or "${method}" is also a namespace`);
  node[method] = route;
}

function valueRule(spec: BundledSpec, required: boolean, raw: SchemaNode | undefined, withType: boolean): ValueRule {
  const rule: ValueRule = {};
  if (required) rule.required = true;
  const schema = raw && deref(spec, raw);
  if (withType && schema?.type) rule.type = schema.type;
  const values = schema?.enum ?? (schema?.items && deref(spec, schema.items).enum);
  if (values) rule.enum = values;
  if (schema?.format) rule.format = schema.format;
  return rule;
}

function bodyEntry(spec: BundledSpec, operation: OperationNode): { body?: object } {
  const body = requestBody(spec, operation);
  if (!body) return {};
  const { schema } = body;
  const required = new Set(schema.required ?? []);
  const properties: Record<string, ValueRule> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    properties[name] = valueRule(spec, required.has(name), prop, true);
  }
  return {
    body: {
      ...(body.required ? { required: true } : {}),
      ...(schema.type ? { type: schema.type } : {}),
      properties,
      ...(schema.additionalProperties === false ? { closed: true } : {}),
    },
  };
}

/** Cursor pages: a `next_cursor` query parameter and a `next_cursor` field in the success body. */
function pagesEntry(operationId: string, query: Record<string, ValueRule>, schema: SchemaNode | undefined): { pages?: { cursor: string; items: string } } {
  const fields = schema?.properties ?? {};
  if (!(CURSOR in query) || !(CURSOR in fields)) return {};
  if (!(ITEMS in fields)) throw new Error(`${operationId}: a response with "${CURSOR}" needs its records in "${ITEMS}"`);
  return { pages: { cursor: CURSOR, items: ITEMS } };
}

function orderInPath(path: string, names: string[]): string[] {
  return [...names].sort((a, b) => path.indexOf(`{${a}}`) - path.indexOf(`{${b}}`));
}
