// Resource methods (truto.crm.engagements.delete(...)), built from the generated endpoint map on
// first use, and the call each one makes: arguments read by the operation's shape, checked, sent
// through openapi-fetch, and answered with the data or a typed error.
import { operations, type Operation } from "../generated/endpoints.js";
import { scrubAllHeaders, scrubTokens, type Tokens } from "./auth.js";
import { TrutoApiError, TrutoConnectionError, TrutoError, TrutoValidationError } from "./errors.js";
import { withIdempotencyKey } from "./idempotency.js";
import { readHeaders, readRequestOptions } from "./options.js";
import { paginate } from "./pages.js";
import { afterLostAttempt, type Hold, type Transport, type TransportOptions } from "./transport.js";
import type { CallOptions } from "./types.js";
import { checkBody, checkIntegration, checkQuery, refuseCallOptions, type CheckContext, type Route } from "./validate.js";

export type RawResult = { data?: unknown; error?: unknown; response: Response };
/** One of openapi-fetch's method calls (`DELETE(url, init)`…) without its per-path typing. */
export type LooseCall = (url: string, init?: object) => Promise<RawResult>;

/** What resource calls share with the client that made them. */
export interface CallContext {
  /** openapi-fetch's calls by HTTP method, untyped: resource calls are routed by the endpoint map. */
  calls: Readonly<Record<string, LooseCall>>;
  /** Every token sent so far, scrubbed from what errors report. */
  tokens: Tokens;
  checks: CheckContext;
  /** The client's settled retry and timeout options. */
  settings: Omit<TransportOptions, "fetch"> & { unsupportedParameters: CheckContext["unsupported"] };
  /** A transport with other retry and timeout options, on the client's fetch and token. */
  newTransport: (options: Omit<TransportOptions, "fetch">) => Transport;
  transport: Transport;
  /** The client's transport with POST/PATCH retries on, for calls that carry an Idempotency-Key. */
  keyedTransport: () => Transport;
}

/** Call options that need a transport of their own; others reuse the client's. */
const RETRY_KEYS = ["maxRetries", "timeoutMs", "retryNonIdempotent", "onRetry"] as const;

type Tree = { readonly [name: string]: string | Tree };

/**
 * Adds the endpoint map's namespaces to `target` as getters: a namespace object, and each method in
 * it, is made on first access and then kept, so creating a client costs the same for 1 or 1,000
 * operations.
 */
export function defineResources(target: object, tree: Tree, context: CallContext): void {
  for (const [name, node] of Object.entries(tree)) {
    Object.defineProperty(target, name, {
      configurable: true,
      enumerable: true,
      get() {
        let value: object;
        if (typeof node === "string") value = resourceMethod(node as Route, context);
        else defineResources((value = {}), node, context);
        Object.defineProperty(target, name, { value, enumerable: true });
        return value;
      },
    });
  }
}

/**
 * Positional path parameters (in path order), the body (when the operation has one), the query,
 * options. What every call shares is settled here, once per method: the method and template, the
 * openapi-fetch call (its request() would upper-case the method on every call) and the result
 * handlers of a call without a signal, which has nothing to release (no closures per call).
 */
