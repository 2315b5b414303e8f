// Pre-flight checks of query parameters and JSON bodies: the spec's rules (required, type, enum,
// format) always and, with an integration, that integration's rules from generated/support.ts.
// The mock answers with the same words: it calls integrationProblems().
import { operations, type Operation, type ValueRule } from "../generated/endpoints.js";
import { bodySupport, integrations, parameterSupport, type IntegrationSlug, type Support } from "../generated/support.js";
import { TrutoValidationError } from "./errors.js";

/** What to do with a parameter the integration does not support (Truto ignores it). */
export type UnsupportedPolicy = "allow" | "warn" | "error";

export interface CheckContext {
  integration: IntegrationSlug | undefined;
  unsupported: UnsupportedPolicy;
  warn: (message: string) => void;
  /** Calls made with an integrated account token: Truto infers the account, so its id is optional. */
  accountToken?: boolean;
}

/** The query parameter that names the integrated account of a call. */
export const ACCOUNT_PARAMETER = "integrated_account_id";

export type Route = keyof typeof operations;
/** Where a value travels: the query string or the JSON body's top-level fields. */
export type Location = "query" | "body";
type Values = Record<string, unknown>;

/** One broken rule: the parameter (`body.<field>` for body fields) and the message naming it. */
export interface Problem {
  parameter: string;
  message: string;
  /** The integration's display name, for integration rules. */
  integration?: string;
  /** Only "not supported by the integration", which Truto ignores. */
  unsupported?: true;
}

/** A rule's value by name, its label for messages and its name as an error's `parameter`. */
interface Named {
  name: string;
  /** `Query parameter "x"` or `Body field "x"`. */
  label: string;
  /** `body.<field>` for body fields. */
  parameter: string;
}

interface SpecRule extends Named {
  required: boolean;
  type: string | readonly string[] | undefined;
  enum: readonly string[] | undefined;
  format: string | undefined;
}

interface IntegrationRule extends Named {
  required: boolean;
  values: readonly string[] | undefined;
  supported: boolean;
  /** Display names of the integrations that do support it, for the message. */
  supportedBy: string;
}

