// The mock Truto's HTTP layer (src/mock/server.ts), seen with plain fetch: every fault kind on the
// wire, `requests` in order of arrival, received(n) and answered(n), inject() refusals, CORS
// preflights, listening (a port in use rejects), close() with requests still open, 413 for large
// bodies, reset(), and timers of its own (a test that fakes the global timers still gets answers).
import { connect } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { InternalServerError, RateLimitError, TrutoConnectionError, TrutoTimeoutError, createTrutoClient, type RetryEvent } from "../../src/index.js";
import { createMockTruto, type MockTruto } from "../../src/mock/index.js";
import { fastRetries, mockServer } from "../helpers/client.js";
import { ACCOUNT, ENGAGEMENT, IDS, PLANHAT_ACCOUNT, TEST_ACCOUNTS, TOKEN } from "../helpers/constants.js";

const { mock } = await mockServer();

/** Mocks a test starts for itself (closing them is part of what some tests check). */
const own: MockTruto[] = [];
afterEach(async () => {
  await Promise.all(own.splice(0).map((m) => m.close()));
});
async function start(options: Parameters<typeof createMockTruto>[0] = {}): Promise<MockTruto> {
  const started = await createMockTruto({ token: TOKEN, integrations: { ...TEST_ACCOUNTS }, ...options });
  own.push(started);
  return started;
}

const target = (id: string = IDS[0], account = PLANHAT_ACCOUNT) => `/unified/crm/engagements/${id}?integrated_account_id=${account}`;
/** A DELETE of a Capsule record (answered `{ id, remote_data }`), as any HTTP client sends it. */
const del = (id: string = IDS[0], init: RequestInit = {}, on: MockTruto = mock) =>
  fetch(`${on.url}${target(id, ACCOUNT)}`, { method: "DELETE", ...init, headers: { authorization: `Bearer ${TOKEN}`, ...init.headers } });
const capsuleRecord = (id: string) => ({ id, remote_data: { Id: id, source: "mock" } });
const ENGAGEMENT_TEXT = JSON.stringify(ENGAGEMENT);
const FIRST_HALF = ENGAGEMENT_TEXT.slice(0, Math.ceil(ENGAGEMENT_TEXT.length / 2));

/** Every chunk of a body, as read. */
async function chunks(response: Response): Promise<string[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const reads: string[] = [];
  for (let read = await reader.read(); !read.done; read = await reader.read()) reads.push(read.value);
  return reads;
}

