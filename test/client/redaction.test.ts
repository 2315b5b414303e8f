// The token is scrubbed from everything an error can carry: bodies (text or JSON, any token,
// however short, with `"` or `\`), and response headers (x-request-id, error.headers).
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { scrubHeaders, scrubToken } from "../../src/auth.js";
import { AuthenticationError, TrutoApiError, TrutoError, createTrutoClient } from "../../src/index.js";
import { startServer, trutoError, type TestServer } from "../helpers/server.js";

describe("scrubToken", () => {
  it.each(["test", "t0k", "x", "tok_live_5f2b9c0e41d8a7"])("scrubs a token of %j from text and from JSON", (token) => {
    expect(scrubToken(`Bearer ${token} is invalid`, token)).toBe("Bearer [REDACTED] is invalid");
    expect(scrubToken({ message: `bad ${token}`, nested: [{ echo: token }] }, token)).toEqual({ message: "bad [REDACTED]", nested: [{ echo: "[REDACTED]" }] });
  });

  it.each(['ab"cd12', "ab\\cd12", '"\\"\\', "a\\u0041b"])("scrubs a token with quotes or backslashes (%j) from JSON", (token) => {
    const body = { statusCode: 401, message: `Invalid token ${token}`, raw_response: { header: `Bearer ${token}`, [token]: 1 } };
    const scrubbed = scrubToken(body, token);
    expect(scrubbed).toEqual({ statusCode: 401, message: "Invalid token [REDACTED]", raw_response: { header: "Bearer [REDACTED]", "[REDACTED]": 1 } });
    expect(JSON.stringify(scrubbed)).not.toContain(JSON.stringify(token).slice(1, -1));
    expect(inspect(scrubbed, { depth: 10 })).not.toContain(token);
  });

  it("keeps a __proto__ key a key, and leaves values without the token untouched (same object)", () => {
    const body = JSON.parse('{"__proto__": {"x": "tok_1234567"}, "y": 1}') as object;
    const scrubbed = scrubToken(body, "tok_1234567") as Record<string, unknown>;
    expect(Object.getPrototypeOf(scrubbed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(scrubbed, "__proto__")?.value).toEqual({ x: "[REDACTED]" });
    const clean = { message: "fine" };
    expect(scrubToken(clean, "tok_1234567")).toBe(clean);
    expect(scrubToken(undefined, "tok")).toBeUndefined();
    expect(scrubToken(42, "x")).toBe(42);
    expect(scrubToken(12345678, "2345")).toBe("1[REDACTED]678");
    expect(scrubToken({ code: 12345678, ok: true }, "2345")).toEqual({ code: "1[REDACTED]678", ok: true });
  });
});

describe("scrubHeaders", () => {
  it("replaces the token in every value and name, and returns the same Headers when none holds it", () => {
    const token = "tok_live_5f2b9c0e41d8a7";
    const echoed = new Headers({ "x-request-id": `req-${token}`, "x-debug-auth": `Bearer ${token}`, [`x-${token}`]: "1", "retry-after": "3" });
    const scrubbed = scrubHeaders(echoed, token);
    expect([...scrubbed]).toEqual([
      ["retry-after", "3"],
      ["x-debug-auth", "Bearer [REDACTED]"],
      ["x-redacted", "1"],
      ["x-request-id", "req-[REDACTED]"],
    ]);
    const clean = new Headers({ "x-request-id": "req_1" });
    expect(scrubHeaders(clean, token)).toBe(clean);
  });

  it("an error built from scrubbed headers has no token in requestId, headers, JSON or inspect", () => {
    const token = "sk\"q\\1";
    const headers = scrubHeaders(new Headers({ "x-request-id": token, "set-cookie": `a=${token}` }), token);
    const error = TrutoApiError.fromResponse(500, scrubToken({ statusCode: 500, error: "x", message: `no ${token}` }, token), headers, "DELETE", "http://x.test/a");
    expect(error.requestId).toBe("[REDACTED]");
    for (const text of [JSON.stringify(error), inspect(error, { depth: 10 }), String(error.stack), [...error.headers].join()]) expect(text).not.toContain(token);
  });
});

describe("on the wire: both call styles, any token", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
  const PARAMS = { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } } };

  /**
   * Every text an error can be turned into. Stack frames name source files, not server data, and
   * the file names hold "test": inspect's and the stack's frames are left out.
   */
  const texts = (value: unknown) => {
    const error = value as Error & { headers?: Headers; body?: unknown };
    const noFrames = (text: string) => text.replace(/\n\s+at .*/g, "");
    return [String(error), error.message, noFrames(error.stack ?? ""), JSON.stringify(error), noFrames(inspect(error, { depth: 10 })), JSON.stringify(error.body ?? null), [...(error.headers ?? [])].join()];
  };

  it.each(["tok_live_5f2b9c0e41d8a7", "test", "t\"k\\1"])("token %j echoed in a response header and body: scrubbed from the resource method's error", async (token) => {
    const truto = createTrutoClient({ token, baseUrl: server.url, maxRetries: 0 });
    server.reply(trutoError(401, `Invalid token ${token}`, { echo: { token } }, { "x-request-id": `req-${token}`, "x-debug": `Bearer ${token}` }));
    const error = (await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e: unknown) => e)) as TrutoApiError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.requestId).toBe("req-[REDACTED]");
    expect(error.headers.get("x-debug")).toBe("Bearer [REDACTED]");
    expect(error.message).toBe("401 Invalid token [REDACTED]");
    expect(error.body).toEqual({ statusCode: 401, error: "Unauthorized", message: "Invalid token [REDACTED]", echo: { token: "[REDACTED]" } });
    for (const text of texts(error)) expect(text).not.toContain(token);
  });

  it("truto.DELETE returns { error } scrubbed like the resource method", async () => {
    const token = "tok_live_5f2b9c0e41d8a7";
    const truto = createTrutoClient({ token, baseUrl: server.url, maxRetries: 0 });
    server.reply(trutoError(401, `Invalid token ${token}`), { status: 400, body: `echo: Authorization: Bearer ${token}` });
    const json = await truto.DELETE("/unified/crm/engagements/{id}", PARAMS);
    expect(json.error).toEqual({ statusCode: 401, error: "Unauthorized", message: "Invalid token [REDACTED]" });
    const text = await truto.DELETE("/unified/crm/engagements/{id}", PARAMS);
    expect(text.error).toBe("echo: Authorization: Bearer [REDACTED]");
  });

  it("a non-JSON 200 body is a TrutoError on both call styles, its cause scrubbed", async () => {
    const token = "tok_live_5f2b9c0e41d8a7";
    const truto = createTrutoClient({ token, baseUrl: server.url });
    const body = `Bearer ${token} is not JSON`;
    server.reply({ status: 200, body, headers: { "content-type": "application/json" } }, { status: 200, body, headers: { "content-type": "application/json" } });
    const fromDelete = (await truto.DELETE("/unified/crm/engagements/{id}", PARAMS).catch((e: unknown) => e)) as TrutoError;
    const fromResource = (await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e: unknown) => e)) as TrutoError;
    expect(fromDelete).toEqual(new TrutoError("DELETE /unified/crm/engagements/{id}: the response body is not valid JSON"));
    expect(fromResource).toEqual(new TrutoError("crm.engagements.delete: the response body is not valid JSON"));
    for (const error of [fromDelete, fromResource]) {
      expect(error.cause).toBeInstanceOf(SyntaxError);
      for (const text of [...texts(error), String(error.cause), inspect(error.cause)]) expect(text).not.toContain(token);
    }
  });
});
