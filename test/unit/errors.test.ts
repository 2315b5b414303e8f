// src/errors.ts: the error classes, TrutoApiError built from one object (status mapping, messages,
// Truto's remote-error fields), and what an API error keeps of a response: at most 64 KiB of its
// body (text, or JSON text), a one-line message, and no reference to the whole text it was cut from.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError, BadRequestError, ConflictError, InternalServerError, MAX_ERROR_BODY_CHARS, NotFoundError, PermissionDeniedError, RateLimitError,
  TrutoApiError, TrutoConnectionError, TrutoError, TrutoTimeoutError, TrutoValidationError, UnprocessableEntityError, type ApiErrorInit,
} from "../../src/errors.js";

const URL_ = "https://api.truto.one/unified/crm/engagements/1?integrated_account_id=x";
const trutoBody = (statusCode: number, error: string, message: string) => ({ statusCode, error, message });
const init = (status: number, body: unknown, more: Partial<ApiErrorInit> = {}): ApiErrorInit => ({ status, body, headers: new Headers(), method: "DELETE", url: URL_, ...more });
const apiError = (status: number, body: unknown, more: Partial<ApiErrorInit> = {}) => TrutoApiError.fromResponse(init(status, body, more));
const TRUNCATED = "…[the body was longer than 1 MiB; the rest was not read]";

describe("TrutoApiError.fromResponse", () => {
  it.each([
    [400, BadRequestError, "BadRequestError"],
    [401, AuthenticationError, "AuthenticationError"],
    [403, PermissionDeniedError, "PermissionDeniedError"],
    [404, NotFoundError, "NotFoundError"],
    [409, ConflictError, "ConflictError"],
    [422, UnprocessableEntityError, "UnprocessableEntityError"],
    [429, RateLimitError, "RateLimitError"],
    [500, InternalServerError, "InternalServerError"],
    [501, InternalServerError, "InternalServerError"],
    [502, InternalServerError, "InternalServerError"],
    [503, InternalServerError, "InternalServerError"],
    [599, InternalServerError, "InternalServerError"],
    [499, TrutoApiError, "TrutoApiError"],
    [418, TrutoApiError, "TrutoApiError"],
    [405, TrutoApiError, "TrutoApiError"],
    [300, TrutoApiError, "TrutoApiError"],
  ])("maps %i to %o", (status, ErrorClass, name) => {
    const error = apiError(status, trutoBody(status, "x", "boom"));
    expect(error.constructor).toBe(ErrorClass);
    expect(error).toBeInstanceOf(TrutoApiError);
    expect(error).toBeInstanceOf(TrutoError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`${status} boom`);
  });
});

