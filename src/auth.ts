// The API token: checked once, sent only as a Bearer header, scrubbed from anything we report.
import { TrutoValidationError } from "./errors.js";

// Printable ASCII without spaces: anything else is a copy-paste accident or header injection.
const TOKEN = /^[\x21-\x7e]+$/;
const REDACTED = "[REDACTED]";

/** `Bearer <token>`; `option` names where the token came from ("token" or "integratedAccountToken"). */
export function bearerHeader(token: unknown, option = "token"): string {
  if (typeof token !== "string" || token === "") {
    throw new TrutoValidationError(option, `createTrutoClient: "${option}" must be a non-empty string (or a function returning one), got ${token === "" ? "an empty string" : typeof token}`);
  }
  if (!TOKEN.test(token)) {
    throw new TrutoValidationError(option, `createTrutoClient: "${option}" must not contain spaces, line breaks or non-ASCII characters`);
  }
  return `Bearer ${token}`;
}

/** Every token the client has sent (one, or each one a token function gave), for redaction. */
export type Tokens = readonly string[];

/** `value` with each of `tokens` scrubbed (see scrubToken). */
export function scrubTokens<T>(value: T, tokens: Tokens): T {
  for (const token of tokens) value = scrubToken(value, token);
  return value;
}

/** `headers` with each of `tokens` scrubbed (see scrubHeaders). */
export function scrubAllHeaders(headers: Headers, tokens: Tokens): Headers {
  for (const token of tokens) headers = scrubHeaders(headers, token);
  return headers;
}

/**
 * Replaces the token wherever a server echoed it into an error body (a string, or parsed JSON:
 * every string value and key at any depth), so no error can carry it. Every token is scrubbed,
 * however short: a token of a few characters (the mock's "test") also hides those characters
 * where they occur by chance.
 */
export function scrubToken<T>(value: T, token: string): T {
  // Stryker disable next-line ConditionalExpression: null through the JSON path below comes back as null
  if (typeof value !== "object" || value === null) return scrubScalar(value, token);
  // Cheap test on the JSON text first: a string holding the token holds its JSON-escaped form
  // (a token is printable ASCII, so only `"` and `\` are escaped).
  const text = JSON.stringify(value);
  if (!text.includes(token.replace(/["\\]/g, "\\$&"))) return value;
  // Then a copy with every string and key scrubbed, rebuilt by JSON.parse (no recursion of ours).
  return JSON.parse(text, (_, item: unknown) => {
    if (typeof item !== "object" || item === null) return scrubScalar(item, token);
    if (Array.isArray(item)) return item;
    // fromEntries defines properties: a "__proto__" key stays a key.
    return Object.fromEntries(Object.entries(item).map(([key, field]) => [scrubText(key, token), field]));
  }) as T;
}

/**
 * Response headers with the token scrubbed from every value and name (a copy only when one holds
 * it): a server may echo the Authorization header into `x-request-id` or a debug header.
 */
export function scrubHeaders(headers: Headers, token: string): Headers {
  let found = false;
  headers.forEach((value, name) => {
    found ||= value.includes(token) || name.includes(token);
  });
  if (!found) return headers;
  const scrubbed = new Headers();
  // "[REDACTED]" is not a valid header name; names are lower-cased, so "redacted" reads the same.
  headers.forEach((value, name) => scrubbed.append(name.split(token).join("redacted"), scrubText(value, token)));
  return scrubbed;
}

/** A string, number or boolean whose text holds the token becomes that text, scrubbed. */
function scrubScalar<T>(value: T, token: string): T {
  return (value === undefined || value === null || !String(value).includes(token) ? value : scrubText(String(value), token)) as T;
}

function scrubText(text: string, token: string): string {
  return text.includes(token) ? text.split(token).join(REDACTED) : text;
}
