// Path parameters: one safely encoded segment each, dot segments and bad values refused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TrutoValidationError } from "../../src/errors.js";
import { encodePathParam, expandPath } from "../../src/path.js";

/** 10,000 generated cases; fewer under mutation testing (vitest.mutation.config.ts), run once per mutant. */
const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000);

const DOT_MESSAGE = 'Path parameter "id" must not be "." or ".." (dot segments would change the request path)';

/** The error thrown by `call`, checked to be a TrutoValidationError for `parameter`. */
function thrown(call: () => unknown, parameter = "id"): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(TrutoValidationError);
    expect(error).toHaveProperty("parameter", parameter);
    return (error as Error).message;
  }
  throw new Error("expected a throw");
}

describe("encodePathParam", () => {
  it.each([
    ["23423523", "23423523"],
    [23423523, "23423523"],
    [0, "0"],
    [-0, "0"],
    [-1.5, "-1.5"],
    [1e21, "1e%2B21"],
    ["a/b?c#d%e f", "a%2Fb%3Fc%23d%25e%20f"],
    ["&=+$,;:@", "%26%3D%2B%24%2C%3B%3A%40"],
    // Sub-delims encodeURIComponent leaves alone are escaped too; unreserved - . _ ~ stay.
    ["!'()*", "%21%27%28%29%2A"],
    ["-._~", "-._~"],
    ["[x]\\", "%5Bx%5D%5C"],
    ["é☕🚀", "%C3%A9%E2%98%95%F0%9F%9A%80"],
    // Not dot segments: more than two dots, dots with other characters, double-encoded dots.
    ["...", "..."],
    [".a", ".a"],
    ["a.b", "a.b"],
    ["a..b", "a..b"],
    ["%2e%2e%2e", "%252e%252e%252e"],
    ["a/b", "a%2Fb"],
    ["a/..b", "a%2F..b"],
    ["%252e", "%25252e"],
  ])("%j -> %s", (value, expected) => {
    expect(encodePathParam("id", value)).toBe(expected);
  });

  // "%2e" forms are refused although they would be sent as "%252e": a server that decodes twice
  // would still resolve them to a dot segment.
  it.each([
    ...[".", "..", "%2e", "%2E", ".%2e", ".%2E", "%2e.", "%2E.", "%2e%2e", "%2e%2E", "%2E%2e", "%2E%2E"],
    // A dot segment between slashes: a server that decodes %2F before routing would climb.
    ...["../x", "a/..", "a/./b", "..\\x", "..%2Fx", "%2e%2e%2f", "x%5C..", "a/%2E%2E/b"],
  ])("refuses %j", (value) => {
    expect(thrown(() => encodePathParam("id", value))).toBe(DOT_MESSAGE);
  });

  it.each([
    ["", 'Path parameter "id" must not be empty'],
    [undefined, 'Path parameter "id" is required, got undefined'],
    [null, 'Path parameter "id" is required, got null'],
    [{ id: 1 }, 'Path parameter "id" must be a string or a finite number, got object'],
    [new String("1"), 'Path parameter "id" must be a string or a finite number, got object'],
    [["1"], 'Path parameter "id" must be a string or a finite number, got array'],
    [true, 'Path parameter "id" must be a string or a finite number, got boolean'],
    [10n, 'Path parameter "id" must be a string or a finite number, got bigint'],
    [Symbol("id"), 'Path parameter "id" must be a string or a finite number, got symbol'],
    [() => "1", 'Path parameter "id" must be a string or a finite number, got function'],
    [Number.NaN, 'Path parameter "id" must be a string or a finite number, got NaN'],
    [Infinity, 'Path parameter "id" must be a string or a finite number, got Infinity'],
    [-Infinity, 'Path parameter "id" must be a string or a finite number, got -Infinity'],
    ["\uD800", 'Path parameter "id" is not well-formed Unicode'],
    ["s3cr3t\uDC00", 'Path parameter "id" is not well-formed Unicode'],
  ])("rejects %o", (value, message) => {
    expect(thrown(() => encodePathParam("id", value))).toBe(message);
  });

  // Characters with a meaning in URLs or paths, mixed with any grapheme.
  const unit = fc.oneof(fc.constantFrom(..."./\\%2eE?#[]@:!$&'()*+,;= "), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }));
  // The refused values: a dot segment alone or between (possibly encoded) slashes.
  const isDotSegment = (s: string) => s.split(/\/|\\|%2f|%5c/i).some((part) => /^(?:\.|%2e){1,2}$/i.test(part));

  it("puts any other well-formed string into one segment that decodes back to it", () => {
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 12 }).filter((s) => !isDotSegment(s)), (value) => {
        const segment = encodePathParam("id", value);
        expect(decodeURIComponent(segment)).toBe(value);
        // Only unreserved characters and %XX escapes: no "/", "?", "#", and no stray "%".
        expect(segment).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+$/);
        // The WHATWG URL parser (fetch's) leaves the path as built: no dot-segment resolution.
        const path = `/unified/crm/engagements/${segment}`;
        expect(new URL(path, "https://api.truto.one").pathname).toBe(path);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe("expandPath", () => {
  const template = "/unified/crm/engagements/{id}";

  it("fills every {name} of a template", () => {
    expect(expandPath(template, { id: "23423523" })).toBe("/unified/crm/engagements/23423523");
    expect(expandPath(template, { id: 23423523 })).toBe("/unified/crm/engagements/23423523");
    expect(expandPath(template, { id: "a/b?c" })).toBe("/unified/crm/engagements/a%2Fb%3Fc");
    // openapi-fetch passes the template with the base URL in front.
    expect(expandPath("https://api.truto.one/x/{a}/y/{b}", { a: 1, b: "c d" })).toBe("https://api.truto.one/x/1/y/c%20d");
  });

  it.each([
    ["/x/{a}{b}", "/x/12"],
    ["/x/{{a}}", "/x/{1}"],
    ["/x/{a{b}", "/x/{a2"],
    ["/x/{}/{a}", "/x/{}/1"],
    ["/x/}{a}{", "/x/}1{"],
    ["/no/params", "/no/params"],
    ["{a}", "1"],
  ])("fills only innermost {name} pairs: %s", (path, expected) => {
    expect(expandPath(path, { a: 1, b: 2 })).toBe(expected);
  });

  it.each([
    [template, {}, "id", 'Path parameter "id" is required, got undefined'],
    [template, { id: undefined }, "id", 'Path parameter "id" is required, got undefined'],
    [template, { id: ".." }, "id", DOT_MESSAGE],
    // Only own properties count: Object.prototype.constructor is not a parameter.
    ["/x/{constructor}", {}, "constructor", 'Path parameter "constructor" is required, got undefined'],
  ])("%s with %o throws", (path, params, parameter, message) => {
    expect(thrown(() => expandPath(path, params), parameter)).toBe(message);
  });
});
