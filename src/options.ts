// Every option of createTrutoClient and of a call, in one table: where it may be given, its default
// and how it is read (checked, with a TrutoValidationError naming it). The option types (types.ts)
// and the README's option table (`npm run readme`) are derived from this table: a new option is one
// entry here, its reader, and wherever the call pipeline (call.ts) uses its value.
import { TrutoValidationError } from "./errors.js";
import { addHeaders, headerValue, readHeaders, type HeaderRecord, type HeadersInput } from "./headers.js";
import { describe, kind } from "./messages.js";
import type { IntegrationSlug } from "./model.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRIES, type RetryEvent } from "./retry.js";
import { integrations } from "../generated/support.js";

/** `client`: createTrutoClient; `call`: a resource method's options; `raw`: the init of truto.GET(…)-style calls. */
export type Place = "client" | "call" | "raw";

interface Option<In, Out, Where extends readonly Place[] = readonly Place[]> {
  /** Kept as its literal tuple: the option types of each place (OptionsAt) are read from it. */
  readonly where: Where;
  /** Used when neither the client nor the call gives the option. */
  readonly default: Out;
  /** Checks a given value (never undefined) and returns it settled; `at` names the caller in errors. The tokens are read by credential.ts. */
  readonly read: (value: In, at: string) => Out;
}

/**
 * An entry of the table. `In` (what a caller may write) is the reader's parameter type; an option
 * without a default settles to `undefined` when not given.
 */
function option<In, Out, const Where extends readonly Place[]>(where: Where, read: (value: In, at: string) => Out): Option<In, Out | undefined, Where>;
function option<In, Out, const Where extends readonly Place[]>(where: Where, read: (value: In, at: string) => Out, defaultValue: Out): Option<In, Out, Where>;
function option<In, Out, const Where extends readonly Place[]>(where: Where, read: (value: In, at: string) => Out, defaultValue?: Out): Option<In, Out | undefined, Where> {
  return { where, read, default: defaultValue };
}

/** What to do with a parameter the integration does not support (Truto ignores it). */
export type UnsupportedPolicy = "allow" | "warn" | "error";
export type FetchFunction = (input: Request, init?: RequestInit) => Promise<Response>;
/** A token, or a function returning one (or a promise of one); read by credential.ts, which checks it. */
export type TokenSource = string | (() => string | Promise<string>);
export type Logger = { warn(message: string): void };

const DEFAULT_BASE_URL = "https://api.truto.one";
const POLICIES: readonly UnsupportedPolicy[] = ["allow", "warn", "error"];
/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2_147_483_647;

