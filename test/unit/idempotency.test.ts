// src/idempotency.ts on its own: which Idempotency-Key a call's headers (a read HeaderRecord) get,
// and newKey()'s version 4 UUID, also where crypto.randomUUID is missing (browser pages outside a
// secure context). The idempotencyKey option's own checks are options.test.ts's.
import { webcrypto } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TrutoValidationError } from "../../src/errors.js";
import { newKey, withIdempotencyKey } from "../../src/idempotency.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NAME = "Idempotency-Key";
const AT = "crm.things.create";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** What `call` throws, or "accepted". */
function refusal(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return "accepted";
}

describe("withIdempotencyKey", () => {
  it("adds the idempotencyKey option's key under the spec's name, keeping the caller's headers and leaving their record as it was", () => {
    const headers = { "x-trace": "t1" };
    expect(withIdempotencyKey(headers, NAME, "order-17", AT)).toEqual({ "x-trace": "t1", [NAME]: "order-17" });
    expect(headers).toEqual({ "x-trace": "t1" });
  });

  it("without a key given, adds a new random UUID, a different one per call", () => {
    const [a, b] = [withIdempotencyKey({}, NAME, undefined, AT), withIdempotencyKey({}, NAME, undefined, AT)];
    expect(Object.keys(a)).toEqual([NAME]);
    expect(a[NAME]).toMatch(UUID_V4);
    expect(b[NAME]).toMatch(UUID_V4);
    expect(a[NAME]).not.toBe(b[NAME]);
  });

  it("names the header as the spec spells it", () => {
    expect(withIdempotencyKey({}, "X-Idempotency-Key", "k", AT)).toEqual({ "X-Idempotency-Key": "k" });
  });

  it.each([["idempotency-key"], ["IDEMPOTENCY-KEY"], ["Idempotency-Key"]])("keeps the caller's own %s header (any letter case) as the key: the very record, the option unused", (name) => {
    const own = { [name]: "mine", "x-trace": "t1" };
    expect(withIdempotencyKey(own, NAME, "ignored", AT)).toBe(own);
    expect(withIdempotencyKey(own, NAME, undefined, AT)).toBe(own);
  });

  it("keeps the caller's own key of 1 and of 255 visible characters", () => {
    for (const key of ["k", "~".repeat(255), "!#$%&'*+-.^_`|~"]) {
      const own = { [NAME]: key };
      expect(withIdempotencyKey(own, NAME, undefined, AT)).toBe(own);
    }
  });

  it("refuses the caller's own header set to null: it would send no key, and the call would be retried as if it had one", () => {
    expect(refusal(() => withIdempotencyKey({ "idempotency-key": null }, NAME, "k", AT))).toEqual(
      new TrutoValidationError("headers", `${AT}: header "idempotency-key" must not be null (leave it out for a random key)`),
    );
  });

  it.each([
    ["empty", ""],
    ["too long", "x".repeat(256)],
    ["with a space", "two words"],
    ["with a tab", "a\tb"],
    ["not ASCII", "clé"],
    ["repeated (an array)", ["k1", "k2"]],
    ["an array of one", ["k1"]],
  ])("refuses the caller's own key %s, naming the header as the caller spelt it", (_, value) => {
    expect(refusal(() => withIdempotencyKey({ "IDEMPOTENCY-KEY": value }, NAME, undefined, AT))).toEqual(
      new TrutoValidationError("headers", `${AT}: header "IDEMPOTENCY-KEY" must be one key of 1 to 255 visible ASCII characters`),
    );
  });
});

describe("newKey", () => {
  it("uses crypto.randomUUID when there is one", () => {
    vi.spyOn(globalThis.crypto, "randomUUID").mockReturnValue("11111111-2222-4333-8444-555555555555");
    expect(newKey()).toBe("11111111-2222-4333-8444-555555555555");
    expect(withIdempotencyKey({}, NAME, undefined, AT)).toEqual({ [NAME]: "11111111-2222-4333-8444-555555555555" });
  });

  it("without crypto.randomUUID, builds a version 4 UUID from getRandomValues (version and variant bits set, the rest kept)", () => {
    const fill = (value: number) => (bytes: Uint8Array) => bytes.fill(value);
    vi.stubGlobal("crypto", { getRandomValues: fill(0xff) });
    expect(newKey()).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
    vi.stubGlobal("crypto", { getRandomValues: fill(0x00) });
    expect(newKey()).toBe("00000000-0000-4000-8000-000000000000");
    vi.stubGlobal("crypto", { getRandomValues: (bytes: Uint8Array) => (bytes.set(Array.from({ length: 16 }, (_, i) => i * 17)), bytes) });
    expect(newKey()).toBe("00112233-4455-4677-8899-aabbccddeeff");
    // Single hex digits are padded: 0x0a is "0a".
    vi.stubGlobal("crypto", { getRandomValues: fill(0x0a) });
    expect(newKey()).toBe("0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a");
  });

  it("asks getRandomValues for exactly 16 bytes", () => {
    const lengths: number[] = [];
    vi.stubGlobal("crypto", {
      getRandomValues: (bytes: Uint8Array) => {
        lengths.push(bytes.length);
        return bytes;
      },
    });
    expect(newKey()).toMatch(UUID_V4);
    expect(lengths).toEqual([16]);
  });

  it("makes a real random version 4 UUID either way", () => {
    expect(newKey()).toMatch(UUID_V4);
    vi.stubGlobal("crypto", { getRandomValues: (bytes: Uint8Array) => webcrypto.getRandomValues(bytes) });
    const [a, b] = [newKey(), newKey()];
    expect(a).toMatch(UUID_V4);
    expect(b).toMatch(UUID_V4);
    expect(a).not.toBe(b);
  });
});
