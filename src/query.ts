// Truto's query-string format (hand-written: it runs on every call, and qs is ~18 KB gzip).
//
//   arrays of scalars   truto_exclude_fields[]=id&truto_exclude_fields[]=name
//   objects, nested     remote_query[filter][status]=open, account[id]=1
//   arrays of objects   contact[0][id]=1&contact[1][id]=2 (indexed: under qs-style parsing the
//                       empty-bracket form contact[][id]=1&contact[][id]=2 collapses into ONE
//                       object, { id: ["1", "2"] }, and contact[][x]=1&contact[][y]=2 into
//                       { x: "1", y: "2" })
//   booleans            true / false; numbers via String(n); Date as ISO 8601
//   undefined and null  left out (a query string has no null; `key=` would send "")
//
// Keys and values are percent-encoded like encodeURIComponent (space as %20, never +), so
// & = # + % [ ] and non-ASCII survive; only the structural brackets stay literal.

import { TrutoValidationError } from "./errors.js";
import { isPlainObject, kind, label } from "./messages.js";

/**
 * Bounds on what one query may hold, far past any URL a server accepts (~8–16 KB), so a runaway
 * value fails fast with an error naming it instead of blocking the CPU: objects and arrays nested
 * at most this deep (a cycle is caught before), arrays of at most MAX_ITEMS items (a sparse
 * `new Array(1e7)` is refused before it is walked), and at most MAX_PAIRS key=value pairs.
 */
export const QUERY_LIMITS = { depth: 32, items: 1_000, pairs: 1_000 } as const;

/**
 * Serializes a query object; the result has no leading "?" ("" for nothing to send).
 *
 * `undefined` and `null` are left out at every depth, as are empty arrays and objects.
 * Throws TrutoValidationError naming the parameter path (never its value) for a function,
 * symbol, bigint, non-finite number, invalid Date, non-plain object (Map, class instance…)
 * or a string that is not well-formed Unicode (lone surrogate), and for a query past QUERY_LIMITS
 * (cyclic, too deep, too many items or pairs).
 */
export function serializeQuery(query: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  checkQueryObject(query);
  if (query) {
    // The containers being walked, outermost first: a cycle and the depth are checked against it.
    const open: object[] = [];
    for (const key of Object.keys(query)) {
      add(parts, encode(key, key), query[key], key, open);
      if (parts.length > QUERY_LIMITS.pairs) throw tooMany(key);
    }
  }
  return parts.join("&");
}

/**
 * Refuses a query that is not a plain object (or none), naming the caller (`at`) when given: a Map,
 * URLSearchParams or string would send nothing, or its characters as parameters.
 */
export function checkQueryObject(query: unknown, at?: string): void {
  if (query != null && !isPlainObject(query)) {
    throw new TrutoValidationError("query", `${at === undefined ? "The" : `${at}: the`} query must be a plain object of parameters, got ${kind(query)}`);
  }
}

function add(parts: string[], prefix: string, value: unknown, path: string, open: object[]): void {
  switch (typeof value) {
    case "undefined":
      return;
    case "string":
      parts.push(`${prefix}=${encode(value, path)}`);
      return;
    case "boolean":
      parts.push(`${prefix}=${value}`);
      return;
    case "number":
      if (!Number.isFinite(value)) throw invalid(path, "must be a finite number");
      // Encoded too: String(1e21) is "1e+21", and a bare "+" reads back as a space.
      parts.push(`${prefix}=${encode(String(value), path)}`);
      return;
    case "object":
      if (value === null) return;
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw invalid(path, "is an invalid Date");
        parts.push(`${prefix}=${encode(value.toISOString(), path)}`);
        return;
      }
      if (open.includes(value)) throw invalid(path, "refers to itself (a cyclic object)");
      if (open.length >= QUERY_LIMITS.depth) throw invalid(path, `is nested more than ${QUERY_LIMITS.depth} levels deep`);
      open.push(value);
      if (Array.isArray(value)) addArray(parts, prefix, value, path, open);
      else addRecord(parts, prefix, value, path, open);
      open.pop();
      return;
    default:
      throw invalid(path, `has unsupported type ${typeof value}`);
  }
}

function addRecord(parts: string[], prefix: string, value: object, path: string, open: object[]): void {
  // Plain objects only (any realm, or null-prototype): Object.keys of a Map, Set, RegExp or
  // class instance would silently send nothing, or the wrong thing.
  if (!isPlainObject(value)) {
    throw invalid(path, `has unsupported type ${(value as { constructor?: { name?: string } }).constructor?.name || "object"}`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    add(parts, `${prefix}[${encode(key, path)}]`, record[key], `${path}[${key}]`, open);
    if (parts.length > QUERY_LIMITS.pairs) throw tooMany(path);
  }
}

function addArray(parts: string[], prefix: string, items: unknown[], path: string, open: object[]): void {
  if (items.length > QUERY_LIMITS.items) throw invalid(path, `has ${items.length} items; a query can carry at most ${QUERY_LIMITS.items}`);
  // Index every item as soon as one is a container (object or array): see the header.
  const indexed = items.some(isContainer);
  // Stryker disable next-line EqualityOperator: one more step reads undefined, which add() skips
  for (let i = 0; i < items.length; i++) {
    add(parts, indexed ? `${prefix}[${i}]` : `${prefix}[]`, items[i], `${path}[${i}]`, open);
    if (parts.length > QUERY_LIMITS.pairs) throw tooMany(path);
  }
}

function isContainer(item: unknown): boolean {
  return typeof item === "object" && item !== null && !(item instanceof Date);
}

function encode(text: string, path: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // encodeURIComponent throws URIError on a lone surrogate; say where, not what.
    throw invalid(path, "is not well-formed Unicode");
  }
}

function tooMany(path: string): TrutoValidationError {
  return invalid(path, `makes the query longer than ${QUERY_LIMITS.pairs} key=value pairs`);
}

function invalid(path: string, problem: string): TrutoValidationError {
  return new TrutoValidationError(path, `${label.query(path)} ${problem}`);
}