export const OPTIONS = {
  /** A Truto API token (servers only), sent as `Authorization: Bearer …`; a string, or a function returning one (called again after a 401). Exactly one of this and `integratedAccountToken`. */
  token: option(["client"], (value: TokenSource) => value),
  /** An integrated account token (browsers): `integrated_account_id` becomes optional in every call. A string or a function, like `token`. */
  integratedAccountToken: option(["client"], (value: TokenSource) => value),
  /** Truto's API root; a path prefix is kept (a proxy), a trailing slash dropped. */
  baseUrl: option(["client"], (value: string, at) => readBaseUrl(value, at), DEFAULT_BASE_URL),
  /** Slug of the integration behind the accounts you call (`keap`, `zohocrm`, …): turns on its rules, in the types and before sending. */
  integration: option(["client", "call"], (value: IntegrationSlug) => readIntegration(value)),
  /** Retries after the first attempt (connection errors, timeouts, 408, 429, 500, 502, 503, 504); `0` disables. */
  maxRetries: option(["client", "call"], (value: number, at) => {
    if (!Number.isInteger(value) || value < 0) throw invalid(at, "maxRetries", "a whole number >= 0", value);
    if (value > MAX_RETRIES) throw invalid(at, "maxRetries", `at most ${MAX_RETRIES}`, value);
    return value;
  }, DEFAULT_MAX_RETRIES),
  /** Per attempt, from its start (a token function's wait included; the first attempt's starts with the call, its middleware's onRequest included) until the body is read (the headers, for a stream); `Infinity` for none. */
  timeoutMs: option(["client", "call"], (value: number, at) => {
    if (typeof value !== "number" || !(value > 0) || (value > MAX_TIMER_MS && value !== Infinity)) {
      throw invalid(at, "timeoutMs", `a number of milliseconds > 0 and <= ${MAX_TIMER_MS}, or Infinity for none`, value);
    }
    return value;
  }, DEFAULT_TIMEOUT_MS),
  /** Also retry POST and PATCH that carry no Idempotency-Key (repeating them may act twice). */
  retryNonIdempotent: option(["client", "call"], (value: boolean, at) => {
    if (typeof value !== "boolean") throw invalid(at, "retryNonIdempotent", "true or false");
    return value;
  }, false),
  /** Called before each retry with `{ attempt, delayMs, method, url, status?, error? }` (never the token). */
  onRetry: option(["client", "call"], (value: (event: RetryEvent) => void, at) => {
    if (typeof value !== "function") throw invalid(at, "onRetry", "a function");
    return value;
  }),
  /** A parameter the integration does not support: `"allow"` (Truto ignores it), `"warn"` (through `logger`) or `"error"`. */
  unsupportedParameters: option(["client", "call"], (value: UnsupportedPolicy, at) => {
    if (!POLICIES.includes(value)) throw invalid(at, "unsupportedParameters", `one of ${POLICIES.join(", ")}`);
    return value;
  }, "allow"),
  /** A fetch implementation: `(request: Request, init?: RequestInit) => Promise<Response>`. It must pass `init.signal` on: timeouts and aborts close the connection through it. */
  fetch: option(["client", "raw"], (value: FetchFunction, at) => {
    if (typeof value !== "function") throw invalid(at, "fetch", "a function (input: Request, init?: RequestInit) => Promise<Response>");
    return value;
  }, (input, init) => globalThis.fetch(input, init)),
  /** Extra headers (a plain object or `Headers`); a call's are added to the client's, replacing one of the same name in any letter case (`null` removes it). They never replace `Authorization`. */
  headers: option(["client", "call", "raw"], (value: HeadersInput, at) => readHeaders(value, at), {} as HeaderRecord),
  /** Receives the `"warn"` messages of `unsupportedParameters`. */
  logger: option(["client"], (value: Logger, at) => {
    if (typeof value !== "object" || value === null || typeof (value as { warn?: unknown }).warn !== "function") {
      throw invalid(at, "logger", "an object with a warn(message) method, e.g. console");
    }
    return value;
  }, console),
  /** Aborts the call (every attempt, the waits between them and the body); it rejects with the signal's reason. */
  signal: option(["call", "raw"], (value: AbortSignal, at) => {
    if (!(value instanceof AbortSignal)) throw invalid(at, "signal", `an AbortSignal, got ${kind(value)}`);
    return value;
  }),
  /** For operations that declare Truto's `Idempotency-Key` header: the key, the same on every retry (default: a random UUID per call). */
  idempotencyKey: option(["call"], (value: string, at) => {
    if (typeof value !== "string" || !IDEMPOTENCY_KEY.test(value)) throw invalid(at, "idempotencyKey", "1 to 255 visible ASCII characters");
    return value;
  }),
};

/** An Idempotency-Key: visible ASCII only (a header value, compared by Truto as it is). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

type Table = typeof OPTIONS;
type Name = keyof Table;
/** The options each place takes, in the table's order. */
export const NAMES = Object.fromEntries((["client", "call", "raw"] as const).map((place) => [place, (Object.keys(OPTIONS) as Name[]).filter((name) => (OPTIONS[name].where as readonly Place[]).includes(place))])) as Record<Place, Name[]>;
type In<K extends Name> = Parameters<Table[K]["read"]>[0];
type Out<K extends Name> = ReturnType<Table[K]["read"]>;
type NamesAt<P extends Place> = { [K in Name]: P extends Table[K]["where"][number] ? K : never }[Name];

