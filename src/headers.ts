// Headers a caller gives (client option, call option, truto.GET(…)-style init): read into one plain
// record, checked before anything is sent. A name must be an HTTP token and a value RFC 9110 field
// text, so that fetch can never refuse them later (which would look like a lost connection) and no
// header can be injected; the headers fetch sets itself (Content-Length, Transfer-Encoding…) are
// refused too. `Authorization` is left out: the client sets the token's header itself.
import { TrutoValidationError } from "./errors.js";
import { isPlainObject, kind } from "./messages.js";

type HeaderValue = string | number | boolean;
/** What callers may give: a plain object (arrays for repeated headers, null to remove) or a Headers. */
export type HeadersInput = Record<string, HeaderValue | readonly HeaderValue[] | null | undefined> | Headers;
/** Read headers: text values, arrays for repeated ones, null to remove a header given earlier. */
export type HeaderRecord = Record<string, string | string[] | null>;

const HEADER_NAME = /^[!#$%&'*+.^_`|~\w-]+$/;
// RFC 9110 field-value: tab, visible ASCII, space and obs-text (0x80-0xFF); no other control character.
const HEADER_TEXT = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Reads `value` (never undefined); `at` names the caller in errors, which never show a value. */
export function readHeaders(value: HeadersInput, at: string): HeaderRecord {
  const entries = isHeaders(value) ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : undefined;
  if (!entries) {
    throw new TrutoValidationError("headers", `${at}: "headers" must be a plain object of header names and values (or a Headers), e.g. { "x-app": "crm-sync" }, got ${kind(value)}`);
  }
  const headers: HeaderRecord = {};
  for (const [name, field] of entries) {
    if (!HEADER_NAME.test(name)) {
      // Named by its valid start only: what follows a line break may be injected text.
      const start = /[!#$%&'*+.^_`|~\w-]{0,40}/.exec(name)![0];
      throw badHeader(at, `name must be letters, digits and !#$%&'*+-.^_\`|~ only; the one starting "${start}" is not`);
    }
    if (field === undefined || name.toLowerCase() === "authorization") continue;
    const text = field === null ? null : Array.isArray(field) ? field.map((item) => headerText(item, name, at)) : headerText(field, name, at);
    if (text !== null) checkFetchOwn(name, text, at);
    headers[name] = text;
  }
  return headers;
}

/**
 * Headers fetch sets itself, for the connection and the body's framing: Node's fetch (undici) throws
 * on them when sending (which would read as a lost connection, and be retried), browsers drop them.
 * Connection is taken only as the two values undici sends.
 */
const FETCH_OWN = new Set(["content-length", "transfer-encoding", "keep-alive", "upgrade", "expect"]);
const CONNECTION = /^(?:close|keep-alive)$/i;

function checkFetchOwn(name: string, value: string | string[], at: string): void {
  const lower = name.toLowerCase();
  if (FETCH_OWN.has(lower)) throw badHeader(at, `"${name}" is set by fetch itself (the connection and the body's framing); leave it out`);
  if (lower === "connection" && !CONNECTION.test([value].flat().join(", ").trim())) throw badHeader(at, `"${name}" must be close or keep-alive (fetch refuses any other)`);
}

/**
 * A Headers of any fetch implementation or realm (the undici package's, node-fetch's, an iframe's):
 * not only this realm's class, which `instanceof` alone would require.
 */
function isHeaders(value: unknown): value is Headers {
  return value instanceof Headers || (Object.prototype.toString.call(value) === "[object Headers]" && typeof (value as Headers).entries === "function");
}

/** `added` over `base`: a header of `added` replaces the base's of the same name, whatever either's letter case. */
export function addHeaders(base: HeaderRecord, added: HeaderRecord): HeaderRecord {
  const names = new Set(Object.keys(added).map((name) => name.toLowerCase()));
  const kept = Object.entries(base).filter(([name]) => !names.has(name.toLowerCase()));
  return { ...Object.fromEntries(kept), ...added };
}

/** The value of header `name` in `headers`, whatever the letter case of its key; undefined when absent. */
export function headerValue(headers: HeaderRecord, name: string): { key: string; value: string | string[] | null } | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return { key, value };
  return undefined;
}

function headerText(value: unknown, name: string, at: string): string {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    throw badHeader(at, `"${name}" must be a string, got ${kind(value)}`);
  }
  const text = String(value);
  if (!HEADER_TEXT.test(text)) throw badHeader(at, `"${name}" must not contain CR, LF, NUL, other control characters or characters above U+00FF (its value is not shown)`);
  return text;
}

function badHeader(at: string, problem: string): TrutoValidationError {
  return new TrutoValidationError("headers", `${at}: header ${problem}`);
}
