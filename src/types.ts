// Public types derived from the generated tables, keyed by operationId; the only module that
// imports generated/schema.d.ts. With one literal `integration`, queries and bodies are narrowed to
// its rules and results to the fields it fills; a literal `truto_exclude_fields` or
// `truto_ignore_remote_data: true` takes those fields out of the result.
import type { Client, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { endpoints, operations } from "../generated/endpoints.js";
import type { components, operations as SpecOperations, paths } from "../generated/schema.js";
import type { bodySupport, fieldSupport, parameterSupport } from "../generated/support.js";
import type { IntegrationSlug } from "./model.js";
import type { OptionsAt, TokenSource, UnsupportedPolicy } from "./options.js";
import type { RetryEvent } from "./retry.js";

export type { components, IntegrationSlug, paths, RetryEvent, UnsupportedPolicy };
/** The spec's component schemas by name, e.g. `Schemas["Engagement"]`. */
export type Schemas = components["schemas"];

type Ops = typeof operations;
/** An operation of the spec by its dotted id, e.g. `"crm.engagements.delete"`. */
export type OperationId = keyof Ops & string;
type Spec<Id extends OperationId> = SpecOperations[Id & keyof SpecOperations];

/** Options of a resource method call (the argument after the query). */
export type CallOptions = OptionsAt<"call">;
/** Options that can be set per client and given again per call (the call's value wins; its headers are added to the client's). */
export type RequestOptions = Pick<CallOptions, keyof CallOptions & keyof OptionsAt<"client">>;

export type { TokenSource };

interface ClientOptionsBase<I extends IntegrationSlug | undefined> extends Omit<OptionsAt<"client">, "integration" | "token" | "integratedAccountToken"> {
  /** The integration behind the accounts you call: turns on its rules, in the types and before sending. */
  integration?: I;
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

/** `never` (no parameters of that kind in the spec) becomes an empty object. */
type OrEmpty<T> = [T] extends [never] ? Record<string, never> : T;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type SpecQuery<Id extends OperationId> = WithDates<OrEmpty<NonNullable<Spec<Id>["parameters"]["query"]>>, Ops[Id] extends { query: infer Rules } ? Rules : {}>;
/**
 * As the check reads values: a date-time parameter or top-level body field also takes a Date (sent
 * as its ISO 8601 text), and an optional one takes `undefined` ("not given", also under
 * exactOptionalPropertyTypes).
 */
type WithDates<Q, Rules> = {
  [K in keyof Q]: (K extends keyof Rules ? (Rules[K] extends { format: "date-time" } ? Q[K] | Date : Q[K]) : Q[K]) | ({} extends Pick<Q, K> ? undefined : never);
};
type SpecBody<Id extends OperationId> = [NonNullable<Spec<Id>["requestBody"]>] extends [never]
  ? never
  : NonNullable<Spec<Id>["requestBody"]> extends { content: { "application/json": infer B } }
    ? B extends readonly unknown[]
      ? B
      : B extends object
        ? WithDates<B, Ops[Id] extends { body: { properties: infer Rules } } ? Rules : {}>
        : B
    : never;
type Positional<P> = P extends readonly [string, ...infer Rest] ? [string | number, ...Positional<Rest>] : [];
/** The JSON body of a response (`undefined` when it has none, as for 204). */
type JsonOf<X> = X extends { content: { "application/json": infer T } } ? T : undefined;
type Responses<Id extends OperationId> = Spec<Id>["responses"];
/** The success response: the status generated/endpoints.ts gives (the first 2xx), or "2XX". */
type SpecSuccess<Id extends OperationId> = JsonOf<
  Ops[Id]["status"] extends keyof Responses<Id> ? Responses<Id>[Ops[Id]["status"]] : Responses<Id> extends { "2XX": infer X } ? X : never
>;

// Per-integration narrowing, read from generated/support.ts.
type SupportOf<T, Id extends OperationId> = Id extends keyof T ? T[Id] : {};
/** The integration's entry for a name, or `undefined` when it has none (or the name is Truto's own). */
type EntryOf<S, K, I extends string> = K extends keyof S ? (S[K] extends "all" ? undefined : I extends keyof S[K] ? S[K][I] : undefined) : undefined;
type RequiredKeys<Q, S, I extends string> = { [K in keyof Q]-?: EntryOf<S, K, I> extends { required: true } ? K : never }[keyof Q];
/** `V` narrowed to an entry's allowed values: an array item by item; `null` (which clears a field) and `undefined` kept. */
type Allowed<V, E> = E extends { values: readonly (infer X)[] } ? AllowedValue<V, X> : V;
type AllowedValue<V, X> = V extends null | undefined ? V : V extends readonly (infer Item)[] ? Extract<Item, X>[] : Extract<V, X>;
/**
 * `Q` narrowed to integration `I`'s rules: what it requires is required, without what counts as
 * missing there (`Missing`: `undefined`, and `null` in a query; a body's null clears a field, which
 * is a value).
 */
type Narrow<Q, S, I extends string, Missing> = Simplify<
  { [K in keyof Q as K extends RequiredKeys<Q, S, I> ? never : K]: Allowed<Q[K], EntryOf<S, K, I>> } & {
    [K in keyof Q as K extends RequiredKeys<Q, S, I> ? K : never]-?: Allowed<Exclude<Q[K], Missing>, EntryOf<S, K, I>>;
  }
>;
/** Whether `I` is exactly one integration slug (not a union of several, not all of them). */
type OneSlug<I> = [I] extends [IntegrationSlug] ? ([{ [K in IntegrationSlug]: [I] extends [K] ? true : never }[IntegrationSlug]] extends [never] ? false : true) : false;
/** `T` narrowed to integration `I`'s rules when `I` is one literal slug; a union of slugs narrows nothing. */
type NarrowFor<T, S, I, Missing> = OneSlug<I> extends true ? Narrow<T, S, I & string, Missing> : T;

/** With an integrated account token (`A`), `integrated_account_id` is optional: Truto infers it. */
type AccountScoped<Q, A> = A extends true ? ("integrated_account_id" extends keyof Q ? Simplify<Omit<Q, "integrated_account_id"> & { integrated_account_id?: Q["integrated_account_id"] | undefined }> : Q) : Q;

/**
 * The query type of an operation; narrowed to one integration's rules when `I` is a single
 * literal, and with `integrated_account_id` optional for an integrated-account-token client (`A`).
 */
export type QueryFor<Id extends OperationId, I = undefined, A extends boolean = false> = AccountScoped<NarrowFor<SpecQuery<Id>, SupportOf<typeof parameterSupport, Id>, I, null | undefined>, A>;

/** The JSON body type of an operation (`never` without one); narrowed like the query (a null clears a field: it is a value). */
export type BodyFor<Id extends OperationId, I = undefined> = NarrowFor<SpecBody<Id>, SupportOf<typeof bodySupport, Id>, I, undefined>;

// Results: the records of a success body (the body itself, `result`, or `result`'s items, as
// generated/endpoints.ts says) narrowed to the fields integration `I` fills, and without the
// fields the query excludes (`X`: truto_exclude_fields; `R`: truto_ignore_remote_data).
type Absent<T, K extends PropertyKey> = Simplify<Omit<T, K> & { [P in K & keyof T]?: undefined }>;
/** A field the integration does not fill: listed in the support table, not Truto's own, without an entry for `I`. */
type Unfilled<T, S, I extends string> = { [K in keyof T]: K extends keyof S ? (S[K] extends "all" ? never : I extends keyof S[K] ? never : K) : never }[keyof T];
type FilledFields<T, S, I extends string> = { [K in keyof T]: Allowed<T[K], EntryOf<S, K, I>> };
type NarrowRecord<T, S, I, Out extends PropertyKey> = T extends object
  ? OneSlug<I> extends true
    ? Absent<FilledFields<T, S, I & string>, Unfilled<T, S, I & string> | Out>
    : [Out] extends [never]
      ? T
      : Absent<T, Out>
  : T;
/** Only literals exclude: a `string[]` (or the method's unconstrained `X`) may hold anything, a `boolean` may be false. */
type Excluded<X, R> = (X extends readonly (infer F)[] ? (string extends F ? never : F & string) : never) | ([R] extends [true] ? "remote_data" : never);
/** The success body with its records narrowed: in `result` or `result[]` inside Truto's envelope, or the body itself. */
type NarrowAt<Body, At, S, I, Out extends PropertyKey> = [At] extends [never]
  ? Body
  : At extends "body"
  ? NarrowRecord<Body, S, I, Out>
  : Body extends { result: infer Records }
    ? Simplify<Omit<Body, "result"> & { result: At extends "result[]" ? (Records extends readonly (infer E)[] ? NarrowRecord<E, S, I, Out>[] : Records) : NarrowRecord<Records, S, I, Out> }>
    : Body;
type RecordsAt<Id extends OperationId> = Ops[Id] extends { records: infer At } ? At : never;

/** The success body of an operation, narrowed to integration `I` and the query's exclusions. */
export type SuccessFor<Id extends OperationId, I = undefined, X = [], R = undefined> = NarrowAt<SpecSuccess<Id>, RecordsAt<Id>, SupportOf<typeof fieldSupport, Id>, I, Excluded<X, R>>;

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

/** The result of a resource method: its success body, or pages for an operation that pages by cursor. */
export type ResultFor<Id extends OperationId, I = undefined, X = [], R = undefined> = Ops[Id] extends { pages: { items: infer K extends PropertyKey } }
  ? PagePromise<SuccessFor<Id, I, X, R>, ItemOf<SuccessFor<Id, I, X, R>, K>>
  : Promise<SuccessFor<Id, I, X, R>>;

/** The body argument: present only for operations with a request body, optional when the spec says so. */
type BodyArgs<Id extends OperationId, I> = Ops[Id] extends { body: infer Rule } ? (Rule extends { required: true } ? [body: BodyFor<Id, I>] : [body: BodyFor<Id, I> | undefined]) : [];
/** A call's options: `idempotencyKey` only for an operation that declares the Idempotency-Key header (the others refuse it before sending). */
type OptionsFor<Id extends OperationId> = Ops[Id] extends { idempotencyKey: string } ? CallOptions : Omit<CallOptions, "idempotencyKey">;
/** The arguments; `C`, the call's own `integration` option as its literal, is inferred from the options. */
type Args<Id extends OperationId, I, Q, C> = [...Positional<Ops[Id]["pathParams"]>, ...BodyArgs<Id, I>, query: Q, options?: OptionsFor<Id> & { integration?: C | undefined }];
/**
 * The integration a call is checked for: the call's own `integration` option when it is one literal
 * slug (the runtime applies it to that call), else the client's `I`.
 */
type CallIntegration<I, C> = OneSlug<C> extends true ? C : I;
/** The call's integration option: one literal slug, or none (`undefined`, the default, keeps the client's). */
type CallSlug = IntegrationSlug | undefined;
/** The names of the records' fields, offered for truto_exclude_fields. */
type FieldName<Id extends OperationId> = keyof SupportOf<typeof fieldSupport, Id> & string;
/**
 * The query with its two result-shaping parameters as literals, when the operation has them. Their
 * part is read from the operation alone, not from `Q` (which waits for the call's integration): the
 * literals are inferred from it.
 */
type ShapingQuery<Id extends OperationId, Q, X, R> = Omit<Q, "truto_exclude_fields" | "truto_ignore_remote_data" | "truto_response_format"> &
  ("truto_exclude_fields" extends keyof SpecQuery<Id> ? { truto_exclude_fields?: X | undefined } : {}) &
  ("truto_ignore_remote_data" extends keyof SpecQuery<Id> ? { truto_ignore_remote_data?: R } : {}) &
  ("truto_response_format" extends keyof SpecQuery<Id> ? { truto_response_format?: RecordFormat<SpecQuery<Id>["truto_response_format"]> } : {});
/**
 * The formats whose answer is the records (the overloads type "stream" and "raw"): a format that
 * may be either is refused, since the answer's type is not known until it is one of them.
 */
type RecordFormat<F> = Exclude<F, "stream" | "raw">;

type FormatOverloads<Id extends OperationId, I, A extends boolean> = "truto_response_format" extends keyof SpecQuery<Id>
  ? (<const C extends CallSlug = undefined>(...args: Args<Id, CallIntegration<I, C>, QueryFor<Id, CallIntegration<I, C>, A> & { truto_response_format: "stream" }, C>) => Promise<ReadableStream<Uint8Array>>) &
      (<const C extends CallSlug = undefined>(...args: Args<Id, CallIntegration<I, C>, QueryFor<Id, CallIntegration<I, C>, A> & { truto_response_format: "raw" }, C>) => Promise<unknown>)
  : unknown;

/**
 * A generated resource method: path parameters in path order, then the JSON body (only when the
 * operation has one), then the query, then per-call options. Typed for the client's integration
 * `I`, or for the call's own `integration` option when it gives one literal slug.
 */
export type ResourceMethod<Id extends OperationId, I = undefined, A extends boolean = false> = FormatOverloads<Id, I, A> &
  (<const X extends readonly (FieldName<Id> | (string & {}))[] = [], const R extends boolean | undefined = undefined, const C extends CallSlug = undefined>(
    ...args: Args<Id, CallIntegration<I, C>, ShapingQuery<Id, QueryFor<Id, CallIntegration<I, C>, A>, X, R>, C>
  ) => ResultFor<Id, CallIntegration<I, C>, X, R>);

export type Resources<T, I, A extends boolean = false> = { readonly [K in keyof T]: T[K] extends OperationId ? ResourceMethod<T[K], I, A> : Resources<T[K], I, A> };

// openapi-fetch's call styles (truto.GET(url, init), truto.request(method, url, init)) as its
// ClientMethod types them, except for the init: it takes any key there, and the client refuses,
// before sending, the option names a raw call does not take (timeoutMs, baseUrl…: the client's).
type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type PathsWith<M extends HttpMethod> = { [P in keyof paths]: paths[P] extends { [K in M]: any } ? P : never }[keyof paths];
/** The option names a raw call's init refuses. */
type NotRaw = { [K in Exclude<keyof OptionsAt<"client"> | keyof OptionsAt<"call">, keyof OptionsAt<"raw">>]?: never };
type RequiredKeysOfHelper<T> = { [K in keyof T]: {} extends Pick<T, K> ? never : K }[keyof T];
type RequiredKeysOf<T> = RequiredKeysOfHelper<T> extends undefined ? never : RequiredKeysOfHelper<T>;
/** openapi-fetch's InitParam, without the names a raw init refuses. */
type RawInit<Init> = RequiredKeysOf<Init> extends never ? [(Init & NotRaw & { [key: string]: unknown })?] : [Init & NotRaw & { [key: string]: unknown }];
/** The operation of a path and method (defined wherever PathsWith<M> admits the path). */
type OperationAt<Path extends keyof paths, M extends HttpMethod> = Extract<paths[Path][M], Record<string | number, any>>;
type RawMethod<M extends HttpMethod> = <Path extends PathsWith<M>, Init extends MaybeOptionalInit<paths[Path], M>>(url: Path, ...init: RawInit<Init>) => Promise<FetchResponse<OperationAt<Path, M>, Init, "application/json">>;
type RawRequest = <M extends HttpMethod, Path extends PathsWith<M>, Init extends MaybeOptionalInit<paths[Path], M>>(
  method: M,
  url: Path,
  ...init: RawInit<Init>
) => Promise<FetchResponse<OperationAt<Path, M>, Init, "application/json">>;
interface RawMethods {
  request: RawRequest;
  /** Call a GET endpoint */
  GET: RawMethod<"get">;
  /** Call a PUT endpoint */
  PUT: RawMethod<"put">;
  /** Call a POST endpoint */
  POST: RawMethod<"post">;
  /** Call a DELETE endpoint */
  DELETE: RawMethod<"delete">;
  /** Call an OPTIONS endpoint */
  OPTIONS: RawMethod<"options">;
  /** Call a HEAD endpoint */
  HEAD: RawMethod<"head">;
  /** Call a PATCH endpoint */
  PATCH: RawMethod<"patch">;
  /** Call a TRACE endpoint */
  TRACE: RawMethod<"trace">;
}

/**
 * The openapi-fetch client, typed from the spec, with the resource namespaces added; `A` is true
 * for a client made with an integrated account token.
 */
export type TrutoClient<I extends IntegrationSlug | undefined = undefined, A extends boolean = false> = Omit<Client<paths, "application/json">, keyof RawMethods> &
  RawMethods &
  Resources<typeof endpoints, I, A>;
