// Cursor pagination of list methods: the first page as a promise, every page and every record as
// async iterables, following `next_cursor` until it is null, empty or absent.
import { discard } from "./body.js";
import { TrutoError, TrutoValidationError } from "./errors.js";
import { isPlainObject, kind } from "./messages.js";
import type { PagePromise } from "./types.js";

export interface Paging {
  /** The request of the first page, already sent (from `startCursor` when the caller gave one). */
  first: Promise<unknown>;
  /** Sends the request of the page after `cursor`, with the caller's query and options. */
  next: (cursor: string) => Promise<unknown>;
  /** The query parameter and page field that carry the cursor, and the field that holds the records. */
  cursorField: string;
  itemsField: string;
  operationId: string;
  startCursor: unknown;
  /** The call asked for `truto_response_format: "stream"`: a byte stream, which cannot be paged. */
  stream: boolean;
}

export function paginate({ first, next, cursorField, itemsField, operationId, startCursor, stream }: Paging): PagePromise<unknown, unknown> {
  /** The page's records, or a TrutoError saying what came instead of a page. */
  const recordsOf = (page: unknown): object => {
    const records = isPlainObject(page) ? page[itemsField] : undefined;
    if (typeof records === "object" && records !== null) return records;
    const got = isPlainObject(page) ? `a page whose "${itemsField}" is ${records === undefined ? "missing" : kind(records)}` : kind(page);
    throw new TrutoError(`${operationId}: expected a page with its records in "${itemsField}" (an array, or an object with truto_key_by), got ${got}`);
  };
  async function* pages(): AsyncGenerator<unknown> {
    if (stream) {
      await first.then((body) => discard(body as ReadableStream | undefined), () => {});
      throw new TrutoValidationError("truto_response_format", `${operationId}: "truto_response_format": "stream" answers a byte stream, which cannot be paged; await the call to read the stream`);
    }
    // A caller resuming from a cursor has seen that page's cursor already.
    const seen = new Set<unknown>([startCursor]);
    let page = await first;
    for (;;) {
      recordsOf(page);
      yield page;
      const cursor = (page as Record<string, unknown>)[cursorField];
      if (cursor === null || cursor === undefined || cursor === "") return;
      if (typeof cursor !== "string") throw new TrutoError(`${operationId}: "${cursorField}" must be a string or null, got ${kind(cursor)}`);
      if (seen.has(cursor)) throw new TrutoError(`${operationId}: the server sent the same "${cursorField}" twice; stopped to avoid an endless loop`);
      seen.add(cursor);
      page = await next(cursor);
    }
  }
  async function* items(): AsyncGenerator<unknown> {
    // An array, or with truto_key_by an object keyed by a field: the values either way.
    for await (const page of pages()) yield* Object.values(recordsOf(page));
  }
  return Object.assign(first, { pages, [Symbol.asyncIterator]: items });
}
