// The mock's request checks: the spec's schemas (generated/mock.ts) with ajv, then the rules of the
// integration behind the account with the client's own integrationProblems(); every message in
// the client's words (src/messages.ts), so that a check the client skipped reads the same here.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { label, message, type Subject } from "../messages.js";
import type { IntegrationSlug, JsonSchema } from "../model.js";
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
  /** The integration's first broken query rule (unsupported parameters are ignored, as Truto does). */
  queryIntegration(values: Values, integration: IntegrationSlug): string | undefined;
  /** Every failing body field: spec rules, then the integration's rules for fields that pass them. */
  body(body: unknown, integration: IntegrationSlug): Failure[];
}

/**
 * Validators of one route, compiled when the mock starts: a first request pays no compile time (it
 * would count against a short timeoutMs in a user's test).
 */
export function routeChecks(route: MockRoute): RouteChecks {
  const { mock, operation, operationId } = route;
  const pathSchema = compile(mock.path, true);
  const querySchema = compile(mock.query, true);
  const bodySchema = mock.body && compile(mock.body, false);
  const first = (validate: ValidateFunction, values: unknown, kind: keyof typeof label) => (validate(values) ? undefined : describe(validate.errors![0]!, kind).message);
  return {
    path: (values) => first(pathSchema, values, "path"),
    query: (values) => first(querySchema, values, "query"),
    queryIntegration: (values, integration) => integrationProblems(operationId, "query", values, integration, operation.query).find((problem) => !problem.unsupported)?.message,
    body(value, integration) {
      if (!bodySchema) return [];
      if (value === undefined) return mock.bodyRequired ? [{ parameter: "body", message: `${operationId}: the JSON body is required` }] : [];
      const validate = bodySchema;
      const failures = validate(value) ? [] : validate.errors!.map((error) => describe(error, "body"));
      if (value === null || typeof value !== "object" || Array.isArray(value)) return failures;
      const failing = new Set(failures.map((failure) => failure.parameter));
      for (const problem of integrationProblems(operationId, "body", value as Values, integration, operation.body?.properties ?? {})) {
        if (!problem.unsupported && !failing.has(problem.parameter)) failures.push({ parameter: problem.parameter, message: problem.message, integration: problem.integration });
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

function describe(error: ErrorObject, kind: keyof typeof label): Failure {
  const params = error.params as Record<string, unknown>;
  const child = error.keyword === "required" ? String(params.missingProperty) : error.keyword === "additionalProperties" ? String(params.additionalProperty) : undefined;
  const name = fieldName(error.instancePath, child);
  const parameter = kind === "body" ? (name ? `body.${name}` : "body") : name;
  const subject: Subject = name ? label[kind](name) : "The JSON body";
  switch (error.keyword) {
    case "required":
      return { parameter, message: message.required(subject) };
    case "enum":
      return { parameter, message: message.oneOf(subject, params.allowedValues as unknown[], error.data) };
    case "type":
      return { parameter, message: message.type(subject, params.type as string | string[], error.data) };
    case "format":
      return { parameter, message: params.format === "uuid" ? message.uuid(subject) : params.format === "date-time" ? message.dateTime(subject) : `${subject} ${error.message}` };
    case "additionalProperties":
      return { parameter, message: message.notInSchema(subject, Object.keys(((error.parentSchema as JsonSchema | undefined)?.properties ?? {}) as object)) };
    default:
      return { parameter, message: `${subject} ${error.message}` };
  }
}