function resourceMethod(route: Route, context: CallContext) {
  const operation: Operation = operations[route];
  const { operationId, pathParams, pages } = operation;
  const space = route.indexOf(" ");
  const method = route.slice(0, space);
  const template = route.slice(space + 1);
  const send = context.calls[method]!;
  // A call's data, or the typed error of a non-2xx response; `hold` releases the signal's link once
  // the body is read. Given to then() as they are when there is no hold.
  const answered = ({ data, error, response }: RawResult, hold?: Hold): unknown => {
    if (response.ok) return hold?.release ? releasedAtEnd(data, hold.release) : data;
    hold?.release?.();
    throw apiError(response, error, context.tokens, method);
  };
  const failed = (error: unknown, signal?: AbortSignal | null): never => {
    throw callFailure(error, method, template, operationId, context.tokens, signal);
  };

  const call = (args: ArrayLike<unknown>, query: unknown): Promise<unknown> => {
    let pending: Promise<RawResult>;
    let signal: AbortSignal | null | undefined;
    let hold: Hold | undefined;
    try {
      const path: Record<string, unknown> = {};
      for (let i = 0; i < pathParams.length; i++) path[pathParams[i]!] = args[i];
      const body = operation.body ? args[pathParams.length] : undefined;
      const options = args[pathParams.length + (operation.body ? 2 : 1)] as CallOptions | undefined;
      if (typeof query !== "object" || query === null || Array.isArray(query)) {
        const before = operation.body ? "the path parameters and the body" : "the path parameters";
        throw new TrutoValidationError("query", `${operationId}: expected the query parameters object (with integrated_account_id) after ${before}`);
      }
      let checks = context.checks;
      let fetch: Transport | undefined;
      let headers: Record<string, unknown> | undefined;
      const keyed = operation.idempotencyKey !== undefined;
      if (options !== undefined) {
        if (typeof options !== "object" || options === null) throw new TrutoValidationError("options", `${operationId}: call options must be an object`);
        headers = readHeaders(options.headers, operationId);
        if (options.integration !== undefined) {
          checkIntegration(options.integration);
          checks = { ...checks, integration: options.integration };
        }
        const overrides = readRequestOptions(options, context.settings, operationId);
        checks = { ...checks, unsupported: overrides.unsupportedParameters };
        const ownRetries = RETRY_KEYS.some((key) => options[key] !== undefined);
        const transport = ownRetries
          ? context.newTransport({ ...overrides, retryNonIdempotent: overrides.retryNonIdempotent || keyed })
          : keyed
            ? context.keyedTransport()
            : context.transport;
        signal = options.signal;
        // With a signal, its link to the attempt is held until the body is read (see Transport).
        if (signal) hold = {};
        fetch = withSignal(transport, signal, hold);
        if (options.idempotencyKey !== undefined && !keyed) {
          throw new TrutoValidationError("idempotencyKey", `${operationId}: this operation declares no Idempotency-Key header`);
        }
      } else if (keyed) {
        fetch = context.keyedTransport();
      }
      if (keyed) headers = withIdempotencyKey(headers, operation.idempotencyKey!, options?.idempotencyKey, operationId) as Record<string, unknown>;
      checkBody(route, body, checks);
      refuseCallOptions(query as Record<string, unknown>, operation.query, "query", operationId);
      checkQuery(route, query as Record<string, unknown>, checks);
      const stream = (query as { truto_response_format?: unknown }).truto_response_format === "stream";
      pending = send(template, { params: { path, query }, body, parseAs: stream ? "stream" : "json", headers, fetch });
    } catch (error) {
      return Promise.reject(error);
    }
    if (!hold) return pending.then(answered, failed);
    return pending.then(
      (result) => answered(result, hold),
      (error: unknown) => {
        hold!.release?.();
        return failed(error, signal);
      },
    );
  };
  const queryAt = pathParams.length + (operation.body ? 1 : 0);
  if (!pages) return (...args: unknown[]) => call(args, args[queryAt]);
  return (...args: unknown[]) => {
    const query = args[queryAt];
    const next = (cursor: string) => call(args, { ...(query as object), [pages.cursor]: cursor });
    return paginate(call(args, query), next, pages.cursor, pages.items, operationId, (query as Record<string, unknown> | undefined)?.[pages.cursor]);
  };
}

/** The typed error of a non-2xx response, with the token scrubbed from its body and headers. */
export function apiError(response: Response, body: unknown, tokens: Tokens, method: string): TrutoApiError {
  return TrutoApiError.fromResponse(response.status, scrubTokens(body, tokens), scrubAllHeaders(response.headers, tokens), method, response.url, afterLostAttempt.has(response));
}

/**
 * What a call rejects with when openapi-fetch does: the caller's abort reason as is, a body that
 * is not JSON as a TrutoError (its SyntaxError cause scrubbed, as it quotes the body), a connection
 * lost while the body was read as a TrutoConnectionError; anything else as it came.
 */
export function callFailure(error: unknown, method: string, url: string, where: string, tokens: Tokens, signal?: AbortSignal | null): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof SyntaxError) {
    return new TrutoError(`${where}: the response body is not valid JSON`, { cause: new SyntaxError(scrubTokens(error.message, tokens)) });
  }
  // fetch reports a connection lost mid-body as a TypeError. Not retried: the server may have
  // acted on the request already, and a repeat could act twice or answer differently.
  if (error instanceof TypeError) return new TrutoConnectionError(method, url, "Connection lost while reading the response body", { cause: error });
  return error;
}

/**
 * A streamed body that calls `release` once it ends, fails or is cancelled (the caller's signal
 * stays linked until then, so aborting it still stops a stalled stream).
 */
export function releasedAtEnd(data: unknown, release: () => void): unknown {
  if (!(data instanceof ReadableStream)) {
    release();
    return data;
  }
  const reader = (data as ReadableStream<Uint8Array>).getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
}

/** A transport bound to one call's AbortSignal (and the hold that keeps it linked past headers). */
export function withSignal(transport: Transport, signal: AbortSignal | null | undefined, hold?: Hold): Transport {
  return signal ? (request, init) => transport(request, init, signal, hold) : transport;
}
