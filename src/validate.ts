// Pre-flight checks of a call's query and JSON body: the spec's rules (required, type, enum,
// format, an array's items') always and, with an integration, that integration's rules from
// generated/support.ts. The words are messages.ts's, which the mock answers with too;
// integrationProblems() is the mock's own check of integration rules.
//
// A query travels as text: the mock (as Truto) parses it with qs and checks it with ajv, coercing
// types ("true" is true, "5" is 5, a list of one item is the item). So a query value is checked as
// it arrives (arrive()): the client refuses what the mock would answer 400 for, and nothing that
// goes on the wire as a valid value does (test/client/query-types.test.ts holds it to that). A body
// is JSON: its values are checked as they are.
import { bodySupport, integrations, parameterSupport } from "../generated/support.js";
import { TrutoValidationError } from "./errors.js";
import { isPlainObject, kind, label, message } from "./messages.js";
import type { IntegrationSlug, Operation, Support, ValueRule } from "./model.js";
import type { UnsupportedPolicy } from "./options.js";
import { QUERY_LIMITS } from "./query.js";

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
    const value = Object.hasOwn(rules, name) ? (location === "query" ? arrive(values[name], []) : values[name] === undefined ? undefined : asJson(values[name])) : undefined;
    // A query value query.ts cannot write (anywhere in it) is refused there, in words that say what and where.
    const problem = value && value.data !== UNSENDABLE && specProblem(rules[name]!, value, location, name);
    if (problem) throw new TrutoValidationError(problem.parameter, problem.message);
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

/**
 * A missing value: undefined in a body; in a query, one of which nothing is sent (undefined, null,
 * and lists and records of nothing else: a query string has no null and no empty container).
 */
function isMissing(value: unknown, location: Location): boolean {
  return location === "query" ? arrive(value, []) === undefined : value === undefined;
}

/** A broken rule: the parameter as the client names it (`ids[0]`, `body.ids[0]`) and the message. */
type Refusal = { parameter: string; message: string };

/** Not sendable (a function, NaN, a Map, a cycle…), or holding such a value: query.ts refuses it. */
const UNSENDABLE = Symbol("unsendable");
/** A record (object) as it arrives in a query: ajv reads it as one, whatever it holds. */
const RECORD = Symbol("record");

/**
 * A value as the mock reads it, and as the caller gave it (`given`, which messages describe). In a
 * query (arrive()): the text query.ts writes (numbers' digits, booleans' words, a Date's ISO text),
 * a list of what arrives of its items, a record; once coerced, the number, boolean or null ajv made
 * of a text. In a body (asJson()): the value itself, a Date as its ISO text, an array's items alike.
 */
type Value = { given: unknown; data: unknown };

/** What arrives of a query value, or undefined when nothing is sent (undefined, null, empty lists and records). */
function arrive(given: unknown, open: object[]): Value | undefined {
  if (given == null) return undefined;
  if (typeof given !== "object") return { given, data: typeof given === "string" || Number.isFinite(given) || typeof given === "boolean" ? String(given) : UNSENDABLE };
  // An invalid Date is refused when written; as its text "Invalid Date" it is no date-time.
  if (given instanceof Date) return { given, data: dateText(given) };
  // Past query.ts's limits (or a cycle) it is refused when written: no need to walk it.
  const list = Array.isArray(given);
  if (open.includes(given) || open.length >= QUERY_LIMITS.depth || (list && given.length > QUERY_LIMITS.items) || !(list || isPlainObject(given))) return { given, data: UNSENDABLE };
  open.push(given);
  const items = (list ? given : Object.values(given)).map((item: unknown) => arrive(item, open)).filter((item) => item !== undefined);
  open.pop();
  if (items.some((item) => item.data === UNSENDABLE)) return { given, data: UNSENDABLE };
  return items.length === 0 ? undefined : { given, data: list ? items : RECORD };
}

/** A body value as JSON carries it (no coercion): itself, a Date as its ISO text. */
function asJson(given: unknown): Value {
  return { given, data: given instanceof Date ? dateText(given) : Array.isArray(given) ? given.map(asJson) : given };
}

/** A Date as it is sent: its toISOString() (a year past 9999 or before 0 is six signed digits: no RFC 3339 date-time), "Invalid Date" for an invalid one. */
function dateText(date: Date): string {
  return Number.isNaN(date.getTime()) ? String(date) : date.toISOString();
}

/**
 * The first spec rule a value breaks, naming it by `location` and `name` (`name[0]` for an item);
 * undefined when none. Types as the mock checks them: a query's with ajv's coercion (coerce()), a
 * body's as JSON.
 */