/** Sends a request as written (header lines repeated as given) on a fresh socket; the status line and body. */
function rawRequest(on: MockTruto, head: string, body = ""): Promise<{ statusLine: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(on.url).port), "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      resolve({ statusLine: text.slice(0, text.indexOf("\r\n")), body: text.slice(text.indexOf("\r\n\r\n") + 4) });
    });
    socket.end(`${head}\r\nHost: mock\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

/** Headers without the ones that change per run (date) or per connection (keep-alive). */
const stableHeaders = (response: Response) => Object.fromEntries([...response.headers].filter(([name]) => !["date", "connection", "keep-alive"].includes(name)));
const CORS = { "access-control-allow-origin": "*", "access-control-expose-headers": "*" };

describe("exact replies ({ reply }): any status, body and headers; nothing acted on", () => {
  it("a JSON body is sent as JSON with its length; the record the request named is untouched", async () => {
    mock.inject({ reply: { status: 418, body: ENGAGEMENT, headers: { "x-request-id": "req_1" } } });
    const response = await del();
    expect(response.status).toBe(418);
    expect(stableHeaders(response)).toEqual({ ...CORS, "content-type": "application/json", "content-length": String(ENGAGEMENT_TEXT.length), "x-request-id": "req_1" });
    expect(await response.text()).toBe(ENGAGEMENT_TEXT);
    expect(await (await del()).json()).toEqual(capsuleRecord(IDS[0]));
  });

  it("a string body is sent as it is, with no content type unless given", async () => {
    mock.inject({ reply: { status: 200, body: '{"oops' } });
    mock.inject({ reply: { status: 502, body: "<html>Bad gateway</html>", headers: { "content-type": "text/html" } } });
    const malformed = await del();
    expect([malformed.status, stableHeaders(malformed), await malformed.text()]).toEqual([200, { ...CORS, "content-length": "6" }, '{"oops']);
    const html = await del();
    expect([html.status, stableHeaders(html), await html.text()]).toEqual([502, { ...CORS, "content-type": "text/html", "content-length": "24" }, "<html>Bad gateway</html>"]);
  });

  it("no body: a 204 as it is; a 200 with an empty body", async () => {
    mock.inject({ reply: { status: 204 } });
    mock.inject({ reply: { status: 200, headers: { "x-empty": "yes" } } });
    const noContent = await del();
    expect([noContent.status, stableHeaders(noContent), await noContent.text()]).toEqual([204, CORS, ""]);
    const empty = await del();
    expect([empty.status, empty.headers.get("x-empty"), empty.headers.get("content-type"), await empty.text()]).toEqual([200, "yes", null, ""]);
    expect(mock.requests.map((r) => r.status)).toEqual([204, 200]);
  });
});

describe("Truto's errors ({ status }, { remote })", () => {
  it("a status fault answers Truto's error body, with Retry-After when given (seconds or a date)", async () => {
    mock.inject({ status: 429, message: "Rate limit exceeded", retryAfter: 2 });
    mock.inject({ status: 503, retryAfter: "Wed, 21 Oct 2037 07:28:00 GMT" });
    mock.inject({ status: 500 });
    const limited = await del();
    expect([limited.status, limited.headers.get("retry-after"), limited.headers.get("content-type"), await limited.json()]).toEqual([
      429,
      "2",
      "application/json",
      { statusCode: 429, error: "Too Many Requests", message: "Rate limit exceeded" },
    ]);
    const unavailable = await del();
    expect([unavailable.headers.get("retry-after"), await unavailable.json()]).toEqual(["Wed, 21 Oct 2037 07:28:00 GMT", { statusCode: 503, error: "Service Unavailable", message: "Service Unavailable" }]);
    const failed = await del();
    expect([failed.headers.get("retry-after"), await failed.json()]).toEqual([null, { statusCode: 500, error: "Internal Server Error", message: "Internal Server Error" }]);
    // None acted: the record is still there.
    expect((await del()).status).toBe(200);
  });

  it("a remote fault flags the provider's failure, with its body and headers", async () => {
    mock.inject({ remote: true, status: 409, message: "Record locked", rawResponse: { code: "LOCKED" }, headers: { "x-ratelimit-remaining": "3" } });
    const response = await del();
    expect([response.status, response.headers.get("x-ratelimit-remaining"), await response.json()]).toEqual([
      409,
      "3",
      { statusCode: 409, error: "Conflict", message: "Record locked", truto_is_remote_error: true, raw_response: { code: "LOCKED" } },
    ]);
  });

  it("times: the next n requests get the fault, then the mock answers again", async () => {
    mock.inject({ status: 503 }, 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await del()).status);
    expect(statuses).toEqual([503, 503, 200]);
  });
});

describe("delivery: slow, stall, cut, trickle", () => {
  it("slow: answered after a request sent later, and acted on when delivered", async () => {
    mock.inject({ slow: 400 });
    const first = del(IDS[0]);
    await mock.received(1);
    expect(mock.requests.map((r) => r.status)).toEqual([0]);
    // The second DELETE of the same id arrives later and is answered first: the slow one has not acted yet.
    expect(await (await del(IDS[0])).json()).toEqual(capsuleRecord(IDS[0]));
    expect(mock.requests.map((r) => r.status)).toEqual([0, 200]);
    const late = await first;
    expect([late.status, await late.json()]).toEqual([404, { statusCode: 404, error: "Not Found", message: `No record with id "${IDS[0]}" in /unified/crm/engagements` }]);
    expect(mock.requests.map((r) => r.status)).toEqual([404, 200]);
  });

  it("stall: headers and the first half of the body, then nothing (only the client's timeout ends it)", async () => {
    mock.inject({ reply: { status: 200, body: ENGAGEMENT }, stall: true });
    const response = await del(IDS[0], { signal: AbortSignal.timeout(100) });
    expect([response.status, response.headers.get("content-length"), response.headers.get("transfer-encoding")]).toEqual([200, null, "chunked"]);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect(await reader.read()).toEqual({ done: false, value: FIRST_HALF });
    await expect(reader.read()).rejects.toMatchObject({ name: "TimeoutError" });
    expect(mock.requests.map((r) => r.status)).toEqual([200]);
  });

  it("stall on the mock's own answer: it acted, and the body never ends", async () => {
    mock.inject({ stall: true });
    const response = await del(IDS[1], { signal: AbortSignal.timeout(100) });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toMatchObject({ name: "TimeoutError" });
    expect((await del(IDS[1])).status).toBe(404);
  });

  it("stall holds a streamed answer too (truto_response_format=stream): its second half never comes", async () => {
    // Fails on this code: server.ts adds the stream's trickle to any delivery without one, stall included.
    mock.inject({ stall: true });
    const response = await fetch(`${mock.url}${target(IDS[2], PLANHAT_ACCOUNT)}&truto_response_format=stream`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: AbortSignal.timeout(150),
    });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("cut: headers and the first half, then the connection drops (reading fails with a TypeError)", async () => {
    mock.inject({ reply: { status: 200, body: ENGAGEMENT }, cut: true });
    const response = await del();
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect(await reader.read()).toEqual({ done: false, value: FIRST_HALF });
    await expect(reader.read()).rejects.toMatchObject({ name: "TypeError", message: "terminated" });
    expect(mock.requests.map((r) => r.status)).toEqual([200]);
  });

  it("trickle: the body in two halves; the mock's own stream answers trickle by themselves", async () => {
    mock.inject({ reply: { status: 201, body: ENGAGEMENT, headers: { "x-stream": "yes" } }, trickle: 10 });
    const trickled = await del();
    expect([trickled.status, trickled.headers.get("x-stream"), trickled.headers.get("content-length")]).toEqual([201, "yes", null]);
    expect(await chunks(trickled)).toEqual([FIRST_HALF, ENGAGEMENT_TEXT.slice(FIRST_HALF.length)]);
    const streamed = await fetch(`${mock.url}${target(IDS[3], ACCOUNT)}&truto_response_format=stream`, { method: "DELETE", headers: { authorization: `Bearer ${TOKEN}` } });
    const text = JSON.stringify(capsuleRecord(IDS[3]));
    expect(await chunks(streamed)).toEqual([text.slice(0, Math.ceil(text.length / 2)), text.slice(Math.ceil(text.length / 2))]);
  });

  it("trickle halves the body's bytes: a character across the middle arrives whole", async () => {
    // Fails on this code: deliver() halves the string by UTF-16 code units, so "🚀" is cut into two
    // lone surrogates, each sent as U+FFFD.
    mock.inject({ reply: { status: 200, body: "a🚀" }, trickle: 5 });
    expect(await (await del()).text()).toBe("a🚀");
  });

  it("delivery modes combine with a status fault: a slow 503, a trickled remote error", async () => {
    mock.inject({ status: 503, slow: 20 });
    mock.inject({ remote: true, status: 502, message: "Upstream", rawResponse: null, trickle: 5 });
    expect([(await del()).status, await (await del()).json()]).toEqual([
      503,
      { statusCode: 502, error: "Bad Gateway", message: "Upstream", truto_is_remote_error: true, raw_response: null },
    ]);
  });
});

describe("dropped connections: hang, reset, lost", () => {
  it("hang: no answer and nothing acted on, until the caller gives up", async () => {
    mock.inject({ hang: true });
    const controller = new AbortController();
    const hung = del(IDS[0], { signal: controller.signal }).catch((error: unknown) => error);
    await mock.received(1);
    expect(await (await del(IDS[0])).json()).toEqual(capsuleRecord(IDS[0]));
    controller.abort();
    expect(await hung).toMatchObject({ name: "AbortError" });
    expect(mock.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it("reset: the connection drops before any answer, nothing acted on", async () => {
    mock.inject({ reset: true });
    const error = await del(IDS[0]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "fetch failed", cause: { code: "UND_ERR_SOCKET" } });
    expect((await del(IDS[0])).status).toBe(200);
    expect(mock.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it("lost: acted on, then the connection drops: the answer is lost", async () => {
    mock.inject({ lost: true });
    await expect(del(IDS[0])).rejects.toThrow(new TypeError("fetch failed"));
    expect((await del(IDS[0])).status).toBe(404);
    expect(mock.requests.map((r) => r.status)).toEqual([0, 404]);
  });
});

describe("faults as the real client sees them", () => {
  it("429 with Retry-After: the client waits exactly that, then succeeds", async () => {
    mock.inject({ status: 429, message: "Rate limit exceeded", retryAfter: 1 });
    const events: RetryEvent[] = [];
    const { onRetry } = fastRetries(events);
    const truto = createTrutoClient({ token: TOKEN, baseUrl: mock.url, onRetry });
    expect(await truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT })).toEqual(capsuleRecord(IDS[0]));
    expect(events.map((e) => [e.status, e.delayMs])).toEqual([[429, 1000]]);
    expect(mock.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("a 429 that never clears is a RateLimitError after the retries", async () => {
    mock.inject({ status: 429, retryAfter: 0 }, 3);
    const error = await createTrutoClient({ token: TOKEN, baseUrl: mock.url }).crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(mock.requests.map((r) => r.status)).toEqual([429, 429, 429]);
  });

  it("5xx, remote errors, resets and no answer within timeoutMs", async () => {
    const truto = createTrutoClient({ token: TOKEN, baseUrl: mock.url, maxRetries: 0, timeoutMs: 100 });
    const call = () => truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT }).catch((e: unknown) => e);
    mock.inject({ status: 503 });
    const unavailable = await call();
    expect([unavailable instanceof InternalServerError, (unavailable as Error).message]).toEqual([true, "503 Service Unavailable"]);
    mock.inject({ remote: true, status: 409, message: "Record locked", rawResponse: { code: "LOCKED" }, headers: { "x-ratelimit-remaining": "3" } });
    expect(await call()).toMatchObject({ status: 409, isRemoteError: true, rawResponse: { code: "LOCKED" }, message: "409 Record locked" });
    mock.inject({ reset: true });
    expect(await call()).toBeInstanceOf(TrutoConnectionError);
    // A hang, not a slow answer: a slow one would still act after this test, on the next test's records.
    mock.inject({ hang: true });
    expect(await call()).toBeInstanceOf(TrutoTimeoutError);
  });
});

describe("requests: what arrived, in order of arrival", () => {
  it("records method, raw target, request line, lower-case headers, body and Idempotency-Key", async () => {
    await fetch(`${mock.url}/unified/crm/engagements/a%2Fb?truto_exclude_fields[]=id&integrated_account_id=${ACCOUNT}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${TOKEN}`, "X-Trace-Id": "t1", "Idempotency-Key": "k-1", "content-type": "application/json" },
      body: '{"n":1}',
    });
    const [request] = mock.requests;
    expect(request).toMatchObject({
      method: "DELETE",
      rawUrl: `/unified/crm/engagements/a%2Fb?truto_exclude_fields[]=id&integrated_account_id=${ACCOUNT}`,
      requestLine: `DELETE /unified/crm/engagements/a%2Fb?truto_exclude_fields[]=id&integrated_account_id=${ACCOUNT} HTTP/1.1`,
      body: '{"n":1}',
      status: 404,
      idempotencyKey: "k-1",
    });
    expect(request!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, "x-trace-id": "t1", "idempotency-key": "k-1", "content-type": "application/json", "content-length": "7" });
    expect(Object.keys(request!.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(request).not.toHaveProperty("replayed");
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("a repeated header keeps every value, Authorization and Content-Type too; two Authorization headers are a 401", async () => {
    // Fails on this code: Node's req.headers keeps only the first Authorization and Content-Type, so the
    // request was recorded with one of each and authenticated as the first token.
    const answer = await rawRequest(
      mock,
      `DELETE ${target(IDS[0], ACCOUNT)} HTTP/1.1\r\nAuthorization: Bearer ${TOKEN}\r\nAuthorization: Bearer other\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\nX-Trace-Id: 1\r\nX-Trace-Id: 2`,
    );
    expect(answer).toEqual({ statusLine: "HTTP/1.1 401 Unauthorized", body: JSON.stringify({ statusCode: 401, error: "Unauthorized", message: "Send one Authorization header, not 2" }) });
    expect(mock.requests[0]!.headers).toEqual({
      authorization: `Bearer ${TOKEN}, Bearer other`,
      "content-type": "application/json, text/plain",
      "x-trace-id": "1, 2",
      host: "mock",
      connection: "close",
      "content-length": "0",
    });
    // Nothing was acted on: the record is still there.
    expect(await (await del(IDS[0])).json()).toEqual(capsuleRecord(IDS[0]));
  });

  it("an entry is there when its request arrives (status 0), and gets its status when the headers go out", async () => {
    mock.inject({ slow: 30 });
    const pending = del(IDS[0]);
    const arrived = await mock.received(1);
    expect(arrived).toBe(mock.requests);
    expect(arrived.map((r) => [r.rawUrl, r.status])).toEqual([[target(IDS[0], ACCOUNT), 0]]);
    const answered = await mock.answered(1);
    expect(answered.map((r) => r.status)).toEqual([200]);
    expect((await pending).status).toBe(200);
  });

  it("in order of arrival, not of answer; received(n) and answered(n) count each", async () => {
    mock.inject({ slow: 400 });
    const slow = del(IDS[0]);
    await mock.received(1);
    const fast = del(IDS[1]);
    const [received, answered] = await Promise.all([mock.received(2), mock.answered(1)]);
    expect(received.map((r) => r.rawUrl)).toEqual([target(IDS[0], ACCOUNT), target(IDS[1], ACCOUNT)]);
    expect(answered.map((r) => r.status)).toEqual([0, 200]);
    await mock.answered(2);
    expect(mock.requests.map((r) => r.status)).toEqual([200, 200]);
    await Promise.all([slow, fast]);
    // A count already reached resolves at once.
    await expect(mock.received(1)).resolves.toHaveLength(2);
  });

  it("received(n) and answered(n) take an integer count >= 1", () => {
    for (const count of [0, -1, 1.5, Number.NaN]) {
      expect(() => mock.received(count)).toThrow(new TypeError("mock.received: the count must be an integer >= 1"));
      expect(() => mock.answered(count)).toThrow(new TypeError("mock.answered: the count must be an integer >= 1"));
    }
  });
});

describe("inject() refuses a fault it could not play, when called", () => {
  it.each([
    [{ status: 429, retryAfter: "1\r\nX: 1" }, 1, '"retryAfter" must be a number of seconds or a string without CR, LF or NUL'],
    [{ status: 429, retryAfter: -1 }, 1, '"retryAfter" must be a whole number of seconds >= 0, or a string'],
    [{ status: 429, retryAfter: Number.POSITIVE_INFINITY }, 1, '"retryAfter" must be a whole number of seconds >= 0, or a string'],
    // RFC 9110 delta-seconds are digits: these went on the wire as "0.2" and "1e+21".
    [{ status: 429, retryAfter: 0.2 }, 1, '"retryAfter" must be a whole number of seconds >= 0, or a string'],
    [{ status: 429, retryAfter: 1e21 }, 1, '"retryAfter" must be a whole number of seconds >= 0, or a string'],
    // Fields another kind of fault has were accepted and ignored.
    [{ retryAfter: 5 }, 1, '"retryAfter" is not a field of a delivery fault (its fields: slow, stall, cut, trickle)'],
    [{ message: "boom" }, 1, '"message" is not a field of a delivery fault (its fields: slow, stall, cut, trickle)'],
    [{ status: 429, headers: { "x-ratelimit-remaining": "0" } }, 1, '"headers" is not a field of a status fault (its fields: status, message, retryAfter, slow, stall, cut, trickle)'],
    [{ hang: true, status: 500 }, 1, '"status" is not a field of a hang fault (its fields: hang)'],
    [{ reset: true, slow: 10 }, 1, '"slow" is not a field of a reset fault (its fields: reset)'],
    [{ reply: { status: 200, body: "ok" }, retryAfter: 3 }, 1, '"retryAfter" is not a field of a reply fault (its fields: reply, slow, stall, cut, trickle)'],
    [{ remote: true, status: 409, message: "x", rawResponse: {}, retryAfter: 1 }, 1, '"retryAfter" is not a field of a remote fault (its fields: remote, status, message, rawResponse, headers, slow, stall, cut, trickle)'],
    [{ status: 200 }, 1, '"status" must be an integer from 400 to 599, got 200'],
    [{ status: "503" }, 1, '"status" must be an integer from 400 to 599, got string'],
    [{ status: 503, message: 1 }, 1, '"message" must be a string, got number'],
    [{ remote: true, status: 409, message: "x", rawResponse: {}, headers: { "x-a": "1\r\nSet-Cookie: a=b" } }, 1, 'header "x-a" must be a string without CR, LF or NUL'],
    [{ remote: true, status: 409, message: "x", rawResponse: {}, headers: { "bad name": "1" } }, 1, 'header name "bad?name" is not a valid HTTP token'],
    [{ remote: true, status: 409, message: "x", rawResponse: {}, headers: { "Content-Length": "1" } }, 1, 'header "Content-Length" is set by the mock'],
    [{ remote: true, status: 409, message: "x", rawResponse: {}, headers: ["x"] }, 1, '"headers" must be an object of header names to string values'],
    [{ remote: true, status: 409, message: 1, rawResponse: {} }, 1, '"message" must be a string, got number'],
    [{ remote: true, status: 409, rawResponse: {} }, 1, '"message" must be a string, got undefined'],
    [{ remote: false, status: 409, message: "x", rawResponse: {} }, 1, '"remote" must be true'],
    [{ remote: true, status: 302, message: "x", rawResponse: {} }, 1, '"status" must be an integer from 400 to 599, got 302'],
    [{ reply: null }, 1, '"reply" must be an object { status, body?, headers? }'],
    [{ reply: { status: 199 } }, 1, '"status" must be an integer from 200 to 599, got 199'],
    [{ reply: { status: 200, headers: { "Transfer-Encoding": "chunked" } } }, 1, 'header "Transfer-Encoding" is set by the mock'],
    [{ reply: { status: 200, headers: { connection: "close" } } }, 1, 'header "connection" is set by the mock'],
    [{ reply: { status: 200, headers: { "x-a": 1 } } }, 1, 'header "x-a" must be a string without CR, LF or NUL'],
    [{ slow: Number.POSITIVE_INFINITY }, 1, '"slow" must be a number of milliseconds from 0 to 600000'],
    [{ slow: -1 }, 1, '"slow" must be a number of milliseconds from 0 to 600000'],
    [{ trickle: 600_001 }, 1, '"trickle" must be a number of milliseconds from 0 to 600000'],
    [{ trickle: "10" }, 1, '"trickle" must be a number of milliseconds from 0 to 600000'],
    [{ stall: 1 }, 1, '"stall" must be true'],
    [{ cut: false }, 1, '"cut" must be true'],
    [{ stall: true, cut: true }, 1, '"stall" and "cut" cannot be combined'],
    [{ reset: false }, 1, '"reset" must be true'],
    [{ hang: "yes" }, 1, '"hang" must be true'],
    [{ lost: 1 }, 1, '"lost" must be true'],
    [null, 1, "the fault must be an object, got null"],
    ["503", 1, "the fault must be an object, got string"],
    [{ status: 503 }, 0, '"times" must be an integer from 1 to 10000'],
    [{ status: 503 }, 1.5, '"times" must be an integer from 1 to 10000'],
    [{ status: 503 }, 10_001, '"times" must be an integer from 1 to 10000'],
  ])("inject(%j, %j)", async (fault, times, message) => {
    expect(() => mock.inject(fault as never, times)).toThrow(new TypeError(`mock.inject: ${message}`));
    // Nothing was queued: the next request gets the mock's own answer.
    expect(await (await del()).json()).toEqual(capsuleRecord(IDS[0]));
  });

  it("a rawResponse or reply body that is not JSON-serialisable (a cycle, a BigInt) is refused", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => mock.inject({ remote: true, status: 409, message: "x", rawResponse: cyclic })).toThrow(new TypeError('mock.inject: "rawResponse" must be JSON-serialisable'));
    expect(() => mock.inject({ reply: { status: 200, body: cyclic } })).toThrow(new TypeError('mock.inject: "reply.body" must be a string or JSON-serialisable'));
    expect(() => mock.inject({ reply: { status: 200, body: { n: 10n } } })).toThrow(new TypeError('mock.inject: "reply.body" must be a string or JSON-serialisable'));
  });

  it("at most 10,000 faults wait at once", async () => {
    mock.inject({ status: 503 }, 10_000);
    expect(() => mock.inject({ status: 500 })).toThrow(new TypeError("mock.inject: at most 10000 faults may wait"));
    expect((await del()).status).toBe(503);
    mock.inject({ status: 500 });
  });

  it("a fault with a field it does not know (a typo) is refused, not played as no fault", async () => {
    // Fails on this code: checkFault() reads the fields it knows and ignores the rest, so { statsu: 503 } is an empty delivery.
    expect(() => mock.inject({ statsu: 503 } as never)).toThrow(new TypeError('mock.inject: unknown field "statsu"; a fault has: status, message, retryAfter, slow, stall, cut, trickle, remote, rawResponse, headers, reply, hang, reset, lost'));
    expect(await (await del()).json()).toEqual(capsuleRecord(IDS[0]));
  });
});

describe("CORS", () => {
  it("a preflight is answered 204 before auth, allows the headers the page asks for, and is not recorded", async () => {
    const preflight = (asked?: string) =>
      fetch(`${mock.url}${target()}`, {
        method: "OPTIONS",
        headers: { origin: "http://page.test", "access-control-request-method": "DELETE", ...(asked ? { "access-control-request-headers": asked } : {}) },
      });
    const allowed = async (response: Response) => [response.status, stableHeaders(response), await response.text()];
    const expected = (headers: string) => [204, { ...CORS, "access-control-allow-methods": "GET, POST, PATCH, PUT, DELETE", "access-control-allow-headers": headers, "access-control-max-age": "600" }, ""];
    expect(await allowed(await preflight("authorization, x-app"))).toEqual(expected("authorization, x-app"));
    expect(await allowed(await preflight())).toEqual(expected("authorization, content-type, idempotency-key"));
    expect(mock.requests).toEqual([]);
  });

  it("every answer allows any origin and exposes its headers, errors and faults included", async () => {
    mock.inject({ status: 429, retryAfter: 1 });
    for (const response of [await del(), await del(IDS[0], { headers: { authorization: "" } }), await del()]) {
      expect([response.headers.get("access-control-allow-origin"), response.headers.get("access-control-expose-headers")]).toEqual(["*", "*"]);
    }
  });

  it("an OPTIONS that is not a preflight is an ordinary request", async () => {
    const options = await fetch(`${mock.url}${target()}`, { method: "OPTIONS", headers: { authorization: `Bearer ${TOKEN}` } });
    expect([options.status, await options.json()]).toEqual([404, { statusCode: 404, error: "Not Found", message: `No route for OPTIONS /unified/crm/engagements/${IDS[0]}` }]);
    expect(mock.requests.map((r) => r.method)).toEqual(["OPTIONS"]);
  });
});

describe("bodies", () => {
  it("a body over 1 MiB is a 413 (recorded with an empty body); exactly 1 MiB is read", async () => {
    const over = await del(IDS[0], { headers: { "content-type": "text/plain" }, body: "x".repeat(1_048_577) });
    expect([over.status, await over.json()]).toEqual([413, { statusCode: 413, error: "Payload Too Large", message: "The request body is larger than 1048576 bytes" }]);
    const exact = await del(IDS[0], { headers: { "content-type": "text/plain" }, body: "x".repeat(1_048_576) });
    expect(await exact.json()).toEqual(capsuleRecord(IDS[0]));
    expect(mock.requests.map((r) => [r.status, r.body.length])).toEqual([
      [413, 0],
      [200, 1_048_576],
    ]);
  });

  it("a request refused with 413 takes the next fault like any other; the next request gets the mock's answer", async () => {
    // Fails on this code: the 413 was answered before the fault was taken, so the next request got the 503.
    mock.inject({ status: 503 });
    const over = await del(IDS[0], { headers: { "content-type": "text/plain" }, body: "x".repeat(1_048_577) });
    expect([over.status, await over.json()]).toEqual([503, { statusCode: 503, error: "Service Unavailable", message: "Service Unavailable" }]);
    expect(await (await del(IDS[0])).json()).toEqual(capsuleRecord(IDS[0]));
    // A delivery fault delivers the 413, the mock's own answer to it.
    mock.inject({ slow: 5 });
    const slow = await del(IDS[1], { headers: { "content-type": "text/plain" }, body: "x".repeat(1_048_577) });
    expect([slow.status, await slow.json()]).toEqual([413, { statusCode: 413, error: "Payload Too Large", message: "The request body is larger than 1048576 bytes" }]);
    expect(mock.requests.map((r) => r.status)).toEqual([503, 200, 413]);
  });

  it("a body in UTF-8 is recorded as text", async () => {
    await del(IDS[0], { body: '{"subject":"Grüße ✓ 🚀"}' });
    expect(mock.requests[0]!.body).toBe('{"subject":"Grüße ✓ 🚀"}');
  });
});

describe("listening", () => {
  it("a port in use rejects, naming it, and the process does not crash (issue item 6)", async () => {
    // Old code (767c348): listen() had no error listener, so EADDRINUSE was an uncaught 'error'
    // event that ended the process, and createMockTruto's promise never settled.
    const first = await start();
    const port = Number(new URL(first.url).port);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const error = await createMockTruto({ port }).catch((e: unknown) => e);
      expect(error).toEqual(new Error(`createMockTruto: port ${port} on 127.0.0.1 is in use`));
      expect((error as Error).cause).toMatchObject({ code: "EADDRINUSE" });
      // One turn of the event loop: an 'error' event nobody listened to would have been thrown by now.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect((await del(IDS[0], {}, first)).status).toBe(200);
  });

  it("listens on the port given, on 127.0.0.1", async () => {
    const probe = await createMockTruto();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const onPort = await start({ port });
    expect(onPort.url).toBe(`http://127.0.0.1:${port}`);
    expect((await del(IDS[0], {}, onPort)).status).toBe(200);
  });

  it("bad options reject before listening", async () => {
    await expect(createMockTruto({ port: 1.5 })).rejects.toThrow(new TypeError('createMockTruto: "port" must be an integer from 0 to 65535'));
    await expect(createMockTruto({ seed: Number.NaN })).rejects.toThrow(new TypeError('createMockTruto: "seed" must be an integer'));
  });
});

