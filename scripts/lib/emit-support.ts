// Emits generated/support.ts: integrations and per-parameter / per-body-field / per-response-field
// support from x-truto-*.
import { ITEMS } from "../redocly/conventions.js";
import { generatedHeader } from "./generated-header.js";
import { deref, listOperations, requestBody, successResponse, type BundledSpec, type SchemaNode, type Support } from "./spec.js";
import { tsLiteral } from "./ts-literal.js";

type Entry = Support | "all";

export function emitSupport(spec: BundledSpec, source: string): string {
  const parameterSupport: Record<string, Record<string, Entry>> = {};
  const bodySupport: Record<string, Record<string, Entry>> = {};
  const fieldSupport: Record<string, Record<string, Entry>> = {};
  for (const { operation } of listOperations(spec)) {
    const params: Record<string, Entry> = {};
    for (const raw of operation.parameters ?? []) {
      const param = deref(spec, raw);
      if (param.in === "header") continue;
      params[param.name] = param["x-truto-specific"] ? "all" : (param["x-truto-support"] ?? {});
    }
    parameterSupport[operation.operationId] = params;
    const body = requestBody(spec, operation);
    if (body) {
      const fields: Record<string, Entry> = {};
      for (const [name, prop] of Object.entries(body.schema.properties ?? {})) fields[name] = entryOf(prop) ?? {};
      bodySupport[operation.operationId] = fields;
    }
    const fields: Record<string, Entry> = {};
    collectFields(spec, successResponse(spec, operation)?.schema, "", fields, true);
    fieldSupport[operation.operationId] = fields;
  }

  return `// ${generatedHeader(source)}

/** Integrations named on Truto's reference pages: slug -> display name. */
export const integrations = ${tsLiteral(spec["x-truto-integrations"])} as const;

export type IntegrationSlug = keyof typeof integrations;

/** One integration's support for a parameter or field: \`{}\` supported, \`required\`, allowed \`values\`. */
export type SupportEntry = { readonly required?: true; readonly values?: readonly string[]; readonly note?: string };

/**
 * Integration slug -> its entry, for the integrations that support it (\`{}\` as the whole map: the
 * page lists no integration); \`"all"\`: a Truto parameter or field that applies to every integration.
 */
export type Support = "all" | { readonly [slug: string]: SupportEntry };

/** Per operation, per query or path parameter, in the reference page's order. */
export const parameterSupport = ${tsLiteral(parameterSupport)} as const satisfies Record<string, Record<string, Support>>;

/** Per operation with a JSON request body, per top-level body field. */
export const bodySupport = ${tsLiteral(bodySupport)} as const satisfies Record<string, Record<string, Support>>;

/**
 * Per operation, per response field of the success body (nested fields as \`parent.child\`,
 * array items as \`parent[].child\`, listed only where the page gives support).
 */
export const fieldSupport = ${tsLiteral(fieldSupport)} as const satisfies Record<string, Record<string, Support>>;
`;
}

function entryOf(node: SchemaNode): Entry | undefined {
  return node["x-truto-specific"] ? "all" : node["x-truto-support"];
}

/**
 * Walks the success body: every top-level field is listed (the lint rule makes each carry support
 * data); so are the fields of the records inside a list or custom-method envelope's `result`.
 */
function collectFields(spec: BundledSpec, schema: SchemaNode | undefined, prefix: string, out: Record<string, Entry>, top: boolean): void {
  if (!schema) return;
  const resolved = deref(spec, schema);
  if (resolved.items) return collectFields(spec, resolved.items, `${prefix}[]`, out, top);
  for (const [name, prop] of Object.entries(resolved.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    // x-truto-* sits beside a $ref, so read it before following the reference.
    const support = entryOf(prop);
    if (support || top) out[path] = support ?? {};
    collectFields(spec, prop, path, out, top && !prefix && name === ITEMS && support === "all");
  }
}
