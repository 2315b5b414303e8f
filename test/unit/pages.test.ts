// paginate({ ... }) on its own: which cursors end the pages, which stop with an error, what the
// record iterator yields for each shape of the records field, what is not a page, and a stream
// (truto_response_format: "stream") that cannot be paged. The wire side is in the client tests.
import { describe, expect, it } from "vitest";
import { TrutoError, TrutoValidationError } from "../../src/errors.js";
import { paginate, type Paging } from "../../src/pages.js";

const OP = "crm.things.list";

/** A pager over `pages`: the first one is the promise, the rest come from next(), which records its cursors. */
function pager(pages: unknown[], more: Partial<Paging> = {}) {
  const asked: string[] = [];
  const rest = pages.slice(1);
  const next = (cursor: string) => {
    asked.push(cursor);
    return Promise.resolve(rest.shift());
  };
  const result = paginate({ first: Promise.resolve(pages[0]), next, cursorField: "next_cursor", itemsField: "result", operationId: OP, startCursor: undefined, stream: false, ...more });
  return { asked, pages: result };
}

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

/** Iterates `iterable`, keeping what came before the error; the error, or "done". */
async function until(iterable: AsyncIterable<unknown>, seen: unknown[] = []): Promise<unknown> {
  try {
    for await (const value of iterable) seen.push(value);
  } catch (error) {
    return error;
  }
  return "done";
}

const notAPage = (got: string) => new TrutoError(`${OP}: expected a page with its records in "result" (an array, or an object with truto_key_by), got ${got}`);