describe("close()", () => {
  it("resolves at once with hung, slow and stalled requests and idle connections; each of them fails; no handle left", async () => {
    const handlesBefore = process.getActiveResourcesInfo();
    const local = await createMockTruto({ token: TOKEN, integrations: { ...TEST_ACCOUNTS } });
    // Idle keep-alive connections.
    await Promise.all([del(IDS[3], {}, local).then((r) => r.text()), del(IDS[4], {}, local).then((r) => r.text())]);
    // Ten minutes, or for ever: close() resolving within the test's timeout proves it waited for none of them.
    local.inject({ hang: true });
    local.inject({ slow: 600_000 });
    local.inject({ reply: { status: 200, body: ENGAGEMENT }, stall: true });
    const pending = [del(IDS[0], {}, local), del(IDS[1], {}, local), del(IDS[2], {}, local).then((r) => r.text())].map((p) => p.catch((e: unknown) => e));
    await local.received(5);
    await local.answered(3);
    await local.close();
    for (const error of await Promise.all(pending)) expect(error).toBeInstanceOf(TypeError);
    expect(local.requests.map((r) => r.status)).toEqual([200, 200, 0, 0, 200]);
    // Handles are released in the loop's close phase, just after close() resolves.
    await new Promise((resolve) => setImmediate(resolve));
    const left = [...process.getActiveResourcesInfo()];
    for (const handle of handlesBefore) left.splice(left.indexOf(handle), left.includes(handle) ? 1 : 0);
    expect(left.filter((handle) => handle === "TCPServerWrap" || handle === "TCPSocketWrap" || handle === "Timeout")).toEqual([]);
    await expect(fetch(local.url)).rejects.toThrow(new TypeError("fetch failed"));
  });
});

