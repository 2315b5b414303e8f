// serializeQuery: exact strings for Truto's bracket format, and a round trip through qs.parse.
import fc from "fast-check";
import qs from "qs";
import { describe, expect, it } from "vitest";
import { TrutoValidationError } from "../../src/errors.js";
import { QUERY_LIMITS, serializeQuery } from "../../src/query.js";

/** 10,000 generated cases; fewer under mutation testing (vitest.mutation.config.ts), run once per mutant. */
const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000);

describe("serializeQuery", () => {
  it.each([
    [{ truto_exclude_fields: ["id", "name"] }, "truto_exclude_fields[]=id&truto_exclude_fields[]=name"],
    [{ remote_query: { foo: "bar" } }, "remote_query[foo]=bar"],
    [{ remote_query: { filter: { status: "open" } } }, "remote_query[filter][status]=open"],
    [{ remote_query: { tags: ["a", "b"] } }, "remote_query[tags][]=a&remote_query[tags][]=b"],
    [{ account: { id: "1" } }, "account[id]=1"],
    [{ integrated_account_id: "62f44730", limit: 10 }, "integrated_account_id=62f44730&limit=10"],
    // Arrays of objects are indexed (see "arrays of objects" below for why).
    [{ contact: [{ id: "1" }, { id: "2" }] }, "contact[0][id]=1&contact[1][id]=2"],
    [{ contact: [{ id: "1", role: "cc" }] }, "contact[0][id]=1&contact[0][role]=cc"],
    [{ contact: [{ id: "1" }, null, { id: "3" }] }, "contact[0][id]=1&contact[2][id]=3"],
    [{ mixed: ["a", { id: "1" }] }, "mixed[0]=a&mixed[1][id]=1"],
    [{ matrix: [["a", "b"], ["c"]] }, "matrix[0][]=a&matrix[0][]=b&matrix[1][]=c"],
    [{ when: [new Date(0), new Date(1000)] }, "when[]=1970-01-01T00%3A00%3A00.000Z&when[]=1970-01-01T00%3A00%3A01.000Z"],
    [{ truto_ignore_remote_data: true, flag: false }, "truto_ignore_remote_data=true&flag=false"],
    [{ limit: 10, ratio: 0.5, neg: -1, zero: -0, tiny: 1e-7 }, "limit=10&ratio=0.5&neg=-1&zero=0&tiny=1e-7"],
    // String(1e21) is "1e+21": the "+" is encoded, or it would read back as a space.
    [{ big: 1e21 }, "big=1e%2B21"],
    [{ created_at: new Date(Date.UTC(2024, 0, 31, 12)) }, "created_at=2024-01-31T12%3A00%3A00.000Z"],
    [{ a: undefined, b: null, c: "x", d: { e: undefined, f: null }, g: [undefined, null] }, "c=x"],
    [{ list: ["a", null, undefined, "b"] }, "list[]=a&list[]=b"],
    [{ empty: [], nested: {}, deep: { deeper: { deepest: {} } }, objects: [{}, {}] }, ""],
    [{ blank: "" }, "blank="],
    [{}, ""],
  ])("%j -> %s", (query, expected) => {
    expect(serializeQuery(query)).toBe(expected);
  });

  it("returns an empty string for no query", () => {
    expect(serializeQuery(undefined)).toBe("");
  });

  it("keeps insertion order of string keys", () => {
    expect(serializeQuery({ z: "1", a: "2", m: { y: "3", b: "4" } })).toBe("z=1&a=2&m[y]=3&m[b]=4");
  });

  it("accepts null-prototype records", () => {
    const record = Object.assign(Object.create(null) as Record<string, unknown>, { status: "open" });
    expect(serializeQuery({ remote_query: record })).toBe("remote_query[status]=open");
  });

  it("percent-encodes keys and values so & = # + % [ ] spaces and non-ASCII survive", () => {
    expect(serializeQuery({ "a&b=c": "d&e=f#g+h %i" })).toBe("a%26b%3Dc=d%26e%3Df%23g%2Bh%20%25i");
    // Brackets inside a key are data (%5B %5D); only the structural ones stay literal.
    expect(serializeQuery({ "k[x]": "[v]", remote_query: { "a[0]": "]" } })).toBe("k%5Bx%5D=%5Bv%5D&remote_query[a%5B0%5D]=%5D");
    expect(serializeQuery({ "é": "☕ 🚀", remote_query: { "👩‍👩‍👧": "ß" } })).toBe(
      "%C3%A9=%E2%98%95%20%F0%9F%9A%80&remote_query[%F0%9F%91%A9%E2%80%8D%F0%9F%91%A9%E2%80%8D%F0%9F%91%A7]=%C3%9F",
    );
    expect(serializeQuery({ remote_query: { "a b": { "c/d": "e?f" } } })).toBe("remote_query[a%20b][c%2Fd]=e%3Ff");
    // encodeURIComponent leaves ! ' ( ) * - . _ ~ as they are; qs-style parsers read them as is.
    expect(serializeQuery({ "q!'()*": "-._~!'()*" })).toBe("q!'()*=-._~!'()*");
  });

  class Filter {
    status = "open";
  }

  it.each([
    [{ f: () => 1 }, "f", 'Query parameter "f" has unsupported type function'],
    [{ remote_query: { x: () => 1 } }, "remote_query[x]", 'Query parameter "remote_query[x]" has unsupported type function'],
    [{ remote_query: { s: Symbol("x") } }, "remote_query[s]", 'Query parameter "remote_query[s]" has unsupported type symbol'],
    [{ n: 10n }, "n", 'Query parameter "n" has unsupported type bigint'],
    [{ m: new Map([["a", 1]]) }, "m", 'Query parameter "m" has unsupported type Map'],
    [{ s: new Set(["a"]) }, "s", 'Query parameter "s" has unsupported type Set'],
    [{ u: new URLSearchParams("a=1") }, "u", 'Query parameter "u" has unsupported type URLSearchParams'],
    [{ remote_query: { filter: new Filter() } }, "remote_query[filter]", 'Query parameter "remote_query[filter]" has unsupported type Filter'],
    [{ contact: [{ id: /x/ }] }, "contact[0][id]", 'Query parameter "contact[0][id]" has unsupported type RegExp'],
    [{ n: Number.NaN }, "n", 'Query parameter "n" must be a finite number'],
    [{ n: -Infinity }, "n", 'Query parameter "n" must be a finite number'],
    [{ d: new Date("nope") }, "d", 'Query parameter "d" is an invalid Date'],
    [{ s: "\uD800" }, "s", 'Query parameter "s" is not well-formed Unicode'],
    [{ remote_query: { list: ["ok", "\uDC00"] } }, "remote_query[list][1]", 'Query parameter "remote_query[list][1]" is not well-formed Unicode'],
    // A malformed nested key is reported under its parent, so the message stays printable.
    [{ remote_query: { "\uD800": "x" } }, "remote_query", 'Query parameter "remote_query" is not well-formed Unicode'],
  ])("rejects %o with a message naming the parameter, not the value", (query, parameter, message) => {
    let error: unknown;
    try {
      serializeQuery(query as Record<string, unknown>);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TrutoValidationError);
    expect(error).toMatchObject({ message, parameter });
  });
});

