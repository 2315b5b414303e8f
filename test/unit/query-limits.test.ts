// Queries that would crash or block the serializer (cycles, deep nesting, sparse arrays, too many
// pairs) are refused with a TrutoValidationError naming the parameter, before anything is sent.
import { describe, expect, it, vi } from "vitest";
import { TrutoValidationError, createTrutoClient } from "../../src/index.js";
import { QUERY_LIMITS, serializeQuery } from "../../src/query.js";
import { ACCOUNT, DELETE_PATH, TOKEN } from "../helpers/constants.js";

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: "x" };
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

describe("query limits", () => {
  it("documents its bounds", () => {
    expect(QUERY_LIMITS).toEqual({ depth: 32, items: 1_000, pairs: 1_000 });
  });

  it("refuses a cyclic object, naming where the cycle closes", () => {
    const filter: Record<string, unknown> = { status: "open" };
    filter.self = filter;
    expect(() => serializeQuery({ remote_query: { filter } })).toThrow(
      new TrutoValidationError("remote_query[filter][self]", 'Query parameter "remote_query[filter][self]" refers to itself (a cyclic object)'),
    );
    const list: unknown[] = ["a"];
    list.push(list);
    expect(() => serializeQuery({ ids: list })).toThrow(new TrutoValidationError("ids[1]", 'Query parameter "ids[1]" refers to itself (a cyclic object)'));
  });

  it("sends a shared (not cyclic) object twice", () => {
    const shared = { id: "1" };
    expect(serializeQuery({ contact: [shared, shared] })).toBe("contact[0][id]=1&contact[1][id]=1");
  });

  it("sends 32 levels and refuses 33, and a query nested 20,000 deep, with a TrutoValidationError", () => {
    expect(serializeQuery({ q: nested(32) })).toBe(`q${"[a]".repeat(31)}[leaf]=x`);
    const path = `q${"[a]".repeat(32)}`;
    expect(() => serializeQuery({ q: nested(33) })).toThrow(new TrutoValidationError(path, `Query parameter "${path}" is nested more than 32 levels deep`));
    expect(() => serializeQuery({ q: nested(20_000) })).toThrow(new TrutoValidationError(path, `Query parameter "${path}" is nested more than 32 levels deep`));
  });

  it("refuses a sparse new Array(1e7) without walking it", () => {
    const some = vi.spyOn(Array.prototype, "some");
    expect(() => serializeQuery({ truto_exclude_fields: new Array(1e7) })).toThrow(
      new TrutoValidationError("truto_exclude_fields", 'Query parameter "truto_exclude_fields" has 10000000 items; a query can carry at most 1000'),
    );
    expect(some).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it("sends 1,000 items and refuses 1,001", () => {
    expect(serializeQuery({ ids: Array.from({ length: 1_000 }, (_, i) => i) }).split("&")).toHaveLength(1_000);
    expect(() => serializeQuery({ ids: Array.from({ length: 1_001 }, (_, i) => i) })).toThrow(
      new TrutoValidationError("ids", 'Query parameter "ids" has 1001 items; a query can carry at most 1000'),
    );
  });

  it("refuses more than 1,000 key=value pairs in all, naming the parameter that passes the limit", () => {
    const rows = Array.from({ length: 40 }, () => Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, i])));
    expect(() => serializeQuery({ integrated_account_id: ACCOUNT, rows })).toThrow(
      new TrutoValidationError("rows[33]", 'Query parameter "rows[33]" makes the query longer than 1000 key=value pairs'),
    );
    const flat = Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, i]));
    expect(() => serializeQuery(flat)).toThrow(new TrutoValidationError("k1000", 'Query parameter "k1000" makes the query longer than 1000 key=value pairs'));
  });

  it("both call styles refuse them before fetch is called, naming the parameter", async () => {
    const fetch = vi.fn();
    const truto = createTrutoClient({ token: TOKEN, fetch });
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    const cycle = new TrutoValidationError("remote_query[me]", 'Query parameter "remote_query[me]" refers to itself (a cyclic object)');
    const deep = `remote_query${"[a]".repeat(32)}`;
    const tooDeep = new TrutoValidationError(deep, `Query parameter "${deep}" is nested more than 32 levels deep`);
    for (const [remote_query, expected] of [[cyclic, cycle], [nested(20_000), tooDeep]] as const) {
      const error = await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, remote_query } as never).catch((e: unknown) => e);
      expect(error).toEqual(expected);
      expect((error as TrutoValidationError).parameter).toBe(expected.parameter);
    }
    const error = await truto.DELETE(DELETE_PATH, { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT, remote_query: cyclic } as never } }).then(
      (result) => result as unknown,
      (e: unknown) => e,
    );
    expect(error).toEqual(cycle);
    expect(error).toBeInstanceOf(TrutoValidationError);
    expect(fetch).not.toHaveBeenCalled();
  });
});
