// Error classes: status mapping, messages, Truto's remote-error fields, serialisation.
import { describe, expect, it } from "vitest";
import {
  AuthenticationError, BadRequestError, ConflictError, InternalServerError, NotFoundError, PermissionDeniedError,
  MAX_ERROR_BODY_CHARS, RateLimitError, TrutoApiError, TrutoConnectionError, TrutoError, TrutoTimeoutError, TrutoValidationError, UnprocessableEntityError,
} from "../../src/errors.js";

const URL_ = "https://api.truto.one/unified/crm/engagements/1?integrated_account_id=x";
const body = (statusCode: number, error: string, message: string) => ({ statusCode, error, message });

describe("TrutoApiError.fromResponse", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [418, TrutoApiError],
  ])("maps %i to %o", (status, ErrorClass) => {
    const error = TrutoApiError.fromResponse(status, body(status, "x", "boom"), new Headers(), "DELETE", URL_);
    expect(error.constructor).toBe(ErrorClass);
    expect(error).toBeInstanceOf(TrutoApiError);
    expect(error).toBeInstanceOf(TrutoError);
    expect(error.name).toBe(ErrorClass.name);
  });
});

describe("TrutoApiError", () => {
  it("takes Truto's message with the status and exposes the request", () => {
    const headers = new Headers({ "x-request-id": "req_1" });
    const error = TrutoApiError.fromResponse(404, body(404, "Not Found", "Engagement not found"), headers, "DELETE", URL_);
    expect(error.message).toBe("404 Engagement not found");
    expect(error.status).toBe(404);
    expect(error.body).toEqual(body(404, "Not Found", "Engagement not found"));
    expect(error.requestId).toBe("req_1");
    expect(error.method).toBe("DELETE");
    expect(error.url).toBe(URL_);
    expect(error.isRemoteError).toBe(false);
    expect(error.rawResponse).toBeUndefined();
  });

  it("tells a remote (provider) error from Truto's own", () => {
    const raw = { code: "INVALID_DATA", message: "record locked" };
    const headers = new Headers({ "x-ratelimit-remaining": "0", "retry-after": "30" });
    const error = TrutoApiError.fromResponse(409, { ...body(409, "Conflict", "record locked"), truto_is_remote_error: true, raw_response: raw }, headers, "DELETE", URL_);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("409 record locked");
    expect(error.isRemoteError).toBe(true);
    expect(error.rawResponse).toEqual(raw);
    expect(error.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it.each([
    ["<html><body>Bad   gateway</body></html>", "502 <html><body>Bad gateway</body></html>"],
    ["", "502 status code (no body)"],
    [undefined, "502 status code (no body)"],
    [{ unexpected: true }, '502 {"unexpected":true}'],
    ["x".repeat(300), `502 ${"x".repeat(200)}…`],
    ["x".repeat(200), `502 ${"x".repeat(200)}`],
    ["  Bad gateway\n", "502 Bad gateway"],
    ["  \n ", '502 "  \\n "'],
    [null, "502 null"],
    [{ detail: "y".repeat(300) }, `502 ${JSON.stringify({ detail: "y".repeat(300) }).slice(0, 200)}`],
  ])("makes a one-line message from a non-Truto body %#", (value, message) => {
    expect(TrutoApiError.fromResponse(502, value, new Headers(), "DELETE", URL_).message).toBe(message);
  });
});

describe("bodies kept on the error", () => {
  const keep = (value: unknown) => TrutoApiError.fromResponse(502, value, new Headers(), "DELETE", URL_).body;

  it("keeps a body of up to MAX_ERROR_BODY_CHARS characters as it is, as text or as JSON text", () => {
    const text = "t".repeat(MAX_ERROR_BODY_CHARS);
    expect(keep(text)).toBe(text);
    // {"a":"…"} is 8 characters around the value.
    const json = { a: "j".repeat(MAX_ERROR_BODY_CHARS - 8) };
    expect(JSON.stringify(json)).toHaveLength(MAX_ERROR_BODY_CHARS);
    expect(keep(json)).toBe(json);
  });

  it("cuts a longer one to its first MAX_ERROR_BODY_CHARS characters and says how many are left out", () => {
    expect(keep("t".repeat(MAX_ERROR_BODY_CHARS + 1))).toBe(`${"t".repeat(MAX_ERROR_BODY_CHARS)}…[1 more characters]`);
    const json = { a: "j".repeat(MAX_ERROR_BODY_CHARS - 7) };
    expect(keep(json)).toBe(`${JSON.stringify(json).slice(0, MAX_ERROR_BODY_CHARS)}…[1 more characters]`);
  });

  it("keeps an empty body as undefined", () => {
    expect(keep(undefined)).toBeUndefined();
  });
});

describe("other errors", () => {
  it("a bare TrutoError is named so", () => {
    const error = new TrutoError("something failed");
    expect([error.name, String(error)]).toEqual(["TrutoError", "TrutoError: something failed"]);
  });

  it("a connection error says Connection error unless told otherwise", () => {
    expect(new TrutoConnectionError("DELETE", URL_).message).toBe(`Connection error (DELETE ${URL_})`);
  });

  it("connection and timeout errors name the request and keep the cause", () => {
    const cause = new TypeError("fetch failed");
    const connection = new TrutoConnectionError("DELETE", URL_, "Connection error", { cause });
    expect(connection.message).toBe(`Connection error (DELETE ${URL_})`);
    expect(connection.cause).toBe(cause);
    const timeout = new TrutoTimeoutError("DELETE", URL_, 50);
    expect(timeout).toBeInstanceOf(TrutoConnectionError);
    expect(timeout.message).toBe(`Request timed out after 50 ms (DELETE ${URL_})`);
    expect(timeout.name).toBe("TrutoTimeoutError");
  });

  it("validation errors name the parameter and the integration", () => {
    const error = new TrutoValidationError("engagement_type", "bad", "Keap");
    expect([error.parameter, error.integration, error.message, error.name]).toEqual(["engagement_type", "Keap", "bad", "TrutoValidationError"]);
    expect(error).toBeInstanceOf(TrutoError);
  });
});