function specProblem(rule: ValueRule, value: Value, location: Location, name: string): Refusal | undefined {
  const refuse = (text: string): Refusal => ({ parameter: parameter(location, name), message: text });
  const subject = label[location](name);
  if (rule.type !== undefined) {
    if (location === "query") {
      const coerced = coerce(typeof rule.type === "string" ? [rule.type] : rule.type, value);
      if ("refused" in coerced) return refuse(message.type(subject, rule.type, coerced.refused));
      value = coerced;
    } else {
      if (!matchesType(value.given, rule.type)) return refuse(message.type(subject, rule.type, value.given));
      // A null the schema allows (type [string, "null"]) clears the field: enum and format are for values.
      if (value.given === null) return undefined;
    }
  }
  const { data } = value;
  // ajv compares enum values deeply: a list or a record equals no listed value.
  if (rule.enum && !rule.enum.includes(data as string)) return refuse(message.oneOf(subject, rule.enum, value.given));
  // Formats are for texts (ajv-formats leaves other values to the type).
  if (typeof data === "string" && rule.format === "uuid" && !UUID.test(data)) return refuse(message.uuid(subject));
  if (typeof data === "string" && rule.format === "date-time" && !isDateTime(data)) return refuse(message.dateTime(subject));
  if (rule.items && Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const problem = specProblem(rule.items, data[i] as Value, location, `${name}[${i}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The types ajv coerces to (with coerceTypes "array"). */
const COERCIBLE = new Set(["string", "number", "integer", "boolean", "null", "array"]);

/**
 * A query value as ajv's coerceTypes "array" (the mock's) reads it against `types`: as it is when
 * it has one of them; else, when one of them coerces at all, a list of one item is that item (taken
 * as it is only for a single type: with several, ajv 8 asks the item to have all of them at once),
 * and a text (the value, or that item) becomes the first of the types it coerces to. Only texts,
 * lists and records arrive, so of ajv's coercions only those from a text apply; and a text has no
 * type but string. `refused`: what was given where ajv refused it (that item, after unwrapping).
 */
function coerce(types: readonly string[], value: Value): Value | { refused: unknown } {
  const has = (data: unknown) => types.some((type) => (type === "string" ? typeof data === type : type === "array" ? Array.isArray(data) : type === "object" ? data === RECORD : !COERCIBLE.has(type)));
  if (has(value.data)) return value;
  if (!types.some((type) => COERCIBLE.has(type))) return { refused: value.given };
  let from = value;
  if (Array.isArray(value.data) && value.data.length === 1) {
    from = value.data[0] as Value;
    if (types.length === 1 && has(from.data)) return from;
  }
  const text = from.data;
  if (typeof text === "string") {
    const number = Number(text);
    for (const type of types) {
      if (type === "array") return { given: from.given, data: [from] };
      if (type === "boolean" && (text === "true" || text === "false")) return { given: from.given, data: text === "true" };
      if (type === "null" && text === "") return { given: from.given, data: null };
      if ((type === "number" || (type === "integer" && !(number % 1))) && text !== "" && !Number.isNaN(number)) return { given: from.given, data: number };
    }
  }
  return { refused: from.given };
}

/** An RFC 3339 date-time that names a real instant: month 1-12, a day of that month (leap years), 00:00:00-23:59:59, or a leap second (23:59:60 UTC). */
function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, sign, offsetHours, offsetMinutes] = [...match.slice(1, 7).map(Number), match[7], Number(match[8] ?? 0), Number(match[9] ?? 0)] as [number, number, number, number, number, number, string | undefined, number, number];
  const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // Stryker disable next-line ConditionalExpression: without month < 1, month 0 is still refused: DAYS_IN_MONTH[0] is 0, and every day (01-99) is past it
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leapYear ? 29 : DAYS_IN_MONTH[month]!)) return false;
  if (offsetHours > 23 || offsetMinutes > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // A leap second is the last second of a UTC day: 23:59:60 once the offset is taken away.
  const direction = sign === "-" ? -1 : 1;
  // Stryker disable next-line ArithmeticOperator: direction is 1 or -1, so x / direction is x * direction
  const utcMinute = minute - offsetMinutes * direction;
  // Stryker disable next-line ArithmeticOperator,EqualityOperator: direction is 1 or -1 (x / direction is x * direction); utcHour counts only when utcMinute is 59 or -1, where utcMinute <= 0 and utcMinute < 0 agree
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
