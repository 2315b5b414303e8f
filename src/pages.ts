// Cursor pagination of list methods: the first page as a promise, every record as an async iterable.
import { TrutoError } from "./errors.js";
import type { PagePromise } from "./types.js";

type Page = Record<string, unknown>;

/**
 * `first` is the request of the first page (already sent, from `startCursor` when the caller gave
 * one); `next(cursor)` sends the request of the page after it, with the caller's query and options. Pages follow `cursorField` until it is null,
 * empty or absent; a cursor seen before stops with a TrutoError instead of looping forever.
 */
export function paginate(
  first: Promise<unknown>,
  next: (cursor: string) => Promise<unknown>,
  cursorField: string,
  itemsField: string,
  operationId: string,
  startCursor: unknown,
): PagePromise<unknown, unknown> {
  async function* pages(): AsyncGenerator<unknown> {
    // A caller resuming from a cursor has seen that page's cursor already. (Only a non-empty string
    // is ever looked up, so an absent or empty start adds nothing that could match.)
    const seen = new Set<unknown>([startCursor]);
    let page = await first;
    for (;;) {
      yield page;
      const cursor = (page as Page | undefined)?.[cursorField];
      if (cursor === null || cursor === undefined || cursor === "") return;
      if (typeof cursor !== "string") throw new TrutoError(`${operationId}: "${cursorField}" must be a string or null, got ${typeof cursor}`);
      if (seen.has(cursor)) throw new TrutoError(`${operationId}: the server sent the same "${cursorField}" twice; stopped to avoid an endless loop`);
      seen.add(cursor);
      page = await next(cursor);
    }
  }
  async function* items(): AsyncGenerator<unknown> {
    for await (const page of pages()) {
      const records = (page as Page | undefined)?.[itemsField];
      // An array, or with truto_key_by an object keyed by a field: the values either way.
      if (typeof records === "object" && records !== null) yield* Object.values(records);
    }
  }
  return Object.assign(first, { pages, [Symbol.asyncIterator]: items });
}
