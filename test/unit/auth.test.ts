// src/auth.ts on its own: the Bearer header and what it refuses.
import { describe, expect, it } from "vitest";
import { bearerHeader } from "../../src/auth.js";
import { TrutoValidationError } from "../../src/errors.js";

describe("bearerHeader", () => {
  it("sends a printable ASCII token as a Bearer header", () => {
    expect(bearerHeader("tok_live_5f2b")).toBe("Bearer tok_live_5f2b");
  });

  it("names the token option when it is not told which option gave the token", () => {
    expect(() => bearerHeader("")).toThrow(
      new TrutoValidationError("token", 'createTrutoClient: "token" must be a non-empty string (or a function returning one), got an empty string'),
    );
    expect(() => bearerHeader(undefined)).toThrow('"token" must be a non-empty string (or a function returning one), got undefined');
  });

  it("names the option it is told", () => {
    const error = (() => {
      try {
        bearerHeader("a b", "integratedAccountToken");
      } catch (e) {
        return e as TrutoValidationError;
      }
    })();
    expect([error?.parameter, error?.message]).toEqual([
      "integratedAccountToken",
      'createTrutoClient: "integratedAccountToken" must not contain spaces, line breaks or non-ASCII characters',
    ]);
  });
});
