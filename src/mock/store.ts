// One resource's records: seeded from its record schema, kept in creation order (a sequence number
// per record), paged by opaque cursors that name the last record's sequence number, so that pages
// stay stable while records are created (listed on later pages) and deleted (never listed again).
import type { JsonSchema } from "../model.js";
import { idValue, seedRecord, withRemoteData } from "./data.js";

type Row = { seq: number; record: Record<string, unknown> };
export type StoredRecord = Record<string, unknown>;

export interface Page {
  records: StoredRecord[];
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
}

export class Store {
  private readonly rows = new Map<string, Row>();
  private seq = 0;
  private nextNumericId = 1;

  constructor(
    private readonly resource: string,
    private readonly schema: JsonSchema,
    ids: readonly string[],
    seed: number,
  ) {
    for (const id of ids) this.put(id, seedRecord(schema, id, seed));
  }

  get(id: string): StoredRecord | undefined {
    return this.rows.get(id)?.record;
  }

  /** The first record, for a custom method that names none. */
  first(): StoredRecord | undefined {
    return this.rows.values().next().value?.record;
  }

  all(): StoredRecord[] {
    return [...this.rows.values()].map((row) => row.record);
  }

  /** Stores a new record from a create's body: the record schema's fields of it, a new id. */
  create(body: unknown): StoredRecord {
    let id = String(this.nextNumericId);
    while (this.rows.has(id)) id = String(++this.nextNumericId);
    const fields = this.fieldsOf(body);
    const record = { id: idValue(this.schema, id), ...fields, ...withRemoteData(this.schema, id) };
    this.put(id, record);
    return record;
  }

  /** Merges a PATCH body into the record (null clears a field: it is removed); undefined for an unknown id. */
  update(id: string, body: unknown): StoredRecord | undefined {
    const row = this.rows.get(id);
    if (!row) return undefined;
    const patch = this.fieldsOf(body);
    const merged: StoredRecord = { ...row.record, ...patch, id: row.record.id };
    row.record = Object.fromEntries(Object.entries(merged).filter(([key, value]) => !(value === null && key in patch)));
    return row.record;
  }

  delete(id: string): StoredRecord | undefined {
    const row = this.rows.get(id);
    this.rows.delete(id);
    return row?.record;
  }

  /** Up to `limit` records after the cursor's record; undefined for a cursor this store never gave. */
  page(cursor: string | undefined, limit: number): Page | undefined {
    let after = 0;
    if (cursor !== undefined) {
      const seq = this.decode(cursor);
      if (seq === undefined) return undefined;
      after = seq;
    }
    const records: StoredRecord[] = [];
    let last = after;
    let more = false;
    for (const row of this.rows.values()) {
      if (row.seq <= after) continue;
      if (records.length === limit) {
        more = true;
        break;
      }
      records.push(row.record);
      last = row.seq;
    }
    return { records, next: more ? this.encode(last) : null };
  }

  private put(id: string, record: StoredRecord): void {
    this.rows.set(id, { seq: ++this.seq, record });
    if (/^\d{1,15}$/.test(id)) this.nextNumericId = Math.max(this.nextNumericId, Number(id) + 1);
  }

  /** The body's fields that the record schema has (all of them when it lists none). */
  private fieldsOf(body: unknown): StoredRecord {
    if (body === null || typeof body !== "object" || Array.isArray(body)) return {};
    const known = this.schema.properties as Record<string, unknown> | undefined;
    const fields: StoredRecord = {};
    for (const [key, value] of Object.entries(body)) {
      if (key === "id" || key === "__proto__" || (known && !Object.prototype.hasOwnProperty.call(known, key))) continue;
      fields[key] = value;
    }
    return fields;
  }

  private encode(seq: number): string {
    return Buffer.from(`${this.resource}#${seq}`).toString("base64url");
  }

  private decode(cursor: string): number | undefined {
    const text = Buffer.from(cursor, "base64url").toString();
    const at = text.lastIndexOf("#");
    if (at === -1 || text.slice(0, at) !== this.resource || !/^\d{1,15}$/.test(text.slice(at + 1))) return undefined;
    return Number(text.slice(at + 1));
  }
}