describe("close() twice", () => {
  it("the second close() resolves too (an afterAll after a test's own close)", async () => {
    // Fails on this code: the second server.close() rejected with ERR_SERVER_NOT_RUNNING.
    const local = await createMockTruto();
    await local.close();
    await expect(local.close()).resolves.toBeUndefined();
  });
});

describe("reset()", () => {
  it("forgets requests and waiting faults; counts start again", async () => {
    mock.inject({ status: 500 });
    await del(IDS[0]);
    mock.inject({ status: 418 }, 3);
    mock.reset();
    expect(mock.requests).toEqual([]);
    expect(await (await del(IDS[0])).json()).toEqual(capsuleRecord(IDS[0]));
    expect((await mock.answered(1)).map((r) => r.status)).toEqual([200]);
  });

  it("drops an answer still pending: it neither acts on the new records nor counts as answered", async () => {
    // Fails on this code: reset() leaves the slow answer's timer, which then deletes the record from the
    // fresh store and counts as answered(1) of the next test.
    mock.inject({ slow: 30 });
    const stale = del(IDS[0]).then(
      (response) => response.status,
      (error: unknown) => error,
    );
    await mock.received(1);
    mock.reset();
    expect(await stale).toBeInstanceOf(TypeError);
    expect(mock.requests).toEqual([]);
    expect(await (await del(IDS[0])).json()).toEqual(capsuleRecord(IDS[0]));
  });
});

describe("timers of its own (node:timers)", () => {
  it("a test that fakes the global timers still gets slow and trickled answers", async () => {
    vi.useFakeTimers();
    mock.inject({ slow: 20 });
    mock.inject({ reply: { status: 200, body: ENGAGEMENT }, trickle: 20 });
    expect(await (await del(IDS[0])).json()).toEqual(capsuleRecord(IDS[0]));
    expect(await chunks(await del(IDS[1]))).toEqual([FIRST_HALF, ENGAGEMENT_TEXT.slice(FIRST_HALF.length)]);
  });

  it("a fault's delay is not run by advancing fake timers", async () => {
    // A mock of its own: its close() ends the ten-minute wait after the test.
    const local = await start();
    vi.useFakeTimers();
    local.inject({ slow: 600_000 });
    const controller = new AbortController();
    const hung = del(IDS[0], { signal: controller.signal }, local).catch((error: unknown) => error);
    await local.received(1);
    vi.advanceTimersByTime(600_000);
    expect(local.requests.map((r) => r.status)).toEqual([0]);
    controller.abort();
    expect(await hung).toMatchObject({ name: "AbortError" });
  });
});
