// Reads createTrutoClient's options: defaults applied, each checked with an error naming it.
import { TrutoValidationError } from "./errors.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRIES } from "./retry.js";
import type { RequestOptions } from "./types.js";
import type { UnsupportedPolicy } from "./validate.js";

const DEFAULT_BASE_URL = "https://api.truto.one";
const POLICIES: readonly UnsupportedPolicy[] = ["allow", "warn", "error"];

export function readBaseUrl(value: unknown): string {
  if (value === undefined) return DEFAULT_BASE_URL;
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    // Not a URL: `url` stays undefined and is refused below.
  }
  // A bare trailing "?" or "#" leaves search and hash empty, but the href keeps it: look there.
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || /[?#]/.test(url.href) || url.username || url.password) {
    throw invalid("createTrutoClient", "baseUrl", "an absolute http(s) URL without query, fragment or credentials, e.g. https://api.truto.one");
  }
  return url.href.replace(/\/+$/, "");
}

/** Checks the retry and timeout settings of client or call options; returns the settled ones. */
export function readRequestOptions(options: RequestOptions, defaults: Required<Omit<RequestOptions, "onRetry">> & Pick<RequestOptions, "onRetry">, where: string) {
  const maxRetries = options.maxRetries ?? defaults.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw invalid(where, "maxRetries", "a whole number >= 0", maxRetries);
  }
  if (maxRetries > MAX_RETRIES) throw invalid(where, "maxRetries", `at most ${MAX_RETRIES}`, maxRetries);
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  // setTimeout's limit; Infinity means no timeout.
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0) || (timeoutMs > 2_147_483_647 && timeoutMs !== Infinity)) {
    throw invalid(where, "timeoutMs", "a number of milliseconds > 0 and <= 2147483647, or Infinity for none", timeoutMs);
  }
  const unsupportedParameters = options.unsupportedParameters ?? defaults.unsupportedParameters;
  if (!POLICIES.includes(unsupportedParameters)) {
    throw invalid(where, "unsupportedParameters", `one of ${POLICIES.join(", ")}`);
  }
  const onRetry = options.onRetry ?? defaults.onRetry;
  if (onRetry !== undefined && typeof onRetry !== "function") {
    throw invalid(where, "onRetry", "a function");
  }
  const retryNonIdempotent = options.retryNonIdempotent ?? defaults.retryNonIdempotent;
  if (typeof retryNonIdempotent !== "boolean") {
    throw invalid(where, "retryNonIdempotent", "true or false");
  }
  return { maxRetries, timeoutMs, unsupportedParameters, onRetry, retryNonIdempotent };
}

/** createTrutoClient's own options (not per call): fetch, headers and logger, checked. */
export function readClientOptions(options: { fetch?: unknown; headers?: unknown; logger?: unknown }) {
  const { fetch = globalThis.fetch, logger = console } = options;
  if (typeof fetch !== "function") {
    throw invalid("createTrutoClient", "fetch", "a function (input: Request, init?: RequestInit) => Promise<Response>");
  }
  if (typeof logger !== "object" || logger === null || typeof (logger as { warn?: unknown }).warn !== "function") {
    throw invalid("createTrutoClient", "logger", "an object with a warn(message) method, e.g. console");
  }
  return {
    fetch: fetch as (input: Request, init?: RequestInit) => Promise<Response>,
    headers: readHeaders(options.headers, "createTrutoClient"),
    logger: logger as { warn(message: string): void },
  };
}

// RFC 9110 field-name (token), and a field value without CR, LF or NUL (fetch refuses those;
// they are how header injection starts).
const HEADER_NAME = /^[!#$%&'*+.^_`|~\w-]+$/;
const BAD_HEADER_VALUE = /[\r\n\0]/;

type HeaderValue = string | string[] | null;

/**
 * The `headers` option (client or call) as a plain record, or undefined. Throws
 * TrutoValidationError naming the header (never its value) for a name that is not an HTTP token
 * or a value with CR, LF or NUL, and for anything but a plain object (a `Headers` instance or an
 * array would otherwise be dropped or misread). Values are strings, numbers or booleans (sent as
 * text) or arrays of them (one header line each); undefined is left out and null kept (in a call,
 * it removes a client header). `Authorization` is left out: the token's header is not replaced.
 */
export function readHeaders(value: unknown, where: string): Record<string, HeaderValue> | undefined {
  if (value === undefined) return undefined;
  const proto: unknown = typeof value === "object" && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw invalid(where, "headers", `a plain object of header names and values, e.g. { "x-app": "crm-sync" }, got ${describeType(value)}`);
  }
  const headers: Record<string, HeaderValue> = {};
  for (const [name, field] of Object.entries(value as object)) {
    if (!HEADER_NAME.test(name)) {
      // Named by its valid start only: what follows a line break may be injected text.
      const start = /[!#$%&'*+.^_`|~\w-]{0,40}/.exec(name)![0];
      throw badHeader(where, `name must be letters, digits and !#$%&'*+-.^_\`|~ only; the one starting "${start}" is not`);
    }
    if (field === undefined || name.toLowerCase() === "authorization") continue;
    headers[name] = field === null ? null : Array.isArray(field) ? field.map((item) => headerText(item, name, where)) : headerText(field, name, where);
  }
  return headers;
}

function headerText(value: unknown, name: string, where: string): string {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    throw badHeader(where, `"${name}" must be a string, got ${describeType(value)}`);
  }
  const text = String(value);
  if (BAD_HEADER_VALUE.test(text)) throw badHeader(where, `"${name}" must not contain CR, LF or NUL (its value is not shown)`);
  return text;
}

function badHeader(where: string, problem: string): TrutoValidationError {
  return new TrutoValidationError("headers", `${where}: header ${problem}`);
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  if (Array.isArray(value)) return "an array";
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" && name !== "Object" ? `a ${name} instance` : "an object";
}

export const CLIENT_DEFAULTS = {
  maxRetries: DEFAULT_MAX_RETRIES,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  retryNonIdempotent: false,
  unsupportedParameters: "allow",
  onRetry: undefined,
} as const satisfies Parameters<typeof readRequestOptions>[1];

/** `<where>: "<name>" must be <expected>[, got <value>]`; only numbers are ever echoed back. */
function invalid(where: string, name: string, expected: string, got?: number): TrutoValidationError {
  return new TrutoValidationError(name, `${where}: "${name}" must be ${expected}${got === undefined ? "" : `, got ${String(got)}`}`);
}
