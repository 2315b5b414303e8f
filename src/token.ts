// The client's credential: an API token or an integrated account token, fixed or a function. A
// function is called before the first request and again after a 401, then that request is sent
// once more with the new token (one refresh per call, never a loop).
import { bearerHeader } from "./auth.js";
import { TrutoError, TrutoValidationError } from "./errors.js";
import type { Transport } from "./transport.js";

export type TokenFunction = () => string | Promise<string>;

export interface Credential {
  /** Which option gave it: an API token, or an integrated account token (Truto infers the account). */
  option: "token" | "integratedAccountToken";
  /** `Bearer <token>` for a fixed token; undefined for a function, which each request asks. */
  authorization: string | undefined;
  fn: TokenFunction | undefined;
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
  const option = token === undefined ? "integratedAccountToken" : "token";
  const value = token ?? integratedAccountToken;
  if (typeof value === "function") return { option, authorization: undefined, fn: value as TokenFunction };
  return { option, authorization: bearerHeader(value, option), fn: undefined };
}

export interface TokenSource {
  /** The Authorization header for the next request (the function is called on first use only). */
  authorization(): Promise<string>;
  /**
   * A new Authorization header after `stale` got a 401. Calls that see the same 401 together
   * share one call of the function; one that arrives after the token changed gets the new one.
   */
  refresh(stale: string): Promise<string>;
  /** Every token the function has given, for redaction. */
  readonly tokens: readonly string[];
}

export function tokenSource(fn: TokenFunction, option: string): TokenSource {
  const tokens: string[] = [];
  let current: Promise<string> | undefined;
  // The header whose 401 started the latest refresh: calls that got the same 401 share it.
  let refreshedFrom: string | undefined;
  // The latest header the function gave: a 401 for an older one needs no new call.
  let latest: string | undefined;
  const fetchToken = (): Promise<string> => {
    const next = Promise.resolve()
      .then(fn)
      .then(
        (token) => {
          // The value is checked like a fixed token; its message never echoes it.
          const header = bearerHeader(token, option);
          if (!tokens.includes(token as string)) tokens.push(token as string);
          return (latest = header);
        },
        (cause: unknown) => {
          throw new TrutoError(`createTrutoClient: the "${option}" function failed`, { cause });
        },
      );
    // A failed call is not kept: the next request calls the function again.
    next.catch(() => {
      if (current === next) current = undefined;
    });
    return (current = next);
  };
  return {
    tokens,
    authorization: () => current ?? fetchToken(),
    refresh(stale) {
      if (current !== undefined && (refreshedFrom === stale || (latest !== undefined && latest !== stale))) return current;
      refreshedFrom = stale;
      return fetchToken();
    },
  };
}

/**
 * The transport with the source's token set on each request, and one resend after a 401 with a
 * refreshed token. Only the caller's retries and timeouts apply around each send.
 */
export function withToken(transport: Transport, source: TokenSource): Transport {
  return (request, ...rest) =>
    source.authorization().then((authorization) => {
      // A body can be read once: keep a copy for the resend.
      const copy = request.body !== null ? request.clone() : undefined;
      request.headers.set("Authorization", authorization);
      return transport(request, ...rest).then(async (response) => {
        if (response.status !== 401) return response;
        const fresh = await source.refresh(authorization).catch(async (error: unknown) => {
          await response.body?.cancel();
          throw error;
        });
        if (fresh === authorization) return response;
        await response.body?.cancel();
        // The 401's link to the caller's signal is let go: the resend makes its own.
        const hold = rest[2];
        hold?.release?.();
        if (hold) hold.release = undefined;
        const again = copy ?? request;
        again.headers.set("Authorization", fresh);
        return transport(again, ...rest);
      });
    });
}
