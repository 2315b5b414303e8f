// Public types derived from the generated tables; the only module that imports generated/schema.d.ts.
import type { Client } from "openapi-fetch";
import type { endpoints, operations } from "../generated/endpoints.js";
import type { operations as OperationTypes, paths } from "../generated/schema.js";
import type { IntegrationSlug, parameterSupport } from "../generated/support.js";
import type { UnsupportedPolicy } from "./validate.js";
import type { RetryEvent } from "./transport.js";

export type { paths, IntegrationSlug, RetryEvent, UnsupportedPolicy };
export type components = import("../generated/schema.js").components;
export type Engagement = components["schemas"]["Engagement"];

/** Options that can be set per client and overridden per resource-method call. */
export interface RequestOptions {
  /** Retries after the first attempt (connection errors, timeouts, 408, 429, 5xx). Default 2; 0 disables. */
  maxRetries?: number;
  /** Per attempt, until response headers arrive. Default 60 000 ms; `Infinity` for no timeout. */
  timeoutMs?: number;
  /** Retry POST and PATCH too (they are not idempotent). Default false. */
  retryNonIdempotent?: boolean;
  /** Called before each retry; the event never holds the token. */
  onRetry?: (event: RetryEvent) => void;
  /** What to do with a parameter the integration does not support. Default "allow" (Truto ignores it). */
  unsupportedParameters?: UnsupportedPolicy;
}

export interface TrutoClientOptions<I extends IntegrationSlug | undefined = undefined> extends RequestOptions {
  /** Your Truto API token; sent as `Authorization: Bearer <token>`, never in a URL or message. */
  token: string;
  /** Default `https://api.truto.one`. */
  baseUrl?: string;
  /** The integration behind the accounts you call: turns on its rules, in types and at run time. */
  integration?: I;
  /** A fetch implementation; default `globalThis.fetch`. */
  fetch?: (input: Request, init?: RequestInit) => Promise<Response>;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Receives warnings (unsupportedParameters: "warn"); default `console.warn`. */
  logger?: { warn(message: string): void };
}

/** Per-call options of resource methods. */
export interface CallOptions extends RequestOptions {
  /** Checks this call against another integration's rules (run time only). */
  integration?: IntegrationSlug;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

type Routes = typeof operations;
export type Route = keyof Routes;
type OperationOf<R extends Route> = OperationTypes[Routes[R]["operationId"]];
type QueryOf<R extends Route> = NonNullable<OperationOf<R>["parameters"]["query"]>;
type SuccessOf<R extends Route> = OperationOf<R>["responses"] extends { 200: { content: { "application/json": infer T } } } ? T : unknown;
type PathArgs<R extends Route> = Positional<Routes[R]["pathParams"]>;
type Positional<P> = P extends readonly [string, ...infer Rest] ? [string | number, ...Positional<Rest>] : [];

// Per-integration narrowing of a query type, read from generated/support.ts.
type Support<R extends Route> = (typeof parameterSupport)[Routes[R]["operationId"]];
/** The integration's entry for a parameter, or `undefined` when it has none. */
type EntryOf<S, K, I extends string> = K extends keyof S ? (S[K] extends "all" ? undefined : I extends keyof S[K] ? S[K][I] : undefined) : undefined;
type RequiredKeys<Q, S, I extends string> = { [K in keyof Q]-?: EntryOf<S, K, I> extends { required: true } ? K : never }[keyof Q];
type Allowed<V, E> = E extends { values: readonly (infer X)[] } ? Extract<V, X> : V;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Narrow<Q, S, I extends string> = Simplify<
  { [K in keyof Q as K extends RequiredKeys<Q, S, I> ? never : K]: Allowed<Q[K], EntryOf<S, K, I>> } & {
    [K in keyof Q as K extends RequiredKeys<Q, S, I> ? K : never]-?: Allowed<NonNullable<Q[K]>, EntryOf<S, K, I>>;
  }
>;

/** The query type of a route; narrowed to one integration's rules when `I` is a single literal. */
export type QueryFor<R extends Route, I> = I extends IntegrationSlug
  ? IntegrationSlug extends I
    ? QueryOf<R>
    : Narrow<QueryOf<R>, Support<R>, I>
  : QueryOf<R>;

/** A generated resource method: path parameters in path order, then the query, then options. */
export interface ResourceMethod<R extends Route, I> {
  (...args: [...PathArgs<R>, query: QueryFor<R, I> & { truto_response_format: "stream" }, options?: CallOptions]): Promise<ReadableStream<Uint8Array>>;
  (...args: [...PathArgs<R>, query: QueryFor<R, I> & { truto_response_format: "raw" }, options?: CallOptions]): Promise<unknown>;
  (...args: [...PathArgs<R>, query: QueryFor<R, I>, options?: CallOptions]): Promise<SuccessOf<R>>;
}

export type Resources<T, I> = { readonly [K in keyof T]: T[K] extends Route ? ResourceMethod<T[K], I> : Resources<T[K], I> };

/** The openapi-fetch client, typed from the spec, with the resource namespaces added. */
export type TrutoClient<I extends IntegrationSlug | undefined = undefined> = Client<paths, "application/json"> & Resources<typeof endpoints, I>;
