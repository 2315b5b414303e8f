// Path parameters: each value percent-encoded into exactly one segment; dot segments refused.
import { TrutoValidationError } from "./errors.js";

// "." and "..", also percent-encoded (%2e): some servers and proxies decode before resolving
// dot segments, so a literal "%2e%2e" could still climb to the parent path.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;
const TEMPLATE_PARAM = /\{([^{}]+)\}/g;

/** One path segment for `value`; throws TrutoValidationError naming the parameter (never echoing the value). */
export function encodePathParam(name: string, value: unknown): string {
  if (value === undefined || value === null) {
    throw new TrutoValidationError(name, `Path parameter "${name}" is required, got ${value}`);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TrutoValidationError(name, `Path parameter "${name}" must be a string or a finite number, got ${value}`);
    return String(value);
  }
  if (typeof value !== "string") {
    throw new TrutoValidationError(name, `Path parameter "${name}" must be a string or a finite number, got ${Array.isArray(value) ? "array" : typeof value}`);
  }
  if (value === "") throw new TrutoValidationError(name, `Path parameter "${name}" must not be empty`);
  if (DOT_SEGMENT.test(value)) {
    throw new TrutoValidationError(name, `Path parameter "${name}" must not be "." or ".." (dot segments would change the request path)`);
  }
  try {
    // encodeURIComponent keeps only A-Z a-z 0-9 - _ . ! ~ * ' ( ): "/", "?", "#", "%" and spaces are escaped.
    return encodeURIComponent(value);
  } catch {
    throw new TrutoValidationError(name, `Path parameter "${name}" is not well-formed Unicode`);
  }
}

/** Fills each `{name}` of an OpenAPI path template (openapi-fetch's pathSerializer). */
export function expandPath(template: string, params: Record<string, unknown>): string {
  return template.replace(TEMPLATE_PARAM, (_, name: string) => encodePathParam(name, params[name]));
}
