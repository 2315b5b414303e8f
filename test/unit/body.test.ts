// src/body.ts on its own: jsonBody serializes a call's JSON body before anything is sent, and a
// value JSON cannot carry (a BigInt, a cycle, a toJSON that throws) is a TrutoValidationError naming
// the field (parameter `body.<path>`), with JSON.stringify's error as the cause.
import { describe, expect, it } from "vitest";
import { jsonBody } from "../../src/body.js";
import { TrutoValidationError } from "../../src/errors.js";

const AT = "crm.things.create";
const BIGINT = "is a BigInt, which JSON cannot carry (send it as a string or a number)";
const CYCLE = "contains itself (a cycle), which JSON cannot carry";
const THROWS = "has a toJSON() method that throws";

/** What jsonBody(body) throws: a TrutoValidationError with JSON.stringify's error as its cause. */
function refusal(body: unknown): TrutoValidationError {
  let error: unknown;
  try {
    jsonBody(body, AT);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(TrutoValidationError);
  expect((error as Error).cause).toBeInstanceOf(Error);
  return error as TrutoValidationError;
}

const field = (path: string, problem: string) => new TrutoValidationError(`body.${path}`, `${AT}: Body field "${path}" ${problem}`);
const whole = (problem: string) => new TrutoValidationError("body", `${AT}: The JSON body ${problem}`);

describe("jsonBody: what JSON can carry", () => {
  it("is JSON.stringify's text", () => {
    expect(jsonBody({ subject: "Intro call", n: 1, ok: true, none: null, list: [1, "a"] }, AT)).toBe('{"subject":"Intro call","n":1,"ok":true,"none":null,"list":[1,"a"]}');
    expect(jsonBody([1, 2], AT)).toBe("[1,2]");
    expect(jsonBody("text", AT)).toBe('"text"');
    expect(jsonBody(null, AT)).toBe("null");
  });

  it("honours Dates and toJSON, and leaves out what JSON leaves out", () => {
    expect(jsonBody({ at: new Date(0), custom: { toJSON: () => "custom" }, skip: undefined, fn: () => 1 }, AT)).toBe('{"at":"1970-01-01T00:00:00.000Z","custom":"custom"}');
  });

  it("the same object twice, side by side, is no cycle", () => {
    const shared = { id: "1" };
    expect(jsonBody({ a: shared, b: shared, list: [shared, shared] }, AT)).toBe('{"a":{"id":"1"},"b":{"id":"1"},"list":[{"id":"1"},{"id":"1"}]}');
  });
});

describe("jsonBody: what JSON cannot carry, named", () => {
  it("a BigInt at the top level names the body", () => {
    const error = refusal(10n);
    expect(error).toEqual(whole(BIGINT));
    expect(error.parameter).toBe("body");
    expect(error.message).toBe(`${AT}: The JSON body is a BigInt, which JSON cannot carry (send it as a string or a number)`);
    expect((error.cause as Error).name).toBe("TypeError");
  });

  it.each([
    [{ amount: 10n }, "amount"],
    [{ deal: { value: { cents: 1n } } }, "deal.value.cents"],
    [{ items: [1, 2n] }, "items[1]"],
    [{ items: [{ ok: 1 }, { n: 3n }] }, "items[1].n"],
    [{ grid: [[1], [2, 3n]] }, "grid[1][1]"],
  ])("a nested BigInt names its path: %#", (body, path) => {
    const error = refusal(body);
    expect(error).toEqual(field(path, BIGINT));
    expect(error.parameter).toBe(`body.${path}`);
  });

  it("names the first BigInt in JSON.stringify's order", () => {
    expect(refusal({ a: 1, b: { c: 2n }, d: 3n })).toEqual(field("b.c", BIGINT));
  });

  it("a cycle names where the object comes back", () => {
    const engagement: Record<string, unknown> = { id: "1" };
    engagement.self = engagement;
    expect(refusal(engagement)).toEqual(field("self", CYCLE));
    const deep: Record<string, unknown> = { id: "1", owner: { team: {} } };
    (deep.owner as { team: Record<string, unknown> }).team.back = deep;
    expect(refusal(deep)).toEqual(field("owner.team.back", CYCLE));
  });

  it("a cycle through an array names the array item", () => {
    const items: unknown[] = ["a"];
    items.push(items);
    expect(refusal({ items })).toEqual(field("items[1]", CYCLE));
  });

  it("a toJSON that throws names its field; at the top level, the body", () => {
    const broken = {
      toJSON() {
        throw new Error("no");
      },
    };
    expect(refusal({ when: broken })).toEqual(field("when", THROWS));
    expect(refusal({ list: [1, broken] })).toEqual(field("list[1]", THROWS));
    expect(refusal(broken)).toEqual(whole(THROWS));
  });

  it("follows toJSON: a BigInt it returns is named at the field that has it, and toJSON gets the field's key", () => {
    const keys: string[] = [];
    const money = {
      toJSON(key: string) {
        keys.push(key);
        return key === "cents" ? 5n : "ok";
      },
    };
    expect(refusal({ price: { cents: money }, list: [money] })).toEqual(field("price.cents", BIGINT));
    // JSON.stringify's call, then the search's: the same key both times.
    expect(keys).toEqual(["cents", "cents"]);
    keys.length = 0;
    const inList = {
      toJSON(key: string) {
        keys.push(key);
        return key === "1" ? 5n : "ok";
      },
    };
    expect(refusal({ list: [inList, inList] })).toEqual(field("list[1]", BIGINT));
    expect(keys).toEqual(["0", "1", "0", "1"]);
    keys.length = 0;
    const top = {
      toJSON(key: string) {
        keys.push(key);
        return 1n;
      },
    };
    expect(refusal(top)).toEqual(whole(BIGINT));
    expect(keys).toEqual(["", ""]);
  });

  it("passes over nulls and shared objects on its way to the culprit", () => {
    expect(refusal({ a: null, b: [null], c: 1n })).toEqual(field("c", BIGINT));
    const shared = { id: "1" };
    expect(refusal({ a: shared, b: shared, c: { d: shared, e: 2n } })).toEqual(field("c.e", BIGINT));
  });

  it("gives toJSON the last key of a deep path", () => {
    const deep = { toJSON: (key: string) => (key === "c" ? 5n : "ok") };
    expect(refusal({ a: { b: { c: deep } } })).toEqual(field("a.b.c", BIGINT));
  });

  it("a getter that throws is named by the object that has it", () => {
    const outer = {
      get broken(): never {
        throw new Error("getter failed");
      },
    };
    expect(refusal({ ok: 1, outer })).toEqual(field("outer", "has a property whose getter throws"));
  });

  it("a toJSON returning an object is searched inside", () => {
    expect(refusal({ wrapped: { toJSON: () => ({ inner: [7n] }) } })).toEqual(field("wrapped.inner[0]", BIGINT));
  });

  it("what JSON.stringify refuses but the search cannot find again is refused as the whole body", () => {
    let reads = 0;
    const once = {
      get flaky() {
        if (reads++ === 0) throw new Error("first read fails");
        return 1;
      },
    };
    const error = refusal(once);
    expect(error).toEqual(whole("cannot be serialized as JSON"));
    expect((error.cause as Error).message).toBe("first read fails");
  });
});

describe("jsonBody: found while migrating", () => {
  // The search for the culprit reads the body again: a getter that always throws is named, not let out raw.
  it("a getter that always throws is a TrutoValidationError like a throwing toJSON, not the getter's raw error", () => {
    const body = {
      get broken(): never {
        throw new Error("getter failed");
      },
    };
    const error = refusal(body);
    expect(error).toEqual(whole("has a property whose getter throws"));
    expect((error.cause as Error).message).toBe("getter failed");
  });

  // A top-level array's item is `body[1]` (no dot before the bracket); nested items read `body.items[1]`.
  it("an item of a top-level array is named body[0], as a nested one is body.items[0]", () => {
    const error = refusal([1, 2n]);
    expect(error.parameter).toBe("body[1]");
    expect(error.message).toBe(`${AT}: Body field "[1]" ${BIGINT}`);
  });
});
