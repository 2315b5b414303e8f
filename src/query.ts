// Truto's query-string format (hand-written: it runs on every call, and qs is ~18 KB gzip).
//
//   arrays of scalars   truto_exclude_fields[]=id&truto_exclude_fields[]=name
//   objects, nested     remote_query[filter][status]=open, account[id]=1
//   arrays of objects   contact[0][id]=1&contact[1][id]=2 (indexed: under qs-style parsing the
//                       empty-bracket form contact[][id]=1&contact[][id]=2 collapses into ONE
//                       object, { id: ["1", "2"] })
//   booleans            true / false; numbers as written; Date as ISO 8601
//   undefined and null  left out (a query string has no null; `key=` would send "")
//
// Keys and values are percent-encoded like encodeURIComponent (space as %20, never +), so
// & = # + % [ ] and non-ASCII survive; only the structural brackets stay literal.

import { TrutoValidationError } from "./errors.js";

/** Serializes a query object; the result has no leading "?" ("" for nothing to send). */
export function serializeQuery(query: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  if (query) {
    for (const key of Object.keys(query)) add(parts, encode(key, key), query[key], key);
  }
  return parts.join("&");
}

function add(parts: string[], prefix: string, value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  switch (typeof value) {
    case "string":
      parts.push(`${prefix}=${encode(value, path)}`);
      return;
    case "boolean":
      parts.push(`${prefix}=${value}`);
      return;
    case "number":
      if (!Number.isFinite(value)) throw new TrutoValidationError(path, `Query parameter "${path}" must be a finite number`);
      parts.push(`${prefix}=${value}`);
      return;
    case "object":
      if (Array.isArray(value)) return addArray(parts, prefix, value, path);
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new TrutoValidationError(path, `Query parameter "${path}" is an invalid Date`);
        parts.push(`${prefix}=${encode(value.toISOString(), path)}`);
        return;
      }
      for (const key of Object.keys(value)) {
        add(parts, `${prefix}[${encode(key, path)}]`, (value as Record<string, unknown>)[key], `${path}[${key}]`);
      }
      return;
    default:
      throw new TrutoValidationError(path, `Query parameter "${path}" has unsupported type ${typeof value}`);
  }
}

function addArray(parts: string[], prefix: string, items: unknown[], path: string): void {
  const indexed = items.some((item) => typeof item === "object" && item !== null && !(item instanceof Date));
  for (let i = 0; i < items.length; i++) {
    add(parts, indexed ? `${prefix}[${i}]` : `${prefix}[]`, items[i], `${path}[${i}]`);
  }
}

function encode(text: string, path: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // encodeURIComponent throws URIError on a lone surrogate; say where, not what.
    throw new TrutoValidationError(path, `Query parameter "${path}" is not well-formed Unicode`);
  }
}
