// Public types derived from the generated tables; the only module that imports generated/schema.d.ts.
import type { Client } from "openapi-fetch";
import type { endpoints, operations } from "../generated/endpoints.js";
import type { operations as OperationTypes, paths } from "../generated/schema.js";
import type { IntegrationSlug, bodySupport, fieldSupport, parameterSupport } from "../generated/support.js";
import type { UnsupportedPolicy } from "./validate.js";
import type { RetryEvent } from "./transport.js";

export type { paths, IntegrationSlug, RetryEvent, UnsupportedPolicy };
export type components = import("../generated/schema.js").components;
/** The spec's component schemas by name, e.g. `Schemas["Engagement"]`. */
export type Schemas = components["schemas"];
// Looked up by name so that src/ also type-checks against another spec (the tests' fixture API).
export type Engagement = Schemas extends { Engagement: infer E } ? E : never;

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

/**
 * A token, or a function returning one (or a promise of one): called before the first request and
 * again after a 401, so a long-running process or a page can swap tokens without a new client.
 */
export type TokenSource = string | (() => string | Promise<string>);

interface ClientOptionsBase<I extends IntegrationSlug | undefined> extends RequestOptions {
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

/** A backend's client: an API token reaches every account of the environment. Never put one in a page. */
export interface ApiTokenClientOptions<I extends IntegrationSlug | undefined = undefined> extends ClientOptionsBase<I> {
  /** Your Truto API token; sent as `Authorization: Bearer <token>`, never in a URL or message. */
  token: TokenSource;
  integratedAccountToken?: undefined;
}

/**
 * A browser's client: an integrated account token (made by your backend, valid 15 minutes, one
 * account). Truto infers the account, so `integrated_account_id` is optional on every call.
 */
export interface AccountTokenClientOptions<I extends IntegrationSlug | undefined = undefined> extends ClientOptionsBase<I> {
  integratedAccountToken: TokenSource;
  token?: undefined;
}

/** Exactly one of `token` (API token) and `integratedAccountToken`. */
export type TrutoClientOptions<I extends IntegrationSlug | undefined = undefined> = ApiTokenClientOptions<I> | AccountTokenClientOptions<I>;

/** Per-call options of resource methods. */
export interface CallOptions extends RequestOptions {
  /** Checks this call against another integration's rules (run time only). */
  integration?: IntegrationSlug;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /**
   * For operations that declare Truto's `Idempotency-Key` header: the key to send (default: a new
   * random UUID per call), the same on every retry.
   */
  idempotencyKey?: string;
}

type Routes = typeof operations;
export type Route = keyof Routes;
type OperationOf<R extends Route> = OperationTypes[Routes[R]["operationId"]];
/** `never` (no parameters of that kind in the spec) becomes an empty object. */
type OrEmpty<T> = [T] extends [never] ? Record<string, never> : T;
type QueryOf<R extends Route> = OrEmpty<NonNullable<OperationOf<R>["parameters"]["query"]>>;
type BodyOf<R extends Route> = NonNullable<OperationOf<R>["requestBody"]> extends { content: { "application/json": infer B } } ? B : never;
type PathArgs<R extends Route> = Positional<Routes[R]["pathParams"]>;
type Positional<P> = P extends readonly [string, ...infer Rest] ? [string | number, ...Positional<Rest>] : [];

/** The JSON body of a response (`undefined` when it has none, as for 204). */
type JsonOf<X> = X extends { content: { "application/json": infer T } } ? T : undefined;
type Responses<R extends Route> = OperationOf<R>["responses"];
/** The success response: the status generated/endpoints.ts gives (the first 2xx), or "2XX". */
type SuccessOf<R extends Route> = JsonOf<
  Routes[R]["status"] extends keyof Responses<R> ? Responses<R>[Routes[R]["status"]] : Responses<R> extends { "2XX": infer X } ? X : never
>;

// Per-integration narrowing of a query or body type, read from generated/support.ts.
type SupportOf<T, R extends Route> = Routes[R]["operationId"] extends keyof T ? T[Routes[R]["operationId"]] : {};
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
/** Whether `I` is exactly one integration slug (not a union of several, not all of them). */
type OneSlug<I> = [I] extends [IntegrationSlug] ? ([{ [K in IntegrationSlug]: [I] extends [K] ? true : never }[IntegrationSlug]] extends [never] ? false : true) : false;
/** `T` narrowed to integration `I`'s rules when `I` is one literal slug; a union of slugs narrows nothing. */
type NarrowFor<T, S, I> = OneSlug<I> extends true ? Narrow<T, S, I & string> : T;

/** With an integrated account token (`A`), `integrated_account_id` is optional: Truto infers it. */
type AccountScoped<Q, A> = A extends true ? ("integrated_account_id" extends keyof Q ? Simplify<Omit<Q, "integrated_account_id"> & { integrated_account_id?: Q["integrated_account_id"] }> : Q) : Q;

/**
 * The query type of a route; narrowed to one integration's rules when `I` is a single literal, and
 * with `integrated_account_id` optional for an integrated-account-token client (`A` true).
 */
export type QueryFor<R extends Route, I, A extends boolean = false> = AccountScoped<NarrowFor<QueryOf<R>, SupportOf<typeof parameterSupport, R>, I>, A>;

/** The JSON body type of a route (`never` without one); narrowed like the query. */
export type BodyFor<R extends Route, I> = NarrowFor<BodyOf<R>, SupportOf<typeof bodySupport, R>, I>;

/** The body argument: present only for operations with a request body, optional when the spec says so. */
type BodyArgs<R extends Route, I> = Routes[R] extends { body: infer Rule } ? (Rule extends { required: true } ? [body: BodyFor<R, I>] : [body: BodyFor<R, I> | undefined]) : [];
type Args<R extends Route, I, Q> = [...PathArgs<R>, ...BodyArgs<R, I>, query: Q, options?: CallOptions];

/** The records of a page: its `result` array's items (or values, with `truto_key_by`). */
type ItemOf<Page, K extends PropertyKey> = Page extends { [P in K]?: infer Items } ? (Items extends readonly (infer T)[] ? T : Items extends Record<string, infer T> ? T : never) : never;

/**
 * What a list method returns: the first page when awaited, and async-iterable over the records of
 * every page (`for await (const record of truto.crm.engagements.list(query))`).
 */
export interface PagePromise<Page, Item> extends Promise<Page>, AsyncIterable<Item> {
  /** Iterates whole pages, following `next_cursor` until it is null, empty or absent. */
  pages(): AsyncIterable<Page>;
}

// A response narrowed to one integration: each field's enum to the values it lists for the field
// (fieldSupport keys are `field`, and `result[].field` / `result.field` inside an envelope).
type Fields<T, S, I extends string, P extends string> = { [K in keyof T]: K extends string ? NarrowField<T[K], S, I, `${P}${K}`> : T[K] };
type NarrowField<V, S, I extends string, Path extends string> = Path extends "result"
  ? V extends readonly (infer E)[]
    ? Fields<E, S, I, "result[].">[]
    : V extends object
      ? Fields<V, S, I, "result.">
      : V
  : Allowed<V, EntryOf<S, Path, I>>;
type NarrowSuccess<T, S, I> = OneSlug<I> extends true ? (T extends object ? Fields<T, S, I & string, ""> : T) : T;

/** The success body of a route, narrowed like the query when `I` is one literal slug. */
export type SuccessFor<R extends Route, I> = NarrowSuccess<SuccessOf<R>, SupportOf<typeof fieldSupport, R>, I>;

/** The result of a resource method: its success body, or pages for an operation that pages by cursor. */
export type ResultFor<R extends Route, I = undefined> = Routes[R] extends { pages: { items: infer K extends PropertyKey } }
  ? PagePromise<SuccessFor<R, I>, ItemOf<SuccessFor<R, I>, K>>
  : Promise<SuccessFor<R, I>>;

type FormatOverloads<R extends Route, I, A extends boolean> = "truto_response_format" extends keyof QueryOf<R>
  ? ((...args: Args<R, I, QueryFor<R, I, A> & { truto_response_format: "stream" }>) => Promise<ReadableStream<Uint8Array>>) &
      ((...args: Args<R, I, QueryFor<R, I, A> & { truto_response_format: "raw" }>) => Promise<unknown>)
  : unknown;

/**
 * A generated resource method: path parameters in path order, then the JSON body (only when the
 * operation has one), then the query, then per-call options.
 */
export type ResourceMethod<R extends Route, I, A extends boolean = false> = FormatOverloads<R, I, A> & ((...args: Args<R, I, QueryFor<R, I, A>>) => ResultFor<R, I>);

export type Resources<T, I, A extends boolean = false> = { readonly [K in keyof T]: T[K] extends Route ? ResourceMethod<T[K], I, A> : Resources<T[K], I, A> };

/**
 * The openapi-fetch client, typed from the spec, with the resource namespaces added; `A` is true
 * for a client made with an integrated account token.
 */
export type TrutoClient<I extends IntegrationSlug | undefined = undefined, A extends boolean = false> = Client<paths, "application/json"> & Resources<typeof endpoints, I, A>;
