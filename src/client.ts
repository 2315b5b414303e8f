// createTrutoClient: openapi-fetch set up for Truto (auth, query format, safe paths, retries,
// timeouts, pre-flight checks), with resource methods generated from the spec added on top.
import createClient from "openapi-fetch";
import { endpoints, operations, type Operation } from "../generated/endpoints.js";
import type { IntegrationSlug } from "../generated/support.js";
import { scrubTokens, type Tokens } from "./auth.js";
import { TrutoValidationError } from "./errors.js";
import { withIdempotencyKey } from "./idempotency.js";
import { CLIENT_DEFAULTS, readBaseUrl, readClientOptions, readHeaders, readRequestOptions } from "./options.js";
import { expandPath } from "./path.js";
import { serializeQuery } from "./query.js";
import { callFailure, defineResources, releasedAtEnd, withSignal, type CallContext, type LooseCall, type RawResult } from "./resources.js";
import { createTransport, type Hold, type Transport, type TransportOptions } from "./transport.js";
import { readCredential, tokenSource, withToken } from "./token.js";
import type { AccountTokenClientOptions, ApiTokenClientOptions, TrutoClient, TrutoClientOptions, paths } from "./types.js";
import { checkBody, checkIntegration, checkQuery, isKnownRoute, type CheckContext } from "./validate.js";

const HTTP_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type Params = { path?: Record<string, unknown>; query?: Record<string, unknown> } | undefined;
type FetchInit = { params?: Params; body?: unknown; headers?: object; signal?: AbortSignal | null; fetch?: unknown };

/** A server's client, with an API token (never put one in a page). */
export function createTrutoClient<const I extends IntegrationSlug | undefined = undefined>(options: ApiTokenClientOptions<I>): TrutoClient<I>;
/** A browser's client, with an integrated account token: `integrated_account_id` becomes optional. */
export function createTrutoClient<const I extends IntegrationSlug | undefined = undefined>(options: AccountTokenClientOptions<I>): TrutoClient<I, true>;
/** Either kind, not known statically: `integrated_account_id` stays required in the types. */
export function createTrutoClient<const I extends IntegrationSlug | undefined = undefined>(options: TrutoClientOptions<I>): TrutoClient<I>;
export function createTrutoClient<const I extends IntegrationSlug | undefined = undefined>(options: TrutoClientOptions<I>): TrutoClient<I, boolean> {
  if (typeof options !== "object" || options === null) {
    throw new TrutoValidationError("options", "createTrutoClient: expected an options object with { token } or { integratedAccountToken }");
  }
  const credential = readCredential(options);
  const baseUrl = readBaseUrl(options.baseUrl);
  if (options.integration !== undefined) checkIntegration(options.integration);
  const settings = readRequestOptions(options, CLIENT_DEFAULTS, "createTrutoClient");
  const { fetch: baseFetch, headers: baseHeaders, logger } = readClientOptions(options);
  const checks: CheckContext = {
    integration: options.integration,
    unsupported: settings.unsupportedParameters,
    warn: (message) => logger.warn(message),
    accountToken: credential.option === "integratedAccountToken",
  };
  // A token function sets each request's header itself; a fixed token is a default header.
  const source = credential.fn && tokenSource(credential.fn, credential.option);
  const tokens: Tokens = source ? source.tokens : [credential.authorization!.slice("Bearer ".length)];
  const newTransport = (transportOptions: Omit<TransportOptions, "fetch">): Transport => {
    const transport = createTransport({ ...transportOptions, fetch: baseFetch });
    return source ? withToken(transport, source) : transport;
  };

  const transport = newTransport(settings);
  const client = createClient<paths, "application/json">({
    baseUrl,
    fetch: transport,
    // The token goes last so that no `headers` option can replace or duplicate it.
    headers: source ? baseHeaders : { ...baseHeaders, Authorization: credential.authorization },
    querySerializer: serializeQuery,
    pathSerializer: expandPath,
  });

  let keyedTransport: Transport | undefined;
  const context: CallContext = {
    calls: client as unknown as Record<string, LooseCall>,
    tokens,
    checks,
    settings,
    newTransport,
    transport,
    keyedTransport: () => (keyedTransport ??= newTransport({ ...settings, retryNonIdempotent: true })),
  };

  // openapi-fetch-style calls (truto.DELETE(...)): the same checks, then openapi-fetch as is.
  const truto: Record<string, unknown> = { ...client };
  // openapi-fetch's { data, error, response }, with the token scrubbed from the error body.
  const scrubbed = (result: RawResult): RawResult => {
    if (result.error !== undefined) result.error = scrubTokens(result.error, tokens);
    return result;
  };
  for (const method of HTTP_METHODS) {
    const call = client[method] as unknown as LooseCall;
    truto[method] = (url: string, init?: FetchInit) => {
      const route = `${method} ${url}`;
      let fetch: Transport | undefined;
      let headers = init?.headers;
      try {
        // A Headers instance was checked when it was built; anything else is checked here.
        if (headers !== undefined && !(headers instanceof Headers)) headers = readHeaders(headers, route);
        if (isKnownRoute(route)) {
          const { pathParams, idempotencyKey: header }: Operation = operations[route];
          const first = pathParams[0];
          if (first !== undefined && init?.params?.path === undefined) {
            throw new TrutoValidationError(first, `Path parameter "${first}" is required, got undefined`);
          }
          checkBody(route, init?.body, checks);
          checkQuery(route, init?.params?.query, checks);
          // A declared Idempotency-Key is sent on every call (the caller's, if in headers) and makes it retryable.
          if (header !== undefined) {
            headers = withIdempotencyKey(headers as Record<string, unknown>, header, undefined, route);
            fetch = context.keyedTransport();
          }
        }
      } catch (error) {
        return Promise.reject(error);
      }
      const signal = init?.signal;
      // The caller's signal goes to the transport, not into the Request (see Transport), and stays
      // linked until the body is read.
      const hold: Hold | undefined = signal ? {} : undefined;
      // A fetch of the caller's replaces the transport: a token function must still set its header.
      const own = init?.fetch !== undefined && source ? { fetch: withToken(init.fetch as Transport, source) } : undefined;
      const pending =
        init?.fetch === undefined && (signal || fetch)
          ? call(url, { ...init, headers, signal: undefined, fetch: withSignal(fetch ?? transport, signal, hold) })
          : call(url, headers === init?.headers && !own ? init : { ...init, headers, ...own });
      return pending.then(
        // Without a signal nothing is held: the shared handler, no closure per call.
        hold
          ? (result) => {
              scrubbed(result);
              if (hold.release) result.data = releasedAtEnd(result.data, hold.release);
              return result;
            }
          : scrubbed,
        (error: unknown) => {
          hold?.release?.();
          throw callFailure(error, method, url, route, tokens, signal);
        },
      );
    };
  }
  truto.request = (method: string, url: string, init?: FetchInit) => (truto[method.toUpperCase()] as LooseCall)(url, init);

  defineResources(truto, endpoints, context);
  return truto as unknown as TrutoClient<I, boolean>;
}
