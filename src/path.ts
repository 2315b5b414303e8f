// Path parameters: each value percent-encoded into exactly one segment; dot segments refused.
import { TrutoValidationError } from "./errors.js";
import { label } from "./messages.js";

// "." and "..", also percent-encoded (%2e): the value "%2e%2e" is sent as "%252e%252e", which
// is not a dot segment, but a server or proxy that decodes twice would resolve it to "..". The
// same goes for one between slashes ("../x" is sent as "..%2Fx", which a server that decodes
// %2F before routing reads as a parent path), with "/", "\\" or their encoded forms.
const DOT_SEGMENT = /(?:^|\/|\\|%2f|%5c)(?:\.|%2e){1,2}(?:$|\/|\\|%2f|%5c)/i;
// Sub-delims encodeURIComponent leaves as they are. RFC 3986 allows them in a segment, but
// routers give some of them meaning (matrix or OData-style keys, globs), so only unreserved
// characters (A-Z a-z 0-9 - . _ ~) stay literal.
const SUB_DELIMS = /[!'()*]/g;
const TEMPLATE_PARAM = /\{([^{}]+)\}/;
// Most ids (digits, UUIDs, slugs) are unreserved characters without a dot, which encode to
// themselves: passed as they are, they skip the checks and the encoding (about 1 % of a loopback call).
const PLAIN = /^[\w~-]+$/;

/**
 * One path segment for `value`: a string, or a finite number via String(). Throws
 * TrutoValidationError naming the parameter, never echoing the value (it may be a secret),
 * for null/undefined, other types, "", dot segments and lone surrogates.
 */
export function encodePathParam(name: string, value: unknown): string {
  if (typeof value === "string" && PLAIN.test(value)) return value;
  if (value === undefined || value === null) throw invalid(name, `is required, got ${value}`);
  let text: string;
  if (typeof value === "string") text = value;
  else if (Number.isFinite(value)) text = String(value);
  else {
    // NaN and ±Infinity are named: "got number" would contradict "a finite number".
    const got = typeof value === "number" ? String(value) : Array.isArray(value) ? "array" : typeof value;
    throw invalid(name, `must be a string or a finite number, got ${got}`);
  }
  if (text === "") throw invalid(name, "must not be empty");
  if (DOT_SEGMENT.test(text)) throw invalid(name, 'must not be "." or ".." (dot segments would change the request path)');
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    // URIError on a lone surrogate.
    throw invalid(name, "is not well-formed Unicode");
  }
  return encoded.replace(SUB_DELIMS, escapeSubDelim);
}

/** Fills each `{name}` of an OpenAPI path template (openapi-fetch's pathSerializer). */
export function expandPath(template: string, params: Record<string, unknown>): string {
  // split() with the capture group puts the text between parameters at even indexes and the names
  // at odd ones.
  const parts = template.split(TEMPLATE_PARAM);
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    // Own properties only: `{constructor}` must not pick up Object.prototype.constructor.
    parts[i] = encodePathParam(name, Object.hasOwn(params, name) ? params[name] : undefined);
  }
  return parts.join("");
}

function escapeSubDelim(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}

function invalid(name: string, problem: string): TrutoValidationError {
  return new TrutoValidationError(name, `${label.path(name)} ${problem}`);
}
