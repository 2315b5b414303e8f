// The Idempotency-Key helpers on their own: which key a call gets, in which headers form, and the
// fallback UUID where crypto.randomUUID is missing (browser pages outside a secure context).
import { afterEach, describe, expect, it, vi } from "vitest";
import { TrutoValidationError } from "../../src/errors.js";
import { idempotencyKey, withIdempotencyKey } from "../../src/idempotency.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NAME = "Idempotency-Key";
const OP = "crm.things.create";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("idempotencyKey", () => {
  it("keeps the caller's key and makes a new UUID per call without one", () => {
    expect(idempotencyKey("order-17", OP)).toBe("order-17");
    const [a, b] = [idempotencyKey(undefined, OP), idempotencyKey(undefined, OP)];
    expect(a).toMatch(UUID_V4);
    expect(b).toMatch(UUID_V4);
    expect(a).not.toBe(b);
  });

  it("uses crypto.randomUUID when there is one", () => {
    vi.spyOn(globalThis.crypto, "randomUUID").mockReturnValue("11111111-2222-4333-8444-555555555555");
    expect(idempotencyKey(undefined, OP)).toBe("11111111-2222-4333-8444-555555555555");
  });

  it("without crypto.randomUUID, builds a version 4 UUID from getRandomValues", () => {
    const fill = (value: number) => (bytes: Uint8Array) => bytes.fill(value);
    vi.stubGlobal("crypto", { getRandomValues: fill(0xff) });
    expect(idempotencyKey(undefined, OP)).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
    vi.stubGlobal("crypto", { getRandomValues: fill(0x00) });
    expect(idempotencyKey(undefined, OP)).toBe("00000000-0000-4000-8000-000000000000");
    vi.stubGlobal("crypto", { getRandomValues: (bytes: Uint8Array) => (bytes.set(Array.from({ length: 16 }, (_, i) => i * 17)), bytes) });
    expect(idempotencyKey(undefined, OP)).toBe("00112233-4455-4677-8899-aabbccddeeff");
  });

  it.each([[""], ["x".repeat(256)], ["two words"], ["é"], [42], [null]])("refuses %j, naming the option", (given) => {
    const call = () => idempotencyKey(given, OP);
    expect(call).toThrow(TrutoValidationError);
    expect(call).toThrow(`${OP}: "idempotencyKey" must be 1 to 255 visible ASCII characters`);
    expect(call).toThrow(expect.objectContaining({ parameter: "idempotencyKey" }));
  });

  it("accepts 255 visible characters", () => {
    expect(idempotencyKey("~".repeat(255), OP)).toBe("~".repeat(255));
  });
});

describe("withIdempotencyKey", () => {
  it("adds the key to a plain object, keeping the caller's headers and leaving the object as it was", () => {
    const headers = { "X-Trace": "t1" };
    expect(withIdempotencyKey(headers, NAME, "k1", OP)).toEqual({ "X-Trace": "t1", [NAME]: "k1" });
    expect(headers).toEqual({ "X-Trace": "t1" });
    expect(withIdempotencyKey(undefined, NAME, "k2", OP)).toEqual({ [NAME]: "k2" });
  });

  it("returns the caller's headers untouched when they carry the header, in any letter case", () => {
    const own = { "idempotency-key": "mine" };
    expect(withIdempotencyKey(own, NAME, "ignored", OP)).toBe(own);
    const list: [string, string][] = [["IDEMPOTENCY-KEY", "mine"]];
    expect(withIdempotencyKey(list, NAME, undefined, OP)).toBe(list);
  });

  it("copies a Headers instance or an entry list into a new Headers with the key", () => {
    const headers = new Headers({ "x-trace": "t1" });
    const result = withIdempotencyKey(headers, NAME, "k3", OP) as Headers;
    expect(result).toBeInstanceOf(Headers);
    expect(result).not.toBe(headers);
    expect([...result]).toEqual([
      ["idempotency-key", "k3"],
      ["x-trace", "t1"],
    ]);
    expect(headers.has(NAME)).toBe(false);
    expect([...(withIdempotencyKey([["x-trace", "t2"]], NAME, "k4", OP) as Headers)]).toEqual([
      ["idempotency-key", "k4"],
      ["x-trace", "t2"],
    ]);
  });

  it("refuses a malformed key even when the caller's header wins", () => {
    for (const headers of [{}, { [NAME]: "mine" }]) {
      expect(() => withIdempotencyKey(headers, NAME, "bad key", OP)).toThrow(`${OP}: "idempotencyKey" must be 1 to 255 visible ASCII characters`);
    }
  });
});
