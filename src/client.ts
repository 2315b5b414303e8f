// createTrutoClient: openapi-fetch set up for Truto (auth, query format, safe paths, retries,
// timeouts, pre-flight checks), with resource methods generated from the spec added on top.
import createClient from "openapi-fetch";
import { endpoints, operations } from "../generated/endpoints.js";
import type { IntegrationSlug } from "../generated/support.js";
import { bearerHeader, scrubToken } from "./auth.js";
import { TrutoApiError, TrutoConnectionError, TrutoError, TrutoValidationError } from "./errors.js";
import { CLIENT_DEFAULTS, readBaseUrl, readRequestOptions } from "./options.js";
import { expandPath } from "./path.js";
import { serializeQuery } from "./query.js";
import { buildResources } from "./resources.js";
import { createTransport, type Transport, type TransportOptions } from "./transport.js";
import type { CallOptions, Route, TrutoClient, TrutoClientOptions, paths } from "./types.js";
import { checkIntegration, checkQuery, isKnownRoute, type CheckContext } from "./validate.js";

const HTTP_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
/** Call options that need a transport of their own; others reuse the client's. */
const RETRY_KEYS = ["maxRetries", "timeoutMs", "retryNonIdempotent", "onRetry"] as const;

type Params = { path?: Record<string, unknown>; query?: Record<string, unknown> } | undefined;
type RawResult = { data?: unknown; error?: unknown; response: Response };
/** openapi-fetch's `request` without its per-path typing, for calls routed by the endpoint map. */
type LooseRequest = (method: string, url: string, init?: object) => Promise<RawResult>;

export function createTrutoClient<const I extends IntegrationSlug | undefined = undefined>(options: TrutoClientOptions<I>): TrutoClient<I> {
  if (typeof options !== "object" || options === null) {
    throw new TrutoValidationError("options", "createTrutoClient: expected an options object with at least { token }");
  }
  const authorization = bearerHeader(options.token);
  const token = options.token;
  const baseUrl = readBaseUrl(options.baseUrl);
  if (options.integration !== undefined) checkIntegration(options.integration);
  const settings = readRequestOptions(options, CLIENT_DEFAULTS, "createTrutoClient");
  const baseFetch = options.fetch ?? globalThis.fetch;
  const transportOptions: TransportOptions = { ...settings, fetch: baseFetch };
  const logger = options.logger ?? console;
  const context: CheckContext = {
    integration: options.integration,
    unsupported: settings.unsupportedParameters,
    warn: (message) => logger.warn(message),
  };

  const transport = createTransport(transportOptions);
  const client = createClient<paths, "application/json">({
    baseUrl,
    fetch: transport,
    // The token goes last so that no `headers` option can replace or duplicate it.
    headers: { ...options.headers, Authorization: authorization },
    querySerializer: serializeQuery,
    pathSerializer: expandPath,
  });

  /** Checks a call's parameters before anything is sent; throws TrutoValidationError. */
  function preflight(route: string, params: Params, checks: CheckContext): void {
    if (!isKnownRoute(route)) return;
    const [first] = operations[route].pathParams;
    if (first !== undefined && params?.path === undefined) {
      throw new TrutoValidationError(first, `Path parameter "${first}" is required, got undefined`);
    }
    checkQuery(route, params?.query, checks);
  }

  // openapi-fetch-style calls (truto.DELETE(...)): the same checks, then openapi-fetch as is.
  const send = client.request as unknown as LooseRequest;
  const checked: Record<string, unknown> = { ...client };
  for (const method of HTTP_METHODS) {
    const call = client[method] as (url: string, init?: object) => Promise<RawResult>;
    checked[method] = (url: string, init?: { params?: Params; signal?: AbortSignal | null; fetch?: unknown }) => {
      try {
        preflight(`${method} ${url}`, init?.params, context);
      } catch (error) {
        return Promise.reject(error);
      }
      const signal = init?.signal;
      // The caller's signal goes to the transport, not into the Request (see Transport).
      if (signal && init.fetch === undefined) return call(url, { ...init, signal: undefined, fetch: withSignal(transport, signal) });
      return call(url, init);
    };
  }
  checked.request = (method: string, url: string, init?: { params?: Params }) =>
    (checked[method.toUpperCase()] as (url: string, init?: object) => Promise<RawResult>)(url, init);

  function callResource(route: Route, path: Record<string, unknown>, query: unknown, callOptions: CallOptions | undefined): Promise<unknown> {
    const { operationId } = operations[route];
    const space = route.indexOf(" ");
    const method = route.slice(0, space);
    const template = route.slice(space + 1);
    let pending: Promise<RawResult>;
    try {
      if (typeof query !== "object" || query === null || Array.isArray(query)) {
        throw new TrutoValidationError("query", `${operationId}: expected the query parameters object (with integrated_account_id) after the path parameters`);
      }
      let checks = context;
      let fetch: Transport | undefined;
      if (callOptions !== undefined) {
        if (callOptions.integration !== undefined) {
          checkIntegration(callOptions.integration);
          checks = { ...context, integration: callOptions.integration };
        }
        const overrides = readRequestOptions(callOptions, settings, operationId);
        checks = { ...checks, unsupported: overrides.unsupportedParameters };
        const retuned = RETRY_KEYS.some((key) => callOptions[key] !== undefined);
        fetch = withSignal(retuned ? createTransport({ ...overrides, fetch: baseFetch }) : transport, callOptions.signal);
      }
      const params = { path, query: query as Record<string, unknown> };
      preflight(route, params, checks);
      const stream = (query as { truto_response_format?: unknown }).truto_response_format === "stream";
      pending = send(method, template, { params, parseAs: stream ? "stream" : "json", headers: callOptions?.headers, fetch });
    } catch (error) {
      return Promise.reject(error);
    }
    return pending.then(
      ({ data, error, response }) => {
        if (response.ok) return data;
        throw TrutoApiError.fromResponse(response.status, scrubToken(error, token), response.headers, method, response.url);
      },
      (error: unknown) => {
        if (error instanceof SyntaxError) {
          throw new TrutoError(`${operationId}: the response body is not valid JSON`, { cause: error });
        }
        // fetch reports a connection lost mid-body as a TypeError. Not retried: the server has
        // acted on the request, and a repeated DELETE would now answer 404.
        if (error instanceof TypeError) {
          throw new TrutoConnectionError(method, template, "Connection lost while reading the response body", { cause: error });
        }
        throw error;
      },
    );
  }

  return Object.assign(checked, buildResources(endpoints, callResource)) as unknown as TrutoClient<I>;
}

/** A transport bound to one call's AbortSignal. */
function withSignal(transport: Transport, signal: AbortSignal | null | undefined): Transport {
  return signal ? (request, init) => transport(request, init, signal) : transport;
}
