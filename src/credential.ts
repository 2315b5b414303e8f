// The client's credential: an API token or an integrated account token, fixed or a function. A
// function is called before the first request and again after a 401 (that request is then sent once
// more: see transport.ts); a promise a call stopped waiting for is dropped, so a token function that
// hangs costs that call its timeout and the next call asks again.
import { TrutoError, TrutoValidationError } from "./errors.js";

export type TokenFunction = () => string | Promise<string>;
type Option = "token" | "integratedAccountToken";

/** Printable ASCII without spaces: anything else is a copy-paste accident or header injection. */
const TOKEN = /^[\x21-\x7e]+$/;
/**
 * Truto's tokens are long; a very short one is a placeholder, and would be scrubbed from error
 * messages wherever its letters occur by chance ("No record wi[REDACTED]h id").
 */
export const MIN_TOKEN_LENGTH = 8;
/**
 * Tokens kept for redaction: the current one and the ones just before it (a response to a request
 * sent with an older token may still echo it). Bounded, so a server that answers 401 forever while
 * the function mints new tokens cannot grow the list or slow every error's scrub.
 */
export const REMEMBERED_TOKENS = 8;

export interface Credential {
  readonly option: Option;
  /** The Authorization header for the next attempt: a string, or the token function's pending promise. */
  header(): string | Promise<string>;
  /** True for a token function: a 401 can be answered with a new token. */
  readonly refreshable: boolean;
  /**
   * A new Authorization header after `stale` got a 401. Calls that got the same 401 share one call of
   * the function; one whose token is already stale gets the newer one without a call.
   */
  refresh(stale: string): Promise<string>;
  /** Drops `pending` if it is still the shared promise: a call stopped waiting for it (timeout, abort). */
  abandon(pending: string | Promise<string>): void;
  /** The tokens to scrub from anything an error reports, newest last. */
  readonly tokens: readonly string[];
}

/** Exactly one of `token` and `integratedAccountToken`, checked before anything is sent. */
export function readCredential(options: { token?: unknown; integratedAccountToken?: unknown }): Credential {
  const { token, integratedAccountToken } = options;
  if ((token === undefined) === (integratedAccountToken === undefined)) {
    throw new TrutoValidationError(
      "token",
      'createTrutoClient: give exactly one of "token" (a Truto API token, for servers) and "integratedAccountToken" (one account\'s token, for browsers)',
    );
  }
  const option: Option = token === undefined ? "integratedAccountToken" : "token";
  const value = token === undefined ? integratedAccountToken : token;
  if (typeof value === "function") return tokenFunction(value as TokenFunction, option);
  const header = bearerHeader(value, option);
  return { option, header: () => header, refreshable: false, refresh: () => Promise.resolve(header), abandon: () => {}, tokens: [value as string] };
}

/** `Bearer <token>`, or a TrutoValidationError naming the option (never echoing the token). */
export function bearerHeader(token: unknown, option: Option): string {
  if (typeof token !== "string" || token === "") {
    throw new TrutoValidationError(option, `createTrutoClient: "${option}" must be a non-empty string (or a function returning one), got ${token === "" ? "an empty string" : typeof token}`);
  }
  if (!TOKEN.test(token)) throw new TrutoValidationError(option, `createTrutoClient: "${option}" must not contain spaces, line breaks or non-ASCII characters`);
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new TrutoValidationError(option, `createTrutoClient: "${option}" must be at least ${MIN_TOKEN_LENGTH} characters (Truto's tokens are longer), got ${token.length}`);
  }
  return `Bearer ${token}`;
}

function tokenFunction(fn: TokenFunction, option: Option): Credential {
  const tokens: string[] = [];
  let current: Promise<string> | undefined;
  // While a refresh runs, the header whose 401 started it: calls that got the same 401 share it.
  let refreshedFrom: string | undefined;
  // The latest header the function gave: a 401 for an older one needs no new call.
  let latest: string | undefined;

  const remember = (token: string) => {
    const seen = tokens.indexOf(token);
    if (seen !== -1) tokens.splice(seen, 1);
    tokens.push(token);
    if (tokens.length > REMEMBERED_TOKENS) tokens.shift();
  };
  /** One call of the function: its token checked like a fixed one (the message never echoes it) and remembered. */
  const call = async (): Promise<string> => {
    let token: unknown;
    try {
      token = await fn();
    } catch (cause) {
      throw new TrutoError(`createTrutoClient: the "${option}" function failed`, { cause });
    }
    const header = bearerHeader(token, option);
    remember(token as string);
    return header;
  };
  const ask = (): Promise<string> => {
    const next = call();
    next.then(
      // Only the call still current says which token is the latest: one abandoned or overtaken
      // answering late must not make the current token look old.
      (header) => {
        if (current !== next) return;
        latest = header;
        // Answered: from now on `latest` says whether a 401 is for an older token. A refresh that
        // gave back the very token that got the 401 settles nothing: the next 401 for it calls the
        // function again (its source may have caught up).
        refreshedFrom = undefined;
      },
      // A failed call is not kept: the next request calls the function again.
      () => abandon(next),
    );
    return (current = next);
  };
  const abandon = (pending: string | Promise<string>) => {
    if (current === pending) current = undefined;
  };
  return {
    option,
    tokens,
    refreshable: true,
    header: () => current ?? ask(),
    refresh(stale) {
      if (current !== undefined && (refreshedFrom === stale || (latest !== undefined && latest !== stale))) return current;
      refreshedFrom = stale;
      return ask();
    },
    abandon,
  };
}
