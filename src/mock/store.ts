// One resource's records of one account: seeded from its record schema, kept in creation order (a
// sequence number per record), paged by opaque cursors that name the store and a sequence number to
// page after (next_cursor) or before (prev_cursor), so that pages stay stable while records are
// created (listed on later pages) and deleted (never listed again). A cursor pages only the store
// that gave it: another account's, or one this store never gave, is refused.
import type { JsonSchema } from "../model.js";
import { idValue, seedRecord, withRemoteData } from "./data.js";

type Row = { seq: number; record: Record<string, unknown> };
export type StoredRecord = Record<string, unknown>;

export interface Page {
  records: StoredRecord[];
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
  /** The cursor of the page before (passed back as `next_cursor`, as Truto's is), or null on the first one. */
  prev: string | null;
}

/** Where a page starts: after a sequence number (forward), or ending before one (back). */
type Position = { back: boolean; seq: number };

export class Store {
  private readonly rows = new Map<string, Row>();
  private seq = 0;
  private nextNumericId = 1;

  constructor(
    /** What a cursor names: the account and resource (`<account> <resource>`). */
    private readonly scope: string,
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

  /**
   * Up to `limit` records from the cursor's position (the first ones without a cursor); undefined for a
   * cursor this store never gave.
   */
  page(cursor: string | undefined, limit: number): Page | undefined {
    const at = cursor === undefined ? { back: false, seq: 0 } : this.decode(cursor);
    if (!at) return undefined;
    const rows = [...this.rows.values()];
    const page = at.back ? rows.filter((row) => row.seq < at.seq).slice(-limit) : rows.filter((row) => row.seq > at.seq).slice(0, limit);
    // An empty page spans nothing between its neighbours: low = high + 1.
    const low = page[0]?.seq ?? (at.back ? at.seq : at.seq + 1);
    const high = page.at(-1)?.seq ?? low - 1;
    return {
      records: page.map((row) => row.record),
      next: rows.some((row) => row.seq > high) ? this.encode({ back: false, seq: high }) : null,
      prev: rows.some((row) => row.seq < low) ? this.encode({ back: true, seq: low }) : null,
    };
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

  private encode({ back, seq }: Position): string {
    return Buffer.from(`${this.scope}#${back ? "<" : ">"}${seq}`).toString("base64url");
  }

  /**
   * The position a cursor of this store names; undefined for anything else. Strict: Node's base64url
   * decoding skips characters it does not know, so the cursor must be exactly what encode() gives.
   */
  private decode(cursor: string): Position | undefined {
    const text = Buffer.from(cursor, "base64url").toString();
    const at = text.lastIndexOf("#");
    const match = /^([<>])(\d{1,15})$/.exec(text.slice(at + 1));
    if (at === -1 || text.slice(0, at) !== this.scope || !match) return undefined;
    const position = { back: match[1] === "<", seq: Number(match[2]) };
    return this.encode(position) === cursor && position.seq <= this.seq + 1 ? position : undefined;
  }
}
