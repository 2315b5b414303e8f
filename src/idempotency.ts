// Truto's Idempotency-Key header: one key per call, the same on every retry of that call.
import { TrutoValidationError } from "./errors.js";

// Visible ASCII only: a key is a header value, and Truto compares keys as they are.
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The caller's key, checked, or a new random UUID. */
export function idempotencyKey(given: unknown, operationId: string): string {
  if (given === undefined) return newKey();
  if (typeof given !== "string" || !KEY.test(given)) {
    throw new TrutoValidationError("idempotencyKey", `${operationId}: "idempotencyKey" must be 1 to 255 visible ASCII characters`);
  }
  return given;
}

/** A version 4 UUID; `crypto.randomUUID` exists only in secure contexts in browsers. */
function newKey(): string {
  const { crypto } = globalThis;
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type HeadersArg = Record<string, unknown> | Headers | [string, string][] | undefined;

/**
 * A call's headers with the Idempotency-Key of an operation that declares it (`name`, as the spec
 * spells it): the caller's own header when it has one (any letter case), else `given` (the
 * `idempotencyKey` call option, refused when malformed even then), else a new key. Never replaces
 * what the caller sent.
 */
export function withIdempotencyKey(headers: HeadersArg, name: string, given: unknown, operationId: string): HeadersArg {
  const key = idempotencyKey(given, operationId);
  if (new Headers(headers as HeadersInit | undefined).has(name)) return headers;
  if (headers instanceof Headers || Array.isArray(headers)) {
    const copy = new Headers(headers);
    copy.set(name, key);
    return copy;
  }
  return { ...headers, [name]: key };
}
