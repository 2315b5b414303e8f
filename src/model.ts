// The types of the tables in generated/ (endpoints.ts, support.ts, mock.ts). The tables are data
// printed by scripts/lib/emit-*.ts from one normalised model of the spec (scripts/lib/model.ts);
// what they mean is written here, once, for the generator, the client and the mock.
import type { integrations } from "../generated/support.js";

/** Slug of an integration the spec names (`keap`, `zohocrm`, …). */
export type IntegrationSlug = keyof typeof integrations;

/** A value an enum lists: JSON Schema allows any JSON value; the spec's enums are strings, numbers or booleans. */
export type EnumValue = string | number | boolean;

/** One integration's support for a parameter or field: `{}` supported, `required`, allowed `values`. */
export type SupportEntry = { readonly required?: true; readonly values?: readonly EnumValue[]; readonly note?: string };

/**
 * Integration slug -> its entry, for the integrations that support a parameter or field (`{}` as the
 * whole map: the reference page lists no integration); `"all"`: Truto's own parameter or field,
 * which applies to every integration.
 */
export type Support = "all" | { readonly [slug: string]: SupportEntry };

/** Per operation id, per parameter or field name: its support. */
export type SupportTable = { readonly [operationId: string]: { readonly [name: string]: Support } };

/**
 * The schema-level rules of one query parameter or top-level body field, checked before sending
 * (`items`: an array's items' rules). A query's types are checked as the query arrives: text, read
 * with coercion ("true" is a boolean); a body's as JSON.
 */
export type ValueRule = {
  readonly required?: true;
  readonly type?: string | readonly string[];
  readonly enum?: readonly EnumValue[];
  readonly format?: string;
  readonly items?: ValueRule;
};

/** A JSON request body: required or not, its type, its fields' rules; `closed`: no other fields. */
export type BodyRule = {
  readonly required?: true;
  readonly type?: string;
  readonly properties: { readonly [field: string]: ValueRule };
  readonly closed?: true;
};

/** Where an operation's records sit in its success body: the body itself, `result`, or `result`'s items. */
export type RecordsAt = "body" | "result" | "result[]";

/** What a call of one operation needs (generated/endpoints.ts, keyed by operationId). */
export type Operation = {
  readonly method: string;
  /** The path template, e.g. `/unified/crm/engagements/{id}`. */
  readonly path: string;
  /** Path parameters in path order. */
  readonly pathParams: readonly string[];
  readonly query: { readonly [name: string]: ValueRule };
  readonly body?: BodyRule;
  /** The success status: the first 2xx of the spec (200 for "2XX"). */
  readonly status: number;
  /** Where the records are in the success body, when it holds records. */
  readonly records?: RecordsAt;
  /** Present when the operation pages by cursor: the query parameter and field that carry it. */
  readonly pages?: { readonly cursor: string; readonly items: string };
  /** The Idempotency-Key header as the spec spells it, when the operation declares it. */
  readonly idempotencyKey?: string;
};

export type OperationTable = { readonly [operationId: string]: Operation };

/** A resource-method tree: namespace -> … -> method name -> operationId. */
export type EndpointTree = { readonly [name: string]: string | EndpointTree };

/** What an operation does with the mock's store, by Truto's conventions (method and path shape). */
export type MockKind = "list" | "get" | "create" | "update" | "delete" | "custom";

/** How the mock builds a success body: a list envelope, a record, `{ result }` of one or many, an example, nothing. */
export type MockReply = "page" | "record" | "result-record" | "result-records" | "example" | "none";

/** A resolved JSON schema (OpenAPI 3.1 = JSON Schema 2020-12), validation keywords only. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The mock's view of one operation (generated/mock.ts, keyed by operationId). */
export type MockOperation = {
  readonly kind: MockKind;
  /** The resource's collection path, the key of `mockResources`. */
  readonly resource: string;
  readonly reply: MockReply;
  /** For a record reply whose success body lists fewer fields than the record: those fields. */
  readonly fields?: readonly string[];
  /** Path parameters as one object schema. */
  readonly path: JsonSchema;
  /** Query parameters as one object schema. */
  readonly query: JsonSchema;
  readonly body?: JsonSchema;
  readonly bodyRequired?: boolean;
  /** The success body's schema, for an "example" reply (the only one built from it). */
  readonly response?: JsonSchema;
};

export type MockOperationTable = { readonly [operationId: string]: MockOperation };

export type MockResource = {
  /** The component schema the records come from, when it is one. */
  readonly component?: string;
  readonly record: JsonSchema;
};

/** Per resource collection path: the schema of its stored records. */
export type MockResourceTable = { readonly [resource: string]: MockResource };