describe("TrutoApiError", () => {
  it("takes Truto's message with the status and exposes the request", () => {
    const headers = new Headers({ "x-request-id": "req_1" });
    const body = trutoBody(404, "Not Found", "Engagement not found");
    const error = new TrutoApiError({ status: 404, body, headers, method: "DELETE", url: URL_ });
    expect(error.message).toBe("404 Engagement not found");
    expect(error.name).toBe("TrutoApiError");
    expect(error.status).toBe(404);
    expect(error.body).toBe(body);
    expect(error.headers).toBe(headers);
    expect(error.requestId).toBe("req_1");
    expect(error.method).toBe("DELETE");
    expect(error.url).toBe(URL_);
    expect(error.isRemoteError).toBe(false);
    expect(error.rawResponse).toBeUndefined();
    expect(error.earlierAttemptMayHaveActed).toBe(false);
  });

  it("has no requestId without an x-request-id header", () => {
    expect(apiError(500, undefined).requestId).toBeUndefined();
  });

  it("tells a remote (provider) error from Truto's own, with the provider's body and headers", () => {
    const raw = { code: "INVALID_DATA", message: "record locked" };
    const headers = new Headers({ "x-ratelimit-remaining": "0", "retry-after": "30" });
    const error = apiError(409, { ...trutoBody(409, "Conflict", "record locked"), truto_is_remote_error: true, raw_response: raw }, { headers });
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("409 record locked");
    expect(error.isRemoteError).toBe(true);
    expect(error.rawResponse).toBe(raw);
    expect(error.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it.each([
    ["the text \"true\"", "true"],
    ["1", 1],
    ["absent", undefined],
  ])("is not a remote error when truto_is_remote_error is %s", (_, flag) => {
    const error = apiError(502, { ...trutoBody(502, "Bad Gateway", "down"), truto_is_remote_error: flag, raw_response: "x" });
    expect(error.isRemoteError).toBe(false);
    expect(error.rawResponse).toBe("x");
  });

  it("reads no remote fields from a body that is not Truto's (no string message)", () => {
    const error = apiError(502, { message: 5, truto_is_remote_error: true, raw_response: { a: 1 } });
    expect(error.isRemoteError).toBe(false);
    expect(error.rawResponse).toBeUndefined();
    expect(error.message).toBe('502 {"message":5,"truto_is_remote_error":true,"raw_response":{"a":1}}');
  });

  it.each([
    ["<html><body>Bad   gateway</body></html>", "502 <html><body>Bad gateway</body></html>"],
    ["", "502 status code (no body)"],
    [undefined, "502 status code (no body)"],
    [{ unexpected: true }, '502 {"unexpected":true}'],
    ["x".repeat(300), `502 ${"x".repeat(200)}…`],
    ["x".repeat(201), `502 ${"x".repeat(200)}…`],
    ["x".repeat(200), `502 ${"x".repeat(200)}`],
    ["  Bad gateway\n", "502 Bad gateway"],
    ["line one\n\n\tline two", "502 line one line two"],
    ["  \n ", '502 "  \\n "'],
    [null, "502 null"],
    [0, "502 0"],
    [false, "502 false"],
    [[], "502 []"],
    [{ detail: "y".repeat(300) }, `502 ${JSON.stringify({ detail: "y".repeat(300) }).slice(0, 200)}`],
    [{ message: "" }, '502 {"message":""}'], // an empty message says nothing: the body does
  ])("makes a one-line message from the body %#", (value, message) => {
    expect(apiError(502, value).message).toBe(message);
  });

  // A remote error's message is the provider's text: an HTML page, or lines an attacker wrote into a
  // CRM field. A message of many lines breaks log lines (and stack parsers); text bodies were made
  // one line already, Truto's message was kept with its line breaks.
  it("makes Truto's message one line too (whitespace runs as one space), and a blank one says nothing", () => {
    const remote = { ...trutoBody(502, "Bad Gateway", "<html>\n  <body>\r\n\tUpstream down\n  </body>\n</html>\n"), truto_is_remote_error: true, raw_response: "<html>…" };
    expect(apiError(502, remote).message).toBe("502 <html> <body> Upstream down </body> </html>");
    expect(apiError(404, trutoBody(404, "Not Found", "No record\n2026-01-01 INFO login ok user=admin")).message).toBe("404 No record 2026-01-01 INFO login ok user=admin");
    expect(apiError(400, { message: " \n " }).message).toBe('400 {"message":" \\n "}');
    expect(apiError(400, trutoBody(400, "Bad Request", `${"m ".repeat(600)}`)).message).toBe(`400 ${"m ".repeat(500)}…`);
  });

  it("cuts Truto's own message at 1,000 characters", () => {
    expect(apiError(400, trutoBody(400, "Bad Request", "m".repeat(1_000))).message).toBe(`400 ${"m".repeat(1_000)}`);
    expect(apiError(400, trutoBody(400, "Bad Request", "m".repeat(1_001))).message).toBe(`400 ${"m".repeat(1_000)}…`);
    expect(apiError(400, trutoBody(400, "Bad Request", "m".repeat(5_000))).message).toBe(`400 ${"m".repeat(1_000)}…`);
  });

  // A cut between the two halves of a surrogate pair (an emoji, a rare CJK character) would leave
  // a lone surrogate: ill-formed text that encodeURIComponent throws on and UTF-8 logs turn into U+FFFD.
  it("never cuts a message through a character outside the BMP: the whole character goes", () => {
    const truto = apiError(400, trutoBody(400, "Bad Request", `${"m".repeat(999)}😀 and more`));
    expect(truto.message).toBe(`400 ${"m".repeat(999)}…`);
    const text = apiError(502, `${"x".repeat(199)}😀 and more`);
    expect(text.message).toBe(`502 ${"x".repeat(199)}…`);
    expect(() => encodeURIComponent(truto.message + text.message)).not.toThrow();
    // Cut just after the pair: kept whole.
    expect(apiError(502, `${"x".repeat(198)}😀 and more`).message).toBe(`502 ${"x".repeat(198)}😀…`);
  });

  it("says when an earlier attempt got no response and may have acted: a DELETE may have deleted it", () => {
    const deleted = apiError(404, trutoBody(404, "Not Found", "No record"), { earlierAttemptMayHaveActed: true });
    expect(deleted.message).toBe("404 No record (retried: an earlier attempt got no response and may have deleted it)");
    expect(deleted.earlierAttemptMayHaveActed).toBe(true);
    const acted = apiError(409, trutoBody(409, "Conflict", "Duplicate"), { method: "POST", earlierAttemptMayHaveActed: true });
    expect(acted.message).toBe("409 Duplicate (retried: an earlier attempt got no response and may have acted)");
    expect(apiError(404, undefined, { earlierAttemptMayHaveActed: false }).message).toBe("404 status code (no body)");
  });
});

describe("bodies kept on the error", () => {
  const keep = (value: unknown, bodyTruncated?: boolean) => apiError(502, value, bodyTruncated === undefined ? {} : { bodyTruncated }).body;

  it(`keeps a body of up to MAX_ERROR_BODY_CHARS (${MAX_ERROR_BODY_CHARS}) characters as it is, as text or as JSON text`, () => {
    expect(MAX_ERROR_BODY_CHARS).toBe(65_536);
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
    expect(keep(["x".repeat(MAX_ERROR_BODY_CHARS)])).toBe(`["${"x".repeat(MAX_ERROR_BODY_CHARS - 2)}…[4 more characters]`);
  });

  it("never cuts a body through a character outside the BMP, and counts what it left out from where it cut", () => {
    const text = `${"t".repeat(MAX_ERROR_BODY_CHARS - 1)}😀rest`;
    expect(keep(text)).toBe(`${"t".repeat(MAX_ERROR_BODY_CHARS - 1)}…[6 more characters]`);
    expect(keep(text, true)).toBe(`${"t".repeat(MAX_ERROR_BODY_CHARS - 1)}${TRUNCATED}`);
    const json = { a: `${"j".repeat(MAX_ERROR_BODY_CHARS - 7)}😀` };
    expect(keep(json)).toBe(`{"a":"${"j".repeat(MAX_ERROR_BODY_CHARS - 7)}…[4 more characters]`);
    expect(apiError(404, { ...trutoBody(404, "Not Found", "gone"), raw_response: text }).rawResponse).toBe(`${"t".repeat(MAX_ERROR_BODY_CHARS - 1)}…[6 more characters]`);
  });

  it("cuts before any high surrogate (U+D800 to U+DBFF) at the cut, and drops none where it does not cut", () => {
    for (const emoji of ["\u{10000}", "\u{10FC00}"]) {
      expect(keep(`${"t".repeat(MAX_ERROR_BODY_CHARS - 1)}${emoji}!`)).toBe(`${"t".repeat(MAX_ERROR_BODY_CHARS - 1)}…[3 more characters]`);
    }
    // A body the reading already cut, as long as what is kept: nothing of it is dropped.
    const whole = `${"t".repeat(MAX_ERROR_BODY_CHARS - 1)}\uD800`;
    expect(keep(whole, true)).toBe(`${whole}${TRUNCATED}`);
  });

  it("keeps the first 64 KiB of a 50 MB text body and says how much was left out; the message stays one short line", () => {
    const text = `<html>${"x".repeat(50 * 1024 * 1024)}</html>`;
    const error = apiError(502, text);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.body).toBe(`${text.slice(0, MAX_ERROR_BODY_CHARS)}…[${text.length - MAX_ERROR_BODY_CHARS} more characters]`);
    expect(error.message).toBe(`502 <html>${"x".repeat(194)}…`);
  });

  it("keeps a large JSON body as the first 64 KiB of its JSON text; isRemoteError and the message still read from it; rawResponse bounded too", () => {
    const body = { statusCode: 404, error: "Not Found", message: "Record not found", truto_is_remote_error: true, raw_response: { html: "y".repeat(200_000) } };
    const error = apiError(404, body);
    expect(error).toBeInstanceOf(NotFoundError);
    const json = JSON.stringify(body);
    expect(error.body).toBe(`${json.slice(0, MAX_ERROR_BODY_CHARS)}…[${json.length - MAX_ERROR_BODY_CHARS} more characters]`);
    expect(error.isRemoteError).toBe(true);
    expect(error.message).toBe("404 Record not found");
    const raw = JSON.stringify(body.raw_response);
    expect(error.rawResponse).toBe(`${raw.slice(0, MAX_ERROR_BODY_CHARS)}…[${raw.length - MAX_ERROR_BODY_CHARS} more characters]`);
  });

  it("keeps small JSON bodies as the very object", () => {
    const body = { statusCode: 404, error: "Not Found", message: "nope", truto_is_remote_error: true, raw_response: { a: 1 } };
    const error = apiError(404, body);
    expect(error.body).toBe(body);
    expect(error.rawResponse).toBe(body.raw_response);
  });

  it("keeps an empty body as undefined, and other scalars as they are", () => {
    expect(keep(undefined)).toBeUndefined();
    expect(keep(null)).toBeNull();
    expect(keep(42)).toBe(42);
    expect(keep(true)).toBe(true);
    expect(keep("")).toBe("");
  });

  it("a body the client stopped reading (bodyTruncated) says so, even when what was read is short", () => {
    expect(keep('{"statusCode":500,"mess', true)).toBe(`{"statusCode":500,"mess${TRUNCATED}`);
    expect(keep("t".repeat(MAX_ERROR_BODY_CHARS + 10), true)).toBe(`${"t".repeat(MAX_ERROR_BODY_CHARS)}${TRUNCATED}`);
    expect(keep({ a: 1 }, true)).toBe(`{"a":1}${TRUNCATED}`);
    // Nothing to mark on what is not text.
    expect(keep(undefined, true)).toBeUndefined();
    expect(keep(null, true)).toBeNull();
    expect(keep(7, true)).toBe(7);
    expect(keep("short", false)).toBe("short");
  });

  it("the truncated mark is on the body only: rawResponse is bounded without it", () => {
    const error = apiError(502, { ...trutoBody(502, "Bad Gateway", "down"), truto_is_remote_error: true, raw_response: "provider text" }, { bodyTruncated: true });
    expect(error.rawResponse).toBe("provider text");
    expect(error.body).toBe(`${JSON.stringify({ ...trutoBody(502, "Bad Gateway", "down"), truto_is_remote_error: true, raw_response: "provider text" })}${TRUNCATED}`);
    expect(error.message).toBe("502 down");
  });

  it("does not keep the whole text alive: three 20 MB bodies leave under 10 MB on the heap", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const errors = [1, 2, 3].map((i) => apiError(502, `${i}${"z".repeat(20 * 1024 * 1024)}`));
    const truncated = [4, 5, 6].map((i) => apiError(502, `${i}${"z".repeat(20 * 1024 * 1024)}`, { bodyTruncated: true }));
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 1024 * 1024);
    expect(errors).toHaveLength(3);
    expect(truncated).toHaveLength(3);
  });
});

