// Truto's Idempotency-Key header: one key per call, the same on every retry of that call.
import { TrutoValidationError } from "./errors.js";
import { headerValue, type HeaderRecord } from "./headers.js";
import { IDEMPOTENCY_KEY } from "./options.js";

/**
 * A call's headers with the Idempotency-Key of an operation that declares it (`name`, as the spec
 * spells it): the caller's own header when it has one (any letter case), checked like the
 * `idempotencyKey` option (`given`), else `given`, else a new random UUID. A null header is refused:
 * it would send no key, and such a call is retried as if it had one.
 */
export function withIdempotencyKey(headers: HeaderRecord, name: string, given: string | undefined, at: string): HeaderRecord {
  const own = headerValue(headers, name);
  if (own === undefined) return { ...headers, [name]: given ?? newKey() };
  if (typeof own.value !== "string" || !IDEMPOTENCY_KEY.test(own.value)) {
    const problem = own.value === null ? "must not be null (leave it out for a random key)" : "must be one key of 1 to 255 visible ASCII characters";
    throw new TrutoValidationError("headers", `${at}: header "${own.key}" ${problem}`);
  }
  return headers;
}

/** A version 4 UUID; `crypto.randomUUID` exists only in secure contexts in browsers. */
export function newKey(): string {
  const { crypto } = globalThis;
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