const LABEL: Record<Location, string> = { query: "Query parameter", body: "Body field" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3339 date-time, as OpenAPI's `format: date-time` means.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
/** Names of call options: a body holding one of them was meant as the options argument. */
const CALL_OPTIONS = new Set(["signal", "headers", "maxRetries", "timeoutMs", "retryNonIdempotent", "onRetry", "unsupportedParameters", "integration", "idempotencyKey"]);

// Rules are compiled once per location, route (and integration) on first use: calls run a short loop.
const specRules = { query: new Map<string, SpecRule[]>(), body: new Map<string, SpecRule[]>() };
const integrationRules = { query: new Map<string, IntegrationRule[]>(), body: new Map<string, IntegrationRule[]>() };

export function isKnownRoute(route: string): route is Route {
  return Object.hasOwn(operations, route);
}

export function checkIntegration(integration: unknown): asserts integration is IntegrationSlug {
  if (typeof integration !== "string" || !Object.hasOwn(integrations, integration)) {
    const got = typeof integration === "string" ? `"${integration}"` : typeof integration;
    throw new TrutoValidationError("integration", `Unknown integration ${got}; expected one of: ${Object.keys(integrations).join(", ")}`);
  }
}

/** Throws TrutoValidationError for the first broken rule of the route's query parameters. */
export function checkQuery(route: Route, query: Values | undefined, context: CheckContext): void {
  checkValues(route, "query", query ?? {}, context);
}

/**
 * Checks a call's JSON body before it is sent: present when required, an object when the schema
 * says so, no call options mistaken for it, then each field like a query parameter.
 */
export function checkBody(route: Route, body: unknown, context: CheckContext): void {
  const rule = (operations[route] as Operation).body;
  if (rule === undefined) return;
  const { operationId } = operations[route];
  if (body === undefined) {
    if (rule.required) throw new TrutoValidationError("body", `${operationId}: the JSON body is required (arguments: path parameters, body, query, options)`);
    return;
  }
  if (rule.type !== undefined && !matchesType(body, rule.type)) {
    throw new TrutoValidationError("body", `${operationId}: the body must be ${rule.type === "object" ? "a plain object" : `of type ${rule.type}`}, got ${kind(body)}`);
  }
  if (!isPlainObject(body)) return;
  refuseCallOptions(body, rule.properties, "body", operationId);
  if (rule.closed) {
    for (const key of Object.keys(body)) {
      if (!(key in rule.properties)) {
        const { parameter, label } = named("body", key);
        throw new TrutoValidationError(parameter, `${label} is not in the schema; expected only: ${Object.keys(rule.properties).join(", ")}`);
      }
    }
  }
  checkValues(route, "body", body, context);
}

/**
 * Refuses a body or query holding a call option's name that its schema does not declare: the
 * options object was passed one place too early, and must never be sent as data.
 */
export function refuseCallOptions(values: Values, declared: object, where: "body" | "query", operationId: string): void {
  for (const key in values) {
    if (CALL_OPTIONS.has(key) && !Object.hasOwn(declared, key)) {
      throw new TrutoValidationError(where, `${operationId}: the ${where} has "${key}", a call option; call options go after the query (path parameters, body, query, options)`);
    }
  }
}

function checkValues(route: Route, location: Location, values: Values, context: CheckContext): void {
  for (const rule of compileSpecRules(route, location)) {
    const value = values[rule.name];
    // With an integrated account token, Truto infers the account: the id is sent only if given.
    if (context.accountToken && rule.name === ACCOUNT_PARAMETER && location === "query" && isMissing(value, location)) continue;
    const message = specProblem(rule, value, location);
    if (message) throw new TrutoValidationError(rule.parameter, message);
  }
  if (context.integration === undefined) return;
  const name = integrations[context.integration].name;
  for (const rule of compileIntegrationRules(route, location, context.integration)) {
    const problem = integrationProblem(rule, values[rule.name], name, location);
    if (!problem) continue;
    if (!problem.unsupported) throw new TrutoValidationError(problem.parameter, problem.message, name);
    if (context.unsupported === "error") throw new TrutoValidationError(problem.parameter, problem.message, name);
    if (context.unsupported === "warn") context.warn(problem.message);
  }
}

/**
 * Every rule of `integration` that `values` breaks (a missing required value, a value it does not
 * allow), in the words of the client's errors. Unsupported values are not listed: Truto ignores them.
 */
export function integrationProblems(route: Route, location: Location, values: Values, integration: IntegrationSlug): Problem[] {
  const name = integrations[integration].name;
  const problems: Problem[] = [];
  for (const rule of compileIntegrationRules(route, location, integration)) {
    const problem = integrationProblem(rule, values[rule.name], name, location);
    if (problem && !problem.unsupported) problems.push(problem);
  }
  return problems;
}

/** A missing value: undefined anywhere; null too in a query (a query string has no null). */
function isMissing(value: unknown, location: Location): boolean {
  return value === undefined || (value === null && location === "query");
}

function specProblem(rule: SpecRule, value: unknown, location: Location): string | undefined {
  const { label } = rule;
  if (isMissing(value, location)) return rule.required ? `${label} is required` : undefined;
  if (rule.type !== undefined) {
    if (!matchesType(value, rule.type)) return `${label} must be of type ${[rule.type].flat().join(" or ")}, got ${kind(value)}`;
    // A null the schema allows (type [string, "null"]) clears the field: enum and format are for values.
    if (value === null) return undefined;
  }
  if (rule.enum) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!rule.enum.includes(item as string)) return `${label} must be one of ${rule.enum.join(", ")}; got ${describe(item)}`;
    }
  }
  if (rule.format === "uuid" && !(typeof value === "string" && UUID.test(value))) {
    return `${label} must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)`;
  }
  if (rule.format === "date-time" && !(value instanceof Date ? !Number.isNaN(value.getTime()) : typeof value === "string" && DATE_TIME.test(value))) {
    return `${label} must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date`;
  }
  return undefined;
}

