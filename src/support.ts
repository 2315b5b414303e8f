// `truto-crm-openapi/support`: Truto's per-integration support as data, for your own UI (a form of
// only the fields the connected CRM takes) and checks. The tables are generated/support.ts; the two
// questions users ask of them are answered here, typed with literal names:
//   supportFor("keap")  what Keap takes and gives, per operation
//   whoSupports("crm.engagements.delete", "query", "engagement_type")  which integrations, with what
import { operations } from "../generated/endpoints.js";
import { bodySupport, fieldSupport, integrations, parameterSupport } from "../generated/support.js";
import type { IntegrationSlug, Support, SupportEntry } from "./model.js";

export { bodySupport, fieldSupport, integrations, parameterSupport };
export type { IntegrationSlug, Support, SupportEntry };

type Ops = typeof operations;
type OperationId = keyof Ops & string;
/** Where a parameter or field is: the path, the query string, the JSON body, or the records answered. */
export type SupportLocation = "path" | "query" | "body" | "result";

type Table = { readonly [operationId: string]: { readonly [name: string]: Support } };
type Of<T, Id> = Id extends keyof T ? T[Id] : {};
type PathNames<Id extends OperationId> = Ops[Id]["pathParams"][number];
/** The names an integration `S` supports in a table row, with their entries; Truto's own ("all") left out. */
type Supported<Row, S extends string, Only = PropertyKey, Except = never> = {
  readonly [K in keyof Row as K extends Except ? never : K extends Only ? (Row[K] extends "all" ? never : S extends keyof Row[K] ? K : never) : never]: Row[K][S & keyof Row[K]];
};
/** Top-level record fields: the names without a nested path. */
type TopLevel<K> = K extends `${string}.${string}` ? never : K;

/**
 * What integration `S` takes and gives in one operation; for a slug that may be several
 * integrations, one of their answers (a union), never their merge.
 */
export type OperationSupport<Id extends OperationId, S extends IntegrationSlug> = S extends IntegrationSlug ? OneOperationSupport<Id, S> : never;
type OneOperationSupport<Id extends OperationId, S extends IntegrationSlug> = {
  /** Path parameters it supports, with their entry (required, values, note). */
  readonly path: Supported<Of<typeof parameterSupport, Id>, S, PathNames<Id>>;
  /** Query parameters it supports (Truto's own, which apply to every integration, are left out). */
  readonly query: Supported<Of<typeof parameterSupport, Id>, S, PropertyKey, PathNames<Id>>;
  /** Top-level JSON body fields it supports. */
  readonly body: Supported<Of<typeof bodySupport, Id>, S>;
  /** The record fields it fills in an answer, in the schema's order (Truto's own, like remote_data, left out). */
  readonly result: readonly TopLevel<keyof Supported<Of<typeof fieldSupport, Id>, S>>[];
};

export type IntegrationSupport<S extends IntegrationSlug> = { readonly [Id in OperationId]: OperationSupport<Id, S> };

/** Per operation, what the integration supports: its path and query parameters, body fields and the result fields it fills. */
export function supportFor<S extends IntegrationSlug>(slug: S): IntegrationSupport<S> {
  if (typeof slug !== "string" || !Object.hasOwn(integrations, slug)) {
    throw new TypeError(`supportFor: unknown integration ${typeof slug === "string" ? `"${slug}"` : typeof slug}; expected one of: ${Object.keys(integrations).join(", ")}`);
  }
  const entries = (table: Table, id: string, keep: (name: string) => boolean) =>
    Object.fromEntries(
      Object.entries(table[id] ?? {}).flatMap(([name, support]) => (support !== "all" && Object.hasOwn(support, slug) && keep(name) ? [[name, support[slug]]] : [])),
    );
  const answer: Record<string, unknown> = {};
  for (const [id, operation] of Object.entries(operations)) {
    const isPath = (name: string) => (operation.pathParams as readonly string[]).includes(name);
    answer[id] = {
      path: entries(parameterSupport, id, isPath),
      query: entries(parameterSupport, id, (name) => !isPath(name)),
      body: entries(bodySupport, id, () => true),
      result: Object.keys(entries(fieldSupport, id, (name) => !name.includes("."))),
    };
  }
  return answer as IntegrationSupport<S>;
}

type NamesAt<Id extends OperationId, L extends SupportLocation> = L extends "path"
  ? PathNames<Id>
  : L extends "query"
    ? Exclude<keyof Of<typeof parameterSupport, Id>, PathNames<Id>>
    : L extends "body"
      ? keyof Of<typeof bodySupport, Id>
      : keyof Of<typeof fieldSupport, Id>;
type TableAt<L extends SupportLocation> = L extends "path" | "query" ? typeof parameterSupport : L extends "body" ? typeof bodySupport : typeof fieldSupport;

/**
 * Which integrations support a parameter or field of an operation: slug -> entry (`{}` supported,
 * `required`, allowed `values`, `note`), or `"all"` for Truto's own, which every integration takes.
 */
export function whoSupports<Id extends OperationId, L extends SupportLocation, N extends NamesAt<Id, L> & string>(operationId: Id, location: L, name: N): Of<TableAt<L>, Id>[N & keyof Of<TableAt<L>, Id>] {
  const operation: { pathParams: readonly string[] } | undefined = Object.hasOwn(operations, operationId) ? operations[operationId] : undefined;
  if (!operation) throw new TypeError(`whoSupports: unknown operation "${String(operationId)}"; expected one of: ${Object.keys(operations).join(", ")}`);
  if (!["path", "query", "body", "result"].includes(location)) throw new TypeError(`whoSupports: location must be one of path, query, body, result; got ${JSON.stringify(String(location))}`);
  const table: Table = location === "body" ? bodySupport : location === "result" ? fieldSupport : parameterSupport;
  const row = table[operationId] ?? {};
  const names = Object.keys(row).filter((key) => location !== "path" && location !== "query" ? true : operation.pathParams.includes(key) === (location === "path"));
  if (!names.includes(name)) {
    const what = location === "result" ? "result field" : location === "body" ? "body field" : `${location} parameter`;
    throw new TypeError(`whoSupports: ${operationId} has no ${what} "${String(name)}"; it has: ${names.join(", ") || "none"}`);
  }
  return row[name] as never;
}
