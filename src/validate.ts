// Pre-flight checks of a call's query and JSON body: the spec's rules (required, type, enum,
// format) always and, with an integration, that integration's rules from generated/support.ts.
// The words are messages.ts's, which the mock answers with too; integrationProblems() is the
// mock's own check of integration rules.
import { bodySupport, integrations, parameterSupport } from "../generated/support.js";
import { TrutoValidationError } from "./errors.js";
import { isPlainObject, kind, label, message } from "./messages.js";
import type { IntegrationSlug, Operation, Support, ValueRule } from "./model.js";
import type { UnsupportedPolicy } from "./options.js";

export interface CheckContext {
  integration: IntegrationSlug | undefined;
  unsupported: UnsupportedPolicy;
  warn: (message: string) => void;
  /** Calls made with an integrated account token: Truto infers the account, so its id is optional. */
  accountToken: boolean;
}

/** The query parameter that names the integrated account of a call. */
const ACCOUNT_PARAMETER = "integrated_account_id";

/** Where a value travels: the query string or the JSON body's top-level fields. */
export type Location = "query" | "body";
type Values = Record<string, unknown>;

/** One broken integration rule: the parameter (`body.<field>` for body fields) and the message naming it. */
export interface Problem {
  parameter: string;
  message: string;
  /** The integration's display name. */
  integration: string;
  /** Only "not supported by the integration", which Truto ignores. */
  unsupported?: true;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3339 date-time, as OpenAPI's `format: date-time` means; its fields' ranges are checked by
// isDateTime (as ajv-formats, the mock's check, does).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Throws TrutoValidationError for the first broken rule of the operation's query parameters. */
export function checkQuery(operationId: string, operation: Operation, query: Values, context: CheckContext): void {
  checkValues(operationId, "query", operation.query, query, context);
}

/**
 * Checks a call's JSON body before it is sent: present when required, an object when the schema
 * says so, no fields a closed schema does not list, then each field like a query parameter.
 */
export function checkBody(operationId: string, operation: Operation, body: unknown, context: CheckContext): void {
  const rule = operation.body;
  if (rule === undefined) return;
  if (body === undefined) {
    if (rule.required) throw new TrutoValidationError("body", `${operationId}: the JSON body is required (arguments: path parameters, body, query, options)`);
    return;
  }
  if (rule.type !== undefined && !matchesType(body, rule.type)) {
    throw new TrutoValidationError("body", `${operationId}: the body must be ${rule.type === "object" ? "a plain object" : `of type ${rule.type}`}, got ${kind(body)}`);
  }
  if (!isPlainObject(body)) return;
  if (rule.closed) {
    for (const key of Object.keys(body)) {
      if (!Object.hasOwn(rule.properties, key)) throw new TrutoValidationError(`body.${key}`, message.notInSchema(label.body(key), Object.keys(rule.properties)));
    }
  }
  checkValues(operationId, "body", rule.properties, body, context);
}

function checkValues(operationId: string, location: Location, rules: { readonly [name: string]: ValueRule }, values: Values, context: CheckContext): void {
  // Each value given against its rule (a call gives a few of the many parameters an operation
  // declares), then each required one that is missing.
  for (const name in values) {
    const value = values[name];
    const problem = Object.hasOwn(rules, name) && !isMissing(value, location) ? specProblem(rules[name]!, value, location, name) : undefined;
    if (problem) throw new TrutoValidationError(parameter(location, name), problem);
  }
  for (const name in rules) {
    if (!rules[name]!.required || !isMissing(Object.hasOwn(values, name) ? values[name] : undefined, location)) continue;
    // With an integrated account token, Truto infers the account: the id is sent only if given.
    if (context.accountToken && location === "query" && name === ACCOUNT_PARAMETER) continue;
    throw new TrutoValidationError(parameter(location, name), message.required(label[location](name)));
  }
  if (context.integration === undefined) return;
  for (const problem of integrationProblems(operationId, location, values, context.integration, rules)) {
    if (!problem.unsupported || context.unsupported === "error") throw new TrutoValidationError(problem.parameter, problem.message, problem.integration);
    if (context.unsupported === "warn") context.warn(problem.message);
  }
}

/**
 * Every rule of `integration` that `values` breaks, in the order of the support table: a missing
 * value it requires, a value it does not allow, and (flagged `unsupported`) a value it does not
 * support, which Truto ignores. Only names the spec declares (`declared`, their rules) are looked
 * at; one the spec requires is never unsupported: it cannot be left out.
 */
export function integrationProblems(operationId: string, location: Location, values: Values, integration: IntegrationSlug, declared: { readonly [name: string]: ValueRule }): Problem[] {
  const table: { readonly [id: string]: { readonly [name: string]: Support } } = location === "query" ? parameterSupport : bodySupport;
  const name = integrations[integration].name;
  const problems: Problem[] = [];
  for (const [field, support] of Object.entries(table[operationId] ?? {})) {
    if (support === "all" || !Object.hasOwn(declared, field)) continue;
    const value = Object.hasOwn(values, field) ? values[field] : undefined;
    const entry = Object.hasOwn(support, integration) ? support[integration] : undefined;
    const what = label[location](field);
    const problem = (text: string, unsupported?: true): Problem => ({ parameter: parameter(location, field), message: text, integration: name, ...(unsupported ? { unsupported } : {}) });
    if (isMissing(value, location)) {
      if (entry?.required) problems.push(problem(message.requiredBy(what, name, entry.values)));
    } else if (!entry) {
      if (declared[field]!.required) continue;
      const supportedBy = Object.keys(support).map((slug) => integrations[slug as IntegrationSlug].name);
      problems.push(problem(message.unsupported(what, name, supportedBy), true));
    } else if (entry.values && value !== null) {
      // An array's items are checked one by one, as against the spec's enum.
      const refused = (Array.isArray(value) ? value : [value]).find((item) => !entry.values!.includes(item as string));
      if (refused !== undefined) problems.push(problem(message.oneOfFor(what, entry.values, name, refused)));
    }
  }
  return problems;
}

/** A missing value: undefined anywhere; null too in a query (a query string has no null). */
function isMissing(value: unknown, location: Location): boolean {
  return value === undefined || (value === null && location === "query");
}

/** The message of the first spec rule a given `value` breaks, naming it by `location` and `name`; undefined when none. */
function specProblem(rule: ValueRule, value: unknown, location: Location, name: string): string | undefined {
  if (rule.type !== undefined) {
    if (!matchesType(value, rule.type)) return message.type(label[location](name), rule.type, value);
    // A null the schema allows (type [string, "null"]) clears the field: enum and format are for values.
    if (value === null) return undefined;
  }
  if (rule.enum) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!rule.enum.includes(item as string)) return message.oneOf(label[location](name), rule.enum, item);
    }
  }
  if (rule.format === "uuid" && !(typeof value === "string" && UUID.test(value))) return message.uuid(label[location](name));
  // A Date is sent as its toISOString(): a year past 9999 or before 0 would be six signed digits.
  if (rule.format === "date-time" && !(value instanceof Date ? !Number.isNaN(value.getTime()) && isDateTime(value.toISOString()) : typeof value === "string" && isDateTime(value))) {
    return message.dateTime(label[location](name));
  }
  return undefined;
}

/** An RFC 3339 date-time that names a real instant: month 1-12, a day of that month (leap years), 00:00:00-23:59:59, or a leap second (23:59:60 UTC). */
function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, sign, offsetHours, offsetMinutes] = [...match.slice(1, 7).map(Number), match[7], Number(match[8] ?? 0), Number(match[9] ?? 0)] as [number, number, number, number, number, number, string | undefined, number, number];
  const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leapYear ? 29 : DAYS_IN_MONTH[month]!)) return false;
  if (offsetHours > 23 || offsetMinutes > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // A leap second is the last second of a UTC day: 23:59:60 once the offset is taken away.
  const direction = sign === "-" ? -1 : 1;
  const utcMinute = minute - offsetMinutes * direction;
  const utcHour = hour - offsetHours * direction - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
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

function parameter(location: Location, name: string): string {
  return location === "body" ? `body.${name}` : name;
}