describe("other errors", () => {
  it("a bare TrutoError is named so and keeps its cause", () => {
    const cause = new Error("inner");
    const error = new TrutoError("something failed", { cause });
    expect([error.name, String(error), error.cause]).toEqual(["TrutoError", "TrutoError: something failed", cause]);
  });

  it("a connection error says Connection error unless told otherwise, and names the request", () => {
    const error = new TrutoConnectionError("DELETE", URL_);
    expect([error.name, error.message, error.method, error.url]).toEqual(["TrutoConnectionError", `Connection error (DELETE ${URL_})`, "DELETE", URL_]);
    expect(new TrutoConnectionError("GET", URL_, "Connection lost while reading the response body").message).toBe(`Connection lost while reading the response body (GET ${URL_})`);
  });

  it("connection and timeout errors keep the cause", () => {
    const cause = new TypeError("fetch failed");
    const connection = new TrutoConnectionError("DELETE", URL_, "Connection error", { cause });
    expect(connection.cause).toBe(cause);
    const timeout = new TrutoTimeoutError("DELETE", URL_, 50);
    expect(timeout).toBeInstanceOf(TrutoConnectionError);
    expect(timeout).toBeInstanceOf(TrutoError);
    expect(timeout.message).toBe(`Request timed out after 50 ms (DELETE ${URL_})`);
    expect([timeout.name, timeout.method, timeout.url]).toEqual(["TrutoTimeoutError", "DELETE", URL_]);
  });

  it("validation errors name the parameter and the integration, and keep a cause", () => {
    const cause = new TypeError("Do not know how to serialize a BigInt");
    const error = new TrutoValidationError("engagement_type", "bad", "Keap", { cause });
    expect([error.parameter, error.integration, error.message, error.name, error.cause]).toEqual(["engagement_type", "Keap", "bad", "TrutoValidationError", cause]);
    expect(error).toBeInstanceOf(TrutoError);
    expect(new TrutoValidationError("token", "bad").integration).toBeUndefined();
  });
});
