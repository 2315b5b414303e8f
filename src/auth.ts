// The API token: checked once, sent only as a Bearer header, scrubbed from anything we report.
import { TrutoValidationError } from "./errors.js";

// Printable ASCII without spaces: anything else is a copy-paste accident or header injection.
const TOKEN = /^[\x21-\x7e]+$/;

export function bearerHeader(token: unknown): string {
  if (typeof token !== "string" || token === "") {
    throw new TrutoValidationError("token", `createTrutoClient: "token" is required: your Truto API token as a non-empty string, got ${token === "" ? "an empty string" : typeof token}`);
  }
  if (!TOKEN.test(token)) {
    throw new TrutoValidationError("token", 'createTrutoClient: "token" must not contain spaces, line breaks or non-ASCII characters');
  }
  return `Bearer ${token}`;
}

/** Shorter strings turn up in ordinary text; no real Truto token is this short. */
const MIN_SCRUBBED_LENGTH = 8;

/** Replaces the token wherever a server echoed it into an error body, so no error can carry it. */
export function scrubToken<T>(value: T, token: string): T {
  if (value === undefined || token.length < MIN_SCRUBBED_LENGTH) return value;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (!text.includes(token)) return value;
  const scrubbed = text.split(token).join("[REDACTED]");
  return (typeof value === "string" ? scrubbed : JSON.parse(scrubbed)) as T;
}
