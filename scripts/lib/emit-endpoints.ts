// Emits generated/endpoints.ts: the resource-method map and per-route schema rules for pre-flight checks.
import { generatedHeader } from "./generated-header.js";
import { deref, listOperations, type BundledSpec, type SchemaNode } from "./spec.js";
import { tsLiteral } from "./ts-literal.js";

interface QueryRule {
  required?: true;
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
    const query: Record<string, QueryRule> = {};
    for (const raw of operation.parameters ?? []) {
      const param = deref(spec, raw);
      if (param.in === "path") pathParams.push(param.name);
      if (param.in === "query") query[param.name] = queryRule(spec, param.required === true, param.schema);
    }
    operations[route] = { operationId: operation.operationId, pathParams: orderInPath(path, pathParams), query };
  }

  return `// ${generatedHeader(source)}

/** Resource methods, Octokit-style: namespace -> method -> "METHOD /path" (from each operationId). */
export const endpoints = ${tsLiteral(endpoints)} as const;

/**
 * Per route: the operationId, path parameters in path order, and the schema-level rules of each
 * query parameter (required, enum, format) that the client checks before a request is sent.
 */
export const operations = ${tsLiteral(operations)} as const;
`;
}

/** "crm.engagements.delete" -> endpoints.crm.engagements.delete = route. */
function addMethod(tree: Record<string, unknown>, operationId: string, route: string): void {
  const names = operationId.split(".");
  if (names.length < 2) throw new Error(`operationId "${operationId}" must be dotted, e.g. "crm.engagements.delete"`);
  let node = tree;
  for (const name of names.slice(0, -1)) node = (node[name] ??= {}) as Record<string, unknown>;
  const method = names[names.length - 1]!;
  if (method in node) throw new Error(`operationId "${operationId}" is used twice`);
  node[method] = route;
}

function queryRule(spec: BundledSpec, required: boolean, raw: SchemaNode | undefined): QueryRule {
  const rule: QueryRule = {};
  if (required) rule.required = true;
  const schema = raw && deref(spec, raw);
  const values = schema?.enum ?? (schema?.items && deref(spec, schema.items).enum);
  if (values) rule.enum = values;
  if (schema?.format) rule.format = schema.format;
  return rule;
}

function orderInPath(path: string, names: string[]): string[] {
  return [...names].sort((a, b) => path.indexOf(`{${a}}`) - path.indexOf(`{${b}}`));
}