function integrationProblem(rule: IntegrationRule, value: unknown, integration: string, location: Location): Problem | undefined {
  const { label, parameter } = rule;
  if (isMissing(value, location)) {
    if (!rule.required) return undefined;
    const allowed = rule.values ? ` (allowed: ${rule.values.join(", ")})` : "";
    return { parameter, integration, message: `${label} is required for ${integration}${allowed}` };
  }
  if (!rule.supported) {
    return { parameter, integration, unsupported: true, message: `${label} is not supported by ${integration}${rule.supportedBy}; Truto ignores it` };
  }
  if (rule.values && value !== null && !rule.values.includes(value as string)) {
    return { parameter, integration, message: `${label} must be one of ${rule.values.join(", ")} for ${integration}; got ${describe(value)}` };
  }
  return undefined;
}

function rulesOf(route: Route, location: Location): { readonly [name: string]: ValueRule } {
  const operation: Operation = operations[route];
  return location === "query" ? operation.query : (operation.body?.properties ?? {});
}

function compileSpecRules(route: Route, location: Location): SpecRule[] {
  return cached(specRules[location], route, () => {
    const rules: SpecRule[] = [];
    for (const [name, rule] of Object.entries(rulesOf(route, location))) {
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a rule with nothing to check finds no problem; leaving it out only shortens the loop
      if (rule.required || rule.type || rule.enum || rule.format) {
        rules.push({ ...named(location, name), required: rule.required === true, type: rule.type, enum: rule.enum, format: rule.format });
      }
    }
    return rules;
  });
}

function compileIntegrationRules(route: Route, location: Location, integration: IntegrationSlug): IntegrationRule[] {
  return cached(integrationRules[location], `${integration} ${route}`, () => {
    const { operationId } = operations[route];
    const table: Record<string, Record<string, Support>> = location === "query" ? parameterSupport : bodySupport;
    const known = rulesOf(route, location);
    const rules: IntegrationRule[] = [];
    for (const [name, byIntegration] of Object.entries(table[operationId] ?? {})) {
      if (byIntegration === "all" || !(name in known)) continue;
      const entry = byIntegration[integration];
      const names = Object.keys(byIntegration).map((slug) => integrations[slug as IntegrationSlug].name);
      rules.push({
        ...named(location, name),
        required: entry?.required === true,
        values: entry?.values,
        supported: entry !== undefined,
        supportedBy: names.length > 0 ? ` (supported by: ${names.join(", ")})` : " (no integration lists it)",
      });
    }
    return rules;
  });
}

/** `cache`'s rules for `key`, compiled on first use. */
function cached<T>(cache: Map<string, T[]>, key: string, compile: () => T[]): T[] {
  let rules = cache.get(key);
  // Stryker disable next-line ConditionalExpression,BlockStatement: compiling again gives the same rules (the cache only saves time)
  if (rules === undefined) cache.set(key, (rules = compile()));
  return rules;
}

function matchesType(value: unknown, type: string | readonly string[]): boolean {
  if (typeof type !== "string") return type.some((one) => matchesType(value, one));
  switch (type) {
    case "string":
      return typeof value === "string" || value instanceof Date;
    case "integer":
      return Number.isInteger(value);
    case "number":
      return Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return isPlainObject(value);
    case "null":
      return value === null;
    default:
      return true;
  }
}

function isPlainObject(value: unknown): value is Values {
  // Stryker disable next-line ConditionalExpression: a primitive's prototype is neither Object.prototype nor null, and undefined never reaches here (missing values are handled first)
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function named(location: Location, name: string): Named {
  return { name, label: `${LABEL[location]} "${name}"`, parameter: location === "body" ? `body.${name}` : name };
}

/** The kind of a value for messages, never the value itself (it may be sensitive). */
function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" && !isPlainObject(value) ? `a ${value.constructor?.name ?? "non-plain object"}` : typeof value;
}

/** Names a rejected value without echoing long input (it may be sensitive): enum values are short. */
function describe(value: unknown): string {
  // Stryker disable next-line ConditionalExpression: a non-string's length is undefined, never <= 40
  return typeof value === "string" && value.length <= 40 ? JSON.stringify(value) : kind(value);
}
