// Pre-flight checks: the spec's rules (required, enum, format) and, with an integration, its rules.
import { operations } from "../generated/endpoints.js";
import { integrations, parameterSupport, type IntegrationSlug } from "../generated/support.js";
import { TrutoValidationError } from "./errors.js";

/** What to do with a parameter the integration does not support (Truto ignores it). */
export type UnsupportedPolicy = "allow" | "warn" | "error";

export interface CheckContext {
  integration: IntegrationSlug | undefined;
  unsupported: UnsupportedPolicy;
  warn: (message: string) => void;
}

type Route = keyof typeof operations;
type Query = Record<string, unknown>;

interface SpecRule {
  name: string;
  required: boolean;
  enum: readonly string[] | undefined;
  format: string | undefined;
}

interface IntegrationRule {
  name: string;
  required: boolean;
  values: readonly string[] | undefined;
  supported: boolean;
  /** Display names of the integrations that do support it, for the message. */
  supportedBy: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3339 date-time, as OpenAPI's `format: date-time` means.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

// Rules are compiled once per route (and integration) on first use, keeping calls to a short loop.
const specRules = new Map<Route, SpecRule[]>();
const integrationRules = new Map<string, IntegrationRule[]>();

export function isKnownRoute(route: string): route is Route {
  return Object.prototype.hasOwnProperty.call(operations, route);
}

export function checkIntegration(integration: unknown): asserts integration is IntegrationSlug {
  if (typeof integration !== "string" || !Object.prototype.hasOwnProperty.call(integrations, integration)) {
    const got = typeof integration === "string" ? `"${integration}"` : typeof integration;
    throw new TrutoValidationError("integration", `Unknown integration ${got}; expected one of: ${Object.keys(integrations).join(", ")}`);
  }
}

/** Throws TrutoValidationError for the first broken rule of the route's query parameters. */
export function checkQuery(route: Route, query: Query | undefined, context: CheckContext): void {
  const values = query ?? {};
  for (const rule of compileSpecRules(route)) checkSpecRule(rule, values[rule.name]);
  if (context.integration === undefined) return;
  const name = integrations[context.integration].name;
  for (const rule of compileIntegrationRules(route, context.integration)) {
    checkIntegrationRule(rule, values[rule.name], name, context);
  }
}

function checkSpecRule(rule: SpecRule, value: unknown): void {
  if (value === undefined || value === null) {
    if (rule.required) throw invalid(rule.name, `Query parameter "${rule.name}" is required`);
    return;
  }
  if (rule.enum) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!rule.enum.includes(item as string)) {
        throw invalid(rule.name, `Query parameter "${rule.name}" must be one of ${rule.enum.join(", ")}; got ${describe(item)}`);
      }
    }
  }
  if (rule.format === "uuid" && !(typeof value === "string" && UUID.test(value))) {
    throw invalid(rule.name, `Query parameter "${rule.name}" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)`);
  }
  if (rule.format === "date-time" && !(value instanceof Date ? !Number.isNaN(value.getTime()) : typeof value === "string" && DATE_TIME.test(value))) {
    throw invalid(rule.name, `Query parameter "${rule.name}" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date`);
  }
}

function checkIntegrationRule(rule: IntegrationRule, value: unknown, integration: string, context: CheckContext): void {
  const allowed = rule.values ? ` (allowed: ${rule.values.join(", ")})` : "";
  if (value === undefined || value === null) {
    if (rule.required) throw invalid(rule.name, `Query parameter "${rule.name}" is required for ${integration}${allowed}`, integration);
    return;
  }
  if (!rule.supported) {
    if (context.unsupported === "allow") return;
    const message = `Query parameter "${rule.name}" is not supported by ${integration}${rule.supportedBy}; Truto ignores it`;
    if (context.unsupported === "error") throw invalid(rule.name, message, integration);
    context.warn(message);
    return;
  }
  if (rule.values && !rule.values.includes(value as string)) {
    throw invalid(rule.name, `Query parameter "${rule.name}" must be one of ${rule.values.join(", ")} for ${integration}; got ${describe(value)}`, integration);
  }
}

function compileSpecRules(route: Route): SpecRule[] {
  let rules = specRules.get(route);
  if (!rules) {
    rules = [];
    for (const [name, rule] of Object.entries(operations[route].query) as [string, { required?: true; enum?: readonly string[]; format?: string }][]) {
      if (rule.required || rule.enum || rule.format) {
        rules.push({ name, required: rule.required === true, enum: rule.enum, format: rule.format });
      }
    }
    specRules.set(route, rules);
  }
  return rules;
}

type SupportEntry = { required?: true; values?: readonly string[] };

function compileIntegrationRules(route: Route, integration: IntegrationSlug): IntegrationRule[] {
  const key = `${integration} ${route}`;
  let rules = integrationRules.get(key);
  if (!rules) {
    rules = [];
    const support = parameterSupport[operations[route].operationId] as Record<string, "all" | Record<string, SupportEntry>>;
    const query = operations[route].query as Record<string, unknown>;
    for (const [name, byIntegration] of Object.entries(support)) {
      if (byIntegration === "all" || !(name in query)) continue;
      const entry = byIntegration[integration];
      const names = Object.keys(byIntegration).map((slug) => integrations[slug as IntegrationSlug].name);
      rules.push({
        name,
        required: entry?.required === true,
        values: entry?.values,
        supported: entry !== undefined,
        supportedBy: names.length > 0 ? ` (supported by: ${names.join(", ")})` : " (no integration lists it)",
      });
    }
    integrationRules.set(key, rules);
  }
  return rules;
}

function invalid(parameter: string, message: string, integration?: string): TrutoValidationError {
  return new TrutoValidationError(parameter, message, integration);
}

/** Names a rejected value without echoing long input (it may be sensitive): enum values are short. */
function describe(value: unknown): string {
  return typeof value === "string" && value.length <= 40 ? JSON.stringify(value) : typeof value;
}
