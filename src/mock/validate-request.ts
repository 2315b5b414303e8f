// Request checks of the mock: the spec's parameter schemas with ajv, then the integration's rules
// from generated/support.ts. Each failure is Truto's 400 body naming the parameter.
import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import { integrations, parameterSupport, type IntegrationSlug } from "../../generated/support.js";
import type { Route, Schema } from "./spec.js";

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

export type Validator = (input: Record<string, unknown>) => string | undefined;

/** A validator per route for its path and query parameters; returns the first problem, or undefined. */
export function compileValidator(route: Route): Validator {
  const ajv = new Ajv({ coerceTypes: "array", strict: false, allErrors: false });
  addFormats(ajv);
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const param of route.parameters) {
    properties[param.name] = stripExtensions(param.schema ?? {});
    if (param.required || param.in === "path") required.push(param.name);
  }
  const validate = ajv.compile({ type: "object", properties, required });
  return (input) => (validate(input) ? undefined : describe(validate.errors![0]!));
}

function describe(error: ErrorObject): string {
  const name = error.keyword === "required" ? (error.params as { missingProperty: string }).missingProperty : error.instancePath.slice(1).replace(/\//g, ".");
  const label = `Query parameter "${name}"`;
  switch (error.keyword) {
    case "required":
      return `${label} is required`;
    case "enum":
      return `${label} must be one of ${(error.params as { allowedValues: string[] }).allowedValues.join(", ")}`;
    default:
      return `${label} ${error.message}`;
  }
}

/** The integration's rules for an operation: a missing required parameter, a value it does not allow. */
export function checkSupport(operationId: string, slug: IntegrationSlug, query: Record<string, unknown>): string | undefined {
  const support = (parameterSupport as Record<string, Record<string, "all" | Record<string, { required?: true; values?: readonly string[] }>>>)[operationId] ?? {};
  const name = integrations[slug].name;
  for (const [param, byIntegration] of Object.entries(support)) {
    if (byIntegration === "all") continue;
    const entry = byIntegration[slug];
    const value = query[param];
    if (entry?.required && value === undefined) return `Query parameter "${param}" is required for ${name}`;
    if (entry?.values && value !== undefined && !entry.values.includes(String(value))) {
      return `Query parameter "${param}" must be one of ${entry.values.join(", ")} for ${name}`;
    }
  }
  return undefined;
}

/** OpenAPI's x- keys mean nothing to ajv. */
function stripExtensions(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema, (key, value) => (key.startsWith("x-") ? undefined : value)));
}
