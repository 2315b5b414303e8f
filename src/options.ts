// Reads createTrutoClient's options: defaults applied, each checked with an error naming it.
import { TrutoValidationError } from "./errors.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./retry.js";
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
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash || url.username || url.password) {
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
  return { maxRetries, timeoutMs, unsupportedParameters, onRetry, retryNonIdempotent: options.retryNonIdempotent ?? defaults.retryNonIdempotent };
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
