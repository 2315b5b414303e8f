// How the mock shapes a record it answers, like Truto: only the fields the account's integration
// fills (generated/support.ts's fieldSupport) and Truto's own (remote_data), then without the fields
// the query excludes (truto_exclude_fields, truto_ignore_remote_data), each holding only the values
// the integration has for it; `raw` answers the provider's payload. Records keep what was written;
// only the answers are shaped.
import { fieldSupport } from "../../generated/support.js";
import type { IntegrationSlug, Support, SupportEntry } from "../model.js";
import type { StoredRecord } from "./store.js";

export interface Shaping {
  operationId: string;
  integration: IntegrationSlug;
  query: Record<string, unknown>;
}

/** The record as the account's integration answers it for this query. */
export function shapeRecord(record: StoredRecord, { operationId, integration, query }: Shaping): unknown {
  if (query.truto_response_format === "raw") return record.remote_data ?? record;
  const support: { readonly [field: string]: Support } = (fieldSupport as Record<string, Record<string, Support>>)[operationId] ?? {};
  const excluded = new Set<unknown>(Array.isArray(query.truto_exclude_fields) ? query.truto_exclude_fields : []);
  if (query.truto_ignore_remote_data === true) excluded.add("remote_data");
  const supportOf = (field: string) => (Object.hasOwn(support, field) ? support[field] : undefined);
  const entries = Object.entries(record).filter(([field]) => !excluded.has(field) && fills(supportOf(field), integration));
  return Object.fromEntries(entries.map(([field, value]) => [field, allowed(value, entryOf(supportOf(field), integration)?.values)]));
}

/** The integration's own entry in a field's support, if it has one (not for Truto's own fields). */
function entryOf(support: Support | undefined, integration: IntegrationSlug): SupportEntry | undefined {
  return support === undefined || support === "all" ? undefined : support[integration];
}

/**
 * The value as an integration that holds only `values` answers it: records are seeded alike for every
 * account (from the spec's enum), so a value the integration cannot hold is answered as its first
 * one; an array item by item. null (no value) stays.
 */
function allowed(value: unknown, values: readonly unknown[] | undefined): unknown {
  if (!values?.length || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => allowed(item, values));
  return values.includes(value) ? value : values[0];
}

/** Whether an integration fills a field: Truto's own fields always; a field without support data is kept. */
function fills(support: Support | undefined, integration: IntegrationSlug): boolean {
  return support === undefined || support === "all" || Object.hasOwn(support, integration);
}