describe("objects of no known class", () => {
  it.each([
    ["an instance of a class with no name", new (class {})()],
    ["an object whose prototype has no constructor", Object.create(Object.create(Object.prototype, { constructor: { value: undefined } }))],
  ])("%s is refused as unsupported type object", (_, value) => {
    expect(() => serializeQuery({ a: value })).toThrow(new TrutoValidationError("a", 'Query parameter "a" has unsupported type object'));
  });
});

describe("the pairs limit, at its edge", () => {
  const pairs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));

  it("sends a record of exactly QUERY_LIMITS.pairs pairs", () => {
    expect(serializeQuery({ r: pairs(QUERY_LIMITS.pairs) }).split("&")).toHaveLength(QUERY_LIMITS.pairs);
  });

  it("names the array inside a record that goes past it, not the record", () => {
    const query = { r: { first: "v", list: Array.from({ length: QUERY_LIMITS.pairs }, () => "v") } };
    expect(() => serializeQuery(query)).toThrow(`Query parameter "r[list]" makes the query longer than ${QUERY_LIMITS.pairs} key=value pairs`);
  });
});

describe("arrays of objects", () => {
  // Truto's guide writes an array of objects as foo[][bar]=baz. That reads back right for one
  // object, but qs merges every empty-bracket item into one object, so the serializer indexes.
  const parse = (text: string) => qs.parse(text);

  it("empty brackets merge several objects into one under qs", () => {
    expect(parse("contact[][id]=1&contact[][id]=2")).toEqual({ contact: [{ id: ["1", "2"] }] });
    expect(parse("contact[][x]=1&contact[][y]=2")).toEqual({ contact: [{ x: "1", y: "2" }] });
  });

  it("indices keep them apart", () => {
    const query = { contact: [{ id: "1" }, { id: "2" }], pair: [{ x: "1" }, { y: "2" }] };
    expect(parse(serializeQuery(query))).toEqual(query);
  });
});

