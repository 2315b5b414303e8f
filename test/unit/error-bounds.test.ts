// What an API error keeps of a response is bounded: at most 64 KiB of its body (text, or JSON
// text), a one-line message, and no reference to the whole text it was cut from.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { InternalServerError, MAX_ERROR_BODY_CHARS, NotFoundError, TrutoApiError } from "../../src/errors.js";

const URL_ = "http://x.test/unified/crm/engagements/1";

describe("error body bounds", () => {
  it("keeps a text body up to 64 KiB as is", () => {
    expect(MAX_ERROR_BODY_CHARS).toBe(65_536);
    const text = "a".repeat(MAX_ERROR_BODY_CHARS);
    expect(TrutoApiError.fromResponse(502, text, new Headers(), "DELETE", URL_).body).toBe(text);
  });

  it("keeps the first 64 KiB of a 50 MB text body and says how much was left out", () => {
    const text = `<html>${"x".repeat(50 * 1024 * 1024)}</html>`;
    const error = TrutoApiError.fromResponse(502, text, new Headers(), "DELETE", URL_);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.body).toBe(`${text.slice(0, MAX_ERROR_BODY_CHARS)}…[${text.length - MAX_ERROR_BODY_CHARS} more characters]`);
    expect(error.message).toBe(`502 <html>${"x".repeat(194)}…`);
  });

  it("keeps a large JSON body as the first 64 KiB of its JSON text; isRemoteError still read from it", () => {
    const body = { statusCode: 404, error: "Not Found", message: "Record not found", truto_is_remote_error: true, raw_response: { html: "y".repeat(200_000) } };
    const error = TrutoApiError.fromResponse(404, body, new Headers(), "DELETE", URL_);
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
    const error = TrutoApiError.fromResponse(404, body, new Headers(), "DELETE", URL_);
    expect(error.body).toBe(body);
    expect(error.rawResponse).toBe(body.raw_response);
  });

  it("cuts Truto's own message at 1,000 characters", () => {
    const error = TrutoApiError.fromResponse(400, { statusCode: 400, error: "Bad Request", message: "m".repeat(5_000) }, new Headers(), "DELETE", URL_);
    expect(error.message).toBe(`400 ${"m".repeat(1_000)}…`);
  });

  it("does not keep the whole text alive: three 20 MB bodies leave under 10 MB on the heap", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const errors = [1, 2, 3].map((i) => TrutoApiError.fromResponse(502, `${i}${"z".repeat(20 * 1024 * 1024)}`, new Headers(), "DELETE", URL_));
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 1024 * 1024);
    expect(errors).toHaveLength(3);
  });
});
