// Emits generated/support.ts: integrations and per-parameter / per-field support from x-truto-*.
import { generatedHeader } from "./generated-header.js";
import { deref, listOperations, successSchema, type BundledSpec, type SchemaNode, type Support } from "./spec.js";
import { tsLiteral } from "./ts-literal.js";

export function emitSupport(spec: BundledSpec, source: string): string {
  const parameterSupport: Record<string, Record<string, Support | "all">> = {};
  const fieldSupport: Record<string, Record<string, Support>> = {};
  for (const { operation } of listOperations(spec)) {
    const params: Record<string, Support | "all"> = {};
    for (const raw of operation.parameters ?? []) {
      const param = deref(spec, raw);
      params[param.name] = param["x-truto-specific"] ? "all" : (param["x-truto-support"] ?? {});
    }
    parameterSupport[operation.operationId] = params;
    const fields: Record<string, Support> = {};
    collectFields(spec, successSchema(spec, operation), "", fields, true);
    fieldSupport[operation.operationId] = fields;
  }

  return `// ${generatedHeader(source)}

/** Integrations named on Truto's reference pages: slug -> display name. */
export const integrations = ${tsLiteral(spec["x-truto-integrations"])} as const;

export type IntegrationSlug = keyof typeof integrations;

/**
 * Per operation, per parameter: the integrations that support it (\`{}\`), require it
 * (\`{ required: true }\`) and the values each allows (\`values\`), in the reference page's order.
 * \`{}\` as the whole entry: the page lists no integration. \`"all"\`: a Truto parameter that applies
 * to every integration.
 */
export const parameterSupport = ${tsLiteral(parameterSupport)} as const;

/**
 * Per operation, per response field of the success body (nested fields as \`parent.child\`,
 * array items as \`parent[].child\`, listed only where the page gives support): same entries as above.
 */
export const fieldSupport = ${tsLiteral(fieldSupport)} as const;
`;
}

function collectFields(spec: BundledSpec, schema: SchemaNode | undefined, prefix: string, out: Record<string, Support>, top: boolean): void {
  if (!schema) return;
  const resolved = deref(spec, schema);
  if (resolved.items) return collectFields(spec, resolved.items, `${prefix}[]`, out, false);
  for (const [name, prop] of Object.entries(resolved.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    // x-truto-support sits beside a $ref, so read it before following the reference.
    const support = prop["x-truto-support"];
    if (support || top) out[path] = support ?? {};
    collectFields(spec, prop, path, out, false);
  }
}
