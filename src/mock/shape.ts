// How the mock shapes a record it answers, like Truto: only the fields the account's integration
// fills (generated/support.ts's fieldSupport) and Truto's own (remote_data), then without the fields
// the query excludes (truto_exclude_fields, truto_ignore_remote_data); `raw` answers the provider's
// payload. Records keep what was written; only the answers are shaped.
import { fieldSupport } from "../../generated/support.js";
import type { IntegrationSlug, Support } from "../model.js";
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
  return Object.fromEntries(Object.entries(record).filter(([field]) => !excluded.has(field) && fills(Object.hasOwn(support, field) ? support[field] : undefined, integration)));
}

/** Whether an integration fills a field: Truto's own fields always; a field without support data is kept. */
function fills(support: Support | undefined, integration: IntegrationSlug): boolean {
  return support === undefined || support === "all" || Object.hasOwn(support, integration);
}