/**
 * The options that may be given at `P`, as the caller writes them (each with its doc comment);
 * `undefined` is "not given" (the client's value, or the default), also under exactOptionalPropertyTypes.
 */
export type OptionsAt<P extends Place> = { [K in Name as K extends NamesAt<P> ? K : never]?: In<K> | undefined };

/** Every option settled: the given value checked, else the default. */
export type Settings = { [K in Name]: Out<K> };

/** The client's settings: each client option read from `options`, else its default. */
export function readClientSettings(options: Record<string, unknown>): Settings {
  refuseUnknown(options, "client", "createTrutoClient");
  const settings = {} as Record<string, unknown>;
  for (const [name, spec] of Object.entries(OPTIONS) as [Name, Option<unknown, unknown>][]) {
    const given = spec.where.includes("client") ? options[name] : undefined;
    settings[name] = given === undefined ? spec.default : spec.read(given, "createTrutoClient");
  }
  // A key names one call: on the client it would go with every call, and Truto answers a repeated
  // key with its first answer (a second create would not be made).
  const key = headerValue(settings.headers as HeaderRecord, "Idempotency-Key");
  if (key !== undefined) {
    throw new TrutoValidationError("headers", `createTrutoClient: header "${key.key}" would go with every call, and Truto answers a repeated key with its first answer; give it per call (idempotencyKey, or the call's headers)`);
  }
  return settings as Settings;
}

/** A call's settings: the client's, with each option the call gives read and put in its place (headers are added to the client's). */
export function readCallSettings(client: Settings, options: Record<string, unknown>, place: "call" | "raw", at: string): Settings {
  refuseUnknown(options, place, at);
  let settings: Record<string, unknown> | undefined;
  for (const name in options) {
    const value = options[name];
    if (value === undefined) continue;
    const read = OPTIONS[name as Name].read(value as never, at);
    settings ??= { ...client };
    settings[name] = name === "headers" ? addHeaders(client.headers, read as HeaderRecord) : read;
  }
  // A call that gives no option shares the client's settings.
  return (settings ?? client) as Settings;
}

/** A name that is not an option of `place` is refused, so that a typo (`timeoutMS`) is never silently ignored. */
function refuseUnknown(options: Record<string, unknown>, place: Place, at: string): void {
  const known = NAMES[place];
  for (const name in options) {
    if (!known.includes(name as Name)) {
      throw new TrutoValidationError(name, `${at}: "${name}" is not ${place === "client" ? "an option of createTrutoClient" : "a call option"}; expected one of ${known.join(", ")}`);
    }
  }
}

function readBaseUrl(value: unknown, at: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    // Not a URL: `url` stays undefined and is refused below.
  }
  // A bare trailing "?" or "#" leaves search and hash empty, but the href keeps it: look there.
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || /[?#]/.test(url.href) || url.username || url.password) {
    throw invalid(at, "baseUrl", "an absolute http(s) URL without query, fragment or credentials, e.g. https://api.truto.one");
  }
  return url.href.replace(/\/+$/, "");
}

function readIntegration(value: unknown): IntegrationSlug {
  if (typeof value !== "string" || !Object.hasOwn(integrations, value)) {
    throw new TrutoValidationError("integration", `Unknown integration ${describe(value)}; expected one of: ${Object.keys(integrations).join(", ")}`);
  }
  return value as IntegrationSlug;
}

/** `<at>: "<name>" must be <expected>[, got <value>]`; only numbers are ever echoed back. */
function invalid(at: string, name: string, expected: string, got?: unknown): TrutoValidationError {
  const shown = typeof got === "number" ? `, got ${String(got)}` : got === undefined ? "" : `, got ${kind(got)}`;
  return new TrutoValidationError(name, `${at}: "${name}" must be ${expected}${shown}`);
}
