// Path parameters: one safely encoded segment each, dot segments and bad values refused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TrutoValidationError } from "../src/errors.js";
import { encodePathParam, expandPath } from "../src/path.js";

describe("encodePathParam", () => {
  it.each([
    ["23423523", "23423523"],
    [23423523, "23423523"],
    ["a/b?c#d%e f", "a%2Fb%3Fc%23d%25e%20f"],
    ["é☕", "%C3%A9%E2%98%95"],
    ["...", "..."],
    [".a", ".a"],
    ["a..b", "a..b"],
    ["%2e%2e%2f", "%252e%252e%252f"],
  ])("%j -> %s", (value, expected) => {
    expect(encodePathParam("id", value)).toBe(expected);
  });

  it.each(["", ".", "..", "%2e", "%2E", ".%2e", "%2e.", "%2e%2e", "%2E%2E", "%2E."])("refuses %j", (value) => {
    const message = value === "" ? 'Path parameter "id" must not be empty' : 'Path parameter "id" must not be "." or ".." (dot segments would change the request path)';
    expect(() => encodePathParam("id", value)).toThrow(new TrutoValidationError("id", message));
  });

  it.each([
    [undefined, 'Path parameter "id" is required, got undefined'],
    [null, 'Path parameter "id" is required, got null'],
    [{ id: 1 }, 'Path parameter "id" must be a string or a finite number, got object'],
    [["1"], 'Path parameter "id" must be a string or a finite number, got array'],
    [true, 'Path parameter "id" must be a string or a finite number, got boolean'],
    [Number.NaN, 'Path parameter "id" must be a string or a finite number, got NaN'],
    [Infinity, 'Path parameter "id" must be a string or a finite number, got Infinity'],
    ["\uD800", 'Path parameter "id" is not well-formed Unicode'],
  ])("rejects %o", (value, message) => {
    expect(() => encodePathParam("id", value)).toThrow(new TrutoValidationError("id", message));
  });

  it("never echoes a rejected value", () => {
    expect(() => encodePathParam("id", { secret: "s3cr3t" })).toThrow(/^(?!.*s3cr3t)/);
  });

  it("round-trips any well-formed string into one segment", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1 }).filter((s) => !/^(?:\.|%2e){1,2}$/i.test(s)), (value) => {
        const segment = encodePathParam("id", value);
        expect(decodeURIComponent(segment)).toBe(value);
        expect(segment).not.toMatch(/[/?#\s]|%(?![0-9A-F]{2})/);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("expandPath", () => {
  it("fills every {name} of a template", () => {
    expect(expandPath("/unified/crm/engagements/{id}", { id: "a/b" })).toBe("/unified/crm/engagements/a%2Fb");
    expect(expandPath("https://api.truto.one/x/{a}/y/{b}", { a: 1, b: "c d" })).toBe("https://api.truto.one/x/1/y/c%20d");
  });

  it("throws for a missing parameter", () => {
    expect(() => expandPath("/unified/crm/engagements/{id}", {})).toThrow(new TrutoValidationError("id", 'Path parameter "id" is required, got undefined'));
  });
});