describe("paginate", () => {
  it("resolves to the first page itself and follows each cursor once", async () => {
    const first = { result: [1, 2], next_cursor: "b" };
    const { pages, asked } = pager([first, { result: [3], next_cursor: "c" }, { result: [4], next_cursor: null }]);
    expect(await pages).toBe(first);
    expect(await collect(pages)).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual(["b", "c"]);
  });

  it("pages() yields whole pages", async () => {
    const all = [{ result: [1], next_cursor: "b" }, { result: [], next_cursor: "c" }, { result: [3] }];
    const { pages } = pager(all);
    expect(await collect(pages.pages())).toEqual(all);
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

  it("follows the cursor and records fields it is told", async () => {
    const asked: string[] = [];
    const pages = paginate({
      first: Promise.resolve({ items: ["a"], cursor: "2" }),
      next: (cursor) => (asked.push(cursor), Promise.resolve({ items: ["b"], cursor: null, result: ["not these"] })),
      cursorField: "cursor",
      itemsField: "items",
      operationId: OP,
      startCursor: undefined,
      stream: false,
    });
    expect(await collect(pages)).toEqual(["a", "b"]);
    expect(asked).toEqual(["2"]);
  });

  it.each([
    [7, "number"],
    [true, "boolean"],
    [{ page: 2 }, "an object"],
    [["b"], "an array"],
  ])("a cursor that is not a string (%j) stops with a TrutoError naming the operation, the field and what came", async (cursor, got) => {
    const { pages, asked } = pager([{ result: [1], next_cursor: cursor }]);
    const seen: unknown[] = [];
    expect(await until(pages, seen)).toEqual(new TrutoError(`${OP}: "next_cursor" must be a string or null, got ${got}`));
    expect(seen).toEqual([1]);
    expect(asked).toEqual([]);
  });

  it("a cursor sent twice, even after another, stops before asking for it again", async () => {
    const { pages, asked } = pager([
      { result: [1], next_cursor: "a" },
      { result: [2], next_cursor: "b" },
      { result: [3], next_cursor: "a" },
    ]);
    const seen: unknown[] = [];
    expect(await until(pages, seen)).toEqual(new TrutoError(`${OP}: the server sent the same "next_cursor" twice; stopped to avoid an endless loop`));
    expect(seen).toEqual([1, 2, 3]);
    expect(asked).toEqual(["a", "b"]);
  });

  it("a page that names its own cursor again stops at once", async () => {
    const { pages, asked } = pager([{ result: [1], next_cursor: "a" }, { result: [2], next_cursor: "a" }]);
    expect(await until(pages)).toEqual(new TrutoError(`${OP}: the server sent the same "next_cursor" twice; stopped to avoid an endless loop`));
    expect(asked).toEqual(["a"]);
  });

  it("the caller's starting cursor counts as seen; an empty or absent one does not", async () => {
    const resumed = pager([{ result: [1], next_cursor: "X" }], { startCursor: "X" });
    expect(await until(resumed.pages)).toEqual(new TrutoError(`${OP}: the server sent the same "next_cursor" twice; stopped to avoid an endless loop`));
    expect(resumed.asked).toEqual([]);
    for (const startCursor of ["", undefined]) {
      const fresh = pager([{ result: [1], next_cursor: "X" }, { result: [2], next_cursor: null }], { startCursor });
      expect(await collect(fresh.pages)).toEqual([1, 2]);
    }
  });

  it("records keyed by a field (truto_key_by) are iterated as their values", async () => {
    const keyed = pager([{ result: { a: { id: "1" }, b: { id: "2" } }, next_cursor: "n" }, { result: {}, next_cursor: null }]);
    expect(await collect(keyed.pages)).toEqual([{ id: "1" }, { id: "2" }]);
  });

  it("each iteration starts again from the first page", async () => {
    const { pages, asked } = pager([{ result: [1], next_cursor: null }]);
    expect(await collect(pages)).toEqual([1]);
    expect(await collect(pages)).toEqual([1]);
    expect(asked).toEqual([]);
  });

  it("a failed page request rejects the iteration with its error", async () => {
    const failure = new Error("503 from the page after");
    const pages = paginate({
      first: Promise.resolve({ result: [1], next_cursor: "b" }),
      next: () => Promise.reject(failure),
      cursorField: "next_cursor",
      itemsField: "result",
      operationId: OP,
      startCursor: undefined,
      stream: false,
    });
    const seen: unknown[] = [];
    expect(await until(pages, seen)).toBe(failure);
    expect(seen).toEqual([1]);
  });
});

describe("paginate: what is not a page", () => {
  it.each([
    ["a string", "<html>maintenance</html>", "string"],
    ["a number", 42, "number"],
    ["a boolean", true, "boolean"],
    ["an array", [{ id: "1" }], "an array"],
    ["null", null, "null"],
    ["nothing", undefined, "undefined"],
    ["a Map", new Map(), "a Map"],
  ])("a first page that is %s is a TrutoError saying what came, from both iterators", async (_, page, got) => {
    expect(await until(pager([page]).pages)).toEqual(notAPage(got));
    expect(await until(pager([page]).pages.pages())).toEqual(notAPage(got));
  });

  it.each([
    ["missing", { next_cursor: null }, 'a page whose "result" is missing'],
    ["a string", { result: "text", next_cursor: null }, 'a page whose "result" is string'],
    ["a number", { result: 3, next_cursor: null }, 'a page whose "result" is number'],
    ["null", { result: null, next_cursor: null }, 'a page whose "result" is null'],
  ])("a page whose records field is %s is a TrutoError", async (_, page, got) => {
    expect(await until(pager([page]).pages)).toEqual(notAPage(got));
  });

  it("a later page that is not a page stops there, after the records before it", async () => {
    const { pages, asked } = pager([{ result: [1], next_cursor: "b" }, "Bad Gateway"]);
    const seen: unknown[] = [];
    expect(await until(pages, seen)).toEqual(notAPage("string"));
    expect(seen).toEqual([1]);
    expect(asked).toEqual(["b"]);
  });

  it("awaiting the call itself gives what came, page or not", async () => {
    expect(await pager(["text"]).pages).toBe("text");
  });
});

describe("paginate: a stream cannot be paged", () => {
  const STREAM = new TrutoValidationError("truto_response_format", `${OP}: "truto_response_format": "stream" answers a byte stream, which cannot be paged; await the call to read the stream`);

  it("iterating records or pages of a stream call is a TrutoValidationError, and the stream is cancelled", async () => {
    for (const iterate of [(p: AsyncIterable<unknown> & { pages(): AsyncIterable<unknown> }) => p, (p: AsyncIterable<unknown> & { pages(): AsyncIterable<unknown> }) => p.pages()]) {
      const cancelled: unknown[] = [];
      const stream = new ReadableStream({
        cancel(reason) {
          cancelled.push(reason);
        },
      });
      const { pages, asked } = pager([stream], { stream: true });
      const error = await until(iterate(pages));
      expect(error).toEqual(STREAM);
      expect((error as TrutoValidationError).parameter).toBe("truto_response_format");
      // Cancelled once, with no reason.
      expect(cancelled).toEqual([undefined]);
      expect(asked).toEqual([]);
    }
  });

  it("a stream call whose request failed, or gave no stream, still says it cannot be paged", async () => {
    const failed = paginate({ first: Promise.reject(new Error("401")), next: () => Promise.resolve(undefined), cursorField: "next_cursor", itemsField: "result", operationId: OP, startCursor: undefined, stream: true });
    failed.catch(() => {});
    expect(await until(failed)).toEqual(STREAM);
    expect(await until(pager([undefined], { stream: true }).pages)).toEqual(STREAM);
  });

  it("a stream the caller is reading already (locked: it cannot be cancelled here) still says it cannot be paged, and is left to the caller", async () => {
    const stream = new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array([1])) });
    const { pages } = pager([stream], { stream: true });
    const reader = (await pages as ReadableStream<Uint8Array>).getReader();
    expect(await until(pages)).toEqual(STREAM);
    expect(await reader.read()).toEqual({ done: false, value: new Uint8Array([1]) });
  });

  it("a stream whose cancel never settles (a tee's branch, its clone unread) does not hold up the refusal", async () => {
    const [branch, unread] = new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array([1])) }).tee();
    expect(await until(pager([branch], { stream: true }).pages)).toEqual(STREAM);
    expect(unread.locked).toBe(false);
  });

  it("awaiting a stream call gives the stream, uncancelled", async () => {
    const stream = new ReadableStream();
    const { pages } = pager([stream], { stream: true });
    expect(await pages).toBe(stream);
    expect(stream.locked).toBe(false);
  });
});
