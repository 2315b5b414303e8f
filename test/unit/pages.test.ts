// paginate() on its own: which cursors end the pages, which stop with an error, what the record
// iterator yields for each shape of `result` (the wire side is in shapes.test.ts).
import { describe, expect, it } from "vitest";
import { TrutoError } from "../../src/errors.js";
import { paginate } from "../../src/pages.js";

type Page = Record<string, unknown> | undefined;

/** A pager over `pages`: the first one is the promise, the rest come from next(), which records its cursors. */
function pager(pages: Page[], startCursor?: unknown) {
  const asked: string[] = [];
  const rest = pages.slice(1);
  const next = (cursor: string) => {
    asked.push(cursor);
    return Promise.resolve(rest.shift());
  };
  return { asked, pages: paginate(Promise.resolve(pages[0]), next, "next_cursor", "result", "crm.things.list", startCursor) as any };
}

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe("paginate", () => {
  it("resolves to the first page itself and follows each cursor once", async () => {
    const first = { result: [1, 2], next_cursor: "b" };
    const { pages, asked } = pager([first, { result: [3], next_cursor: "c" }, { result: [4], next_cursor: null }]);
    expect(await pages).toBe(first);
    expect(await collect(pages)).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual(["b", "c"]);
  });

  it.each([
    ["null", null],
    ["empty", ""],
    ["absent", undefined],
  ])("a %s cursor is the last page", async (_, cursor) => {
    const { pages, asked } = pager([{ result: [1], next_cursor: "b" }, { result: [2], next_cursor: cursor }, { result: [3] }]);
    expect(await collect(pages.pages())).toEqual([
      { result: [1], next_cursor: "b" },
      { result: [2], next_cursor: cursor },
    ]);
    expect(asked).toEqual(["b"]);
  });

  it("a page with no body ends the pages and yields no records", async () => {
    const { pages, asked } = pager([undefined]);
    expect(await collect(pages.pages())).toEqual([undefined]);
    expect(await collect(pager([undefined]).pages)).toEqual([]);
    expect(asked).toEqual([]);
  });

  it("a cursor that is not a string stops with a TrutoError naming the operation and field", async () => {
    const { pages } = pager([{ result: [1], next_cursor: 7 }]);
    await expect(collect(pages)).rejects.toThrow(new TrutoError('crm.things.list: "next_cursor" must be a string or null, got number'));
  });

  it("a cursor sent twice, even after another, stops before asking for it again", async () => {
    const { pages, asked } = pager([
      { result: [1], next_cursor: "a" },
      { result: [2], next_cursor: "b" },
      { result: [3], next_cursor: "a" },
    ]);
    const seen: unknown[] = [];
    const iterate = async () => {
      for await (const record of pages) seen.push(record);
    };
    await expect(iterate()).rejects.toThrow(new TrutoError('crm.things.list: the server sent the same "next_cursor" twice; stopped to avoid an endless loop'));
    expect(seen).toEqual([1, 2, 3]);
    expect(asked).toEqual(["a", "b"]);
  });

  it("the caller's starting cursor counts as seen; an empty or absent one does not", async () => {
    const resumed = pager([{ result: [1], next_cursor: "X" }], "X");
    await expect(collect(resumed.pages)).rejects.toThrow('the server sent the same "next_cursor" twice');
    expect(resumed.asked).toEqual([]);
    for (const start of ["", undefined]) {
      const fresh = pager([{ result: [1], next_cursor: "X" }, { result: [2], next_cursor: null }], start);
      expect(await collect(fresh.pages)).toEqual([1, 2]);
    }
  });

  it("records keyed by a field (truto_key_by) are iterated as their values; no records, nothing", async () => {
    const keyed = pager([{ result: { a: { id: "1" }, b: { id: "2" } }, next_cursor: "n" }, { result: null, next_cursor: "m" }, { next_cursor: null }]);
    expect(await collect(keyed.pages)).toEqual([{ id: "1" }, { id: "2" }]);
    expect(await collect(pager([{ result: "text" }]).pages)).toEqual([]);
  });

  it("each iteration starts again from the first page", async () => {
    const { pages, asked } = pager([{ result: [1], next_cursor: null }]);
    expect(await collect(pages)).toEqual([1]);
    expect(await collect(pages)).toEqual([1]);
    expect(asked).toEqual([]);
  });
});