// The oracle: qs.parse, as a qs-based server reads the query (allowPrototypes: true is what
// Express's extended parser passes). Limits are raised and set to throw, so none is hit silently.
describe("round trip through qs.parse", () => {
  const parse = (text: string) =>
    qs.parse(text, { depth: 64, strictDepth: true, arrayLimit: 1_000, parameterLimit: Infinity, throwOnLimitExceeded: true, allowPrototypes: true });

  // Characters with a meaning in query strings or bracket notation, mixed with any grapheme.
  const unit = fc.oneof(fc.constantFrom(..."&=#+%? /.,;:'!()*\"\\[]"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }));
  // Keys bracket notation cannot give back, whatever the encoding (each is still sent encoded,
  // see the exact-string tests; the README lists the bracket and integer limits):
  // - "": qs drops an empty top-level key and reads `a[]` as an array push;
  // - "__proto__": qs always drops it (prototype-pollution guard);
  // - "[" anywhere, "]" in a nested key: qs decodes %5B/%5D before splitting the key on brackets;
  // - a canonical integer as a nested key: `a[0]=x` reads back as an array, ["x"].
  const isCommon = (k: string) => k !== "" && k !== "__proto__" && !k.includes("[");
  const topKey = fc.string({ unit, maxLength: 8 }).filter(isCommon);
  const nestedKey = fc.string({ unit, maxLength: 8 }).filter((k) => isCommon(k) && !k.includes("]") && !/^(?:0|[1-9]\d*)$/.test(k));

  const text = fc.string({ unit, maxLength: 10 });
  const scalar = fc.oneof(
    { weight: 4, arbitrary: text },
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.date({ noInvalidDate: true }),
    fc.constantFrom(null, undefined),
  );
  const scalars = fc.array(scalar, { maxLength: 4 });
  // Records nest to depth 3; arrays hold scalars, records or both.
  const record1 = fc.dictionary(nestedKey, fc.oneof(scalar, scalars), { maxKeys: 3 });
  const record2 = fc.dictionary(nestedKey, fc.oneof(scalar, scalars, record1, fc.array(record1, { maxLength: 3 })), { maxKeys: 3 });
  const record3 = fc.dictionary(nestedKey, fc.oneof(scalar, scalars, record2, fc.array(record2, { maxLength: 3 })), { maxKeys: 3 });
  const query = fc.dictionary(
    topKey,
    fc.oneof(
      scalar,
      scalars,
      record3,
      fc.array(record3, { minLength: 1, maxLength: 3 }),
      fc.array(fc.oneof(scalar, scalars, record1), { maxLength: 4 }),
    ),
    { maxKeys: 6 },
  );

  /** What qs can give back: strings for scalars; null, undefined and empty containers gone. */
  function normalize(value: unknown): unknown {
    if (value === undefined || value === null) return undefined;
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) {
      const items = value.map(normalize).filter((item) => item !== undefined);
      return items.length > 0 ? items : undefined;
    }
    if (typeof value === "object") {
      const entries = Object.entries(value).map(([k, v]) => [k, normalize(v)] as const).filter(([, v]) => v !== undefined);
      return entries.length > 0 ? Object.fromEntries(entries) : undefined;
    }
    return String(value);
  }

  it("parse(serialize(q)) deep-equals q for 10,000 generated queries", () => {
    fc.assert(
      fc.property(query, (q) => {
        expect(parse(serializeQuery(q))).toEqual(normalize(q) ?? {});
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
