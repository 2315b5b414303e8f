// Request checks of the mock: the spec's schemas (generated/mock.ts) with ajv, then the rules of
// the integration behind the account with src/validate.ts's integrationProblems(), the function the
// client's own checks use, so that both say the same words.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { IntegrationSlug } from "../../generated/support.js";
import type { JsonSchema } from "../../generated/mock.js";
import { integrationProblems } from "../validate.js";
import type { MockRoute } from "./routes.js";

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

/** One failing field: the parameter as the client names it (`body.<field>` for body fields) and why. */
export interface Failure {
  parameter: string;
  message: string;
  integration?: string;
}

type Values = Record<string, unknown>;

export interface RouteChecks {
  /** The first problem of the path parameters (decoded strings), or undefined. */
  path(values: Values): string | undefined;
  /** The first problem of the query: the spec's schemas (coercing "true" to true in place), or undefined. */
  query(values: Values): string | undefined;
  /** The integration's query rules, in the client's words. */
  queryIntegration(values: Values, integration: IntegrationSlug): string | undefined;
  /** Every failing body field: spec rules, then the integration's rules for fields that pass them. */
  body(body: unknown, integration: IntegrationSlug): Failure[];
}

/** Validators of one route, compiled on first use. */
export function routeChecks(route: MockRoute): RouteChecks {
  let path: ValidateFunction | undefined;
  let query: ValidateFunction | undefined;
  let body: ValidateFunction | undefined;
  return {
    path(values) {
      path ??= compile(route.mock.path, true);
      return path(values) ? undefined : describe(path.errors![0]!, "Path parameter").message;
    },
    query(values) {
      query ??= compile(route.mock.query, true);
      return query(values) ? undefined : describe(query.errors![0]!, "Query parameter").message;
    },
    queryIntegration(values, integration) {
      return integrationProblems(route.route, "query", values, integration)[0]?.message;
    },
    body(value, integration) {
      if (!route.mock.body) return [];
      if (value === undefined) {
        return route.mock.bodyRequired ? [{ parameter: "body", message: `${route.operation.operationId}: the JSON body is required` }] : [];
      }
      body ??= compile(route.mock.body, false);
      const failures = body(value) ? [] : body.errors!.map((error) => describe(error, "Body field"));
      if (value === null || typeof value !== "object" || Array.isArray(value)) return failures;
      const failing = new Set(failures.map((failure) => failure.parameter));
      for (const problem of integrationProblems(route.route, "body", value as Values, integration)) {
        if (!failing.has(problem.parameter)) failures.push({ parameter: problem.parameter, message: problem.message, ...(problem.integration ? { integration: problem.integration } : {}) });
      }
      return failures;
    },
  };
}

function compile(schema: JsonSchema, coerce: boolean): ValidateFunction {
  // Query and path values arrive as text: coerced to the schema's types, as Truto reads them.
  const ajv = new Ajv2020({ coerceTypes: coerce ? "array" : false, strict: false, allErrors: !coerce, verbose: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** "/contact/0/id" -> "contact[0].id" */
function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath.split("/").slice(1).map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (child !== undefined) parts.push(child);
  return parts.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), "");
}

function describe(error: ErrorObject, label: string): Failure {
  const params = error.params as Record<string, unknown>;
  const child = error.keyword === "required" ? String(params.missingProperty) : error.keyword === "additionalProperties" ? String(params.additionalProperty) : undefined;
  const name = fieldName(error.instancePath, child);
  const parameter = label === "Body field" ? (name ? `body.${name}` : "body") : name;
  const subject = name ? `${label} "${name}"` : "The JSON body";
  switch (error.keyword) {
    case "required":
      return { parameter, message: `${subject} is required` };
    case "enum":
      return { parameter, message: `${subject} must be one of ${(params.allowedValues as unknown[]).join(", ")}` };
    case "type":
      return { parameter, message: `${subject} must be of type ${[params.type].flat().join(" or ")}` };
    case "additionalProperties": {
      const known = Object.keys(((error.parentSchema as JsonSchema | undefined)?.properties ?? {}) as object);
      return { parameter, message: `${subject} is not in the schema; expected only: ${known.join(", ")}` };
    }
    default:
      return { parameter, message: `${subject} ${error.message}` };
  }
}
