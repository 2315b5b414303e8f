// createTrutoClient against a real loopback server: exact wire output, checks, errors, retries, timeouts.
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ConflictError, NotFoundError, RateLimitError, TrutoApiError, TrutoConnectionError, TrutoError, TrutoTimeoutError,
  TrutoValidationError, createTrutoClient, type IntegrationSlug, type RetryEvent, type TrutoClient, type TrutoClientOptions,
} from "../src/index.js";
import { remoteError, startServer, trutoError, type TestServer } from "./helpers/server.js";

const TOKEN = "tok_live_5f2b9c0e41d8a7";
const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
const ENGAGEMENT = { id: "23423523", engagement_type: "call", subject: "Intro call" };

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  server.reset();
  vi.useRealTimers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

/** A client on the test server; typed without an integration so tests can send what types forbid. */
function client(options: Partial<TrutoClientOptions<IntegrationSlug | undefined>> = {}): TrutoClient {
  return createTrutoClient({ token: TOKEN, baseUrl: server.url, ...options }) as TrutoClient;
}

/** Retries wait on fake timers, advanced by exactly the delay each retry asks for. */
function fastRetries(events: RetryEvent[] = [], now?: Date) {
  vi.useFakeTimers({ toFake: now ? ["setTimeout", "clearTimeout", "Date"] : ["setTimeout", "clearTimeout"], now });
  const onRetry = (event: RetryEvent) => {
    events.push(event);
    setImmediate(() => vi.advanceTimersByTime(event.delayMs));
  };
  return { events, onRetry };
}

const lines = () => server.requests.map((r) => r.requestLine);

describe("README example", () => {
  it("deletes an engagement with a resource method and returns it", async () => {
    server.reply({ status: 200, body: ENGAGEMENT });
    const truto = createTrutoClient({ token: TOKEN, baseUrl: server.url });
    const deleted = await truto.crm.engagements.delete("23423523", { integrated_account_id: ACCOUNT });
    expect(deleted).toEqual(ENGAGEMENT);
    expect(lines()).toEqual([`DELETE /unified/crm/engagements/23423523?integrated_account_id=${ACCOUNT} HTTP/1.1`]);
    const { headers } = server.requests[0]!;
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers["content-type"]).toBeUndefined();
    expect(server.requests[0]!.body).toBe("");
  });
});

describe("openapi-fetch-style calls", () => {
  it("send the same request and keep { data, error, response }", async () => {
    server.reply({ status: 200, body: ENGAGEMENT }, trutoError(404, "Engagement not found"));
    const truto = client();
    const ok = await truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "23423523" }, query: { integrated_account_id: ACCOUNT } } });
    expect(ok.data).toEqual(ENGAGEMENT);
    expect(ok.response.status).toBe(200);
    const missing = await truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } } });
    expect(missing.data).toBeUndefined();
    expect(missing.error).toEqual({ statusCode: 404, error: "Not Found", message: "Engagement not found" });
    expect(lines()).toEqual([
      `DELETE /unified/crm/engagements/23423523?integrated_account_id=${ACCOUNT} HTTP/1.1`,
      `DELETE /unified/crm/engagements/1?integrated_account_id=${ACCOUNT} HTTP/1.1`,
    ]);
  });

  it("run use() middleware on every call, resource methods included", async () => {
    const truto = client();
    const seen: string[] = [];
    truto.use({ onRequest: ({ request }) => { seen.push(`${request.method} ${new URL(request.url).pathname}`); request.headers.set("x-trace", "t1"); } });
    await truto.crm.engagements.delete("7", { integrated_account_id: ACCOUNT });
    await truto.request("delete", "/unified/crm/engagements/{id}", { params: { path: { id: "8" }, query: { integrated_account_id: ACCOUNT } } });
    expect(seen).toEqual(["DELETE /unified/crm/engagements/7", "DELETE /unified/crm/engagements/8"]);
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["t1", "t1"]);
  });

  it("are checked before the network too", async () => {
    const truto = client({ integration: "keap" });
    await expect(
      truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT, engagement_type: "email" } } }),
    ).resolves.toMatchObject({ response: { status: 200 } });
    await expect(
      // @ts-expect-error integrated_account_id is required by the spec
      truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: {} } }),
    ).rejects.toThrow(new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" is required'));
    expect(server.requests).toHaveLength(1);
  });
});

describe("query format", () => {
  it("sends arrays, records, nested objects, arrays of objects and booleans in Truto's bracket format", async () => {
    await client().crm.engagements.delete("1", {
      integrated_account_id: ACCOUNT,
      truto_exclude_fields: ["id", "name"],
      remote_query: { filter: { status: "open", tags: ["a b", "c&d"] }, "weird key=": "x#y+z" },
      account: { id: "acc 1" },
      contact: [{ id: "c1" }, { id: "c2" }],
      truto_ignore_remote_data: true,
      created_at: "2024-01-31T12:00:00Z",
      subject: "Café ☕",
    });
    expect(server.requests[0]!.rawUrl).toBe(
      "/unified/crm/engagements/1?integrated_account_id=62f44730-dd91-461e-bd6a-aedd9e0ad79d" +
        "&truto_exclude_fields[]=id&truto_exclude_fields[]=name" +
        "&remote_query[filter][status]=open&remote_query[filter][tags][]=a%20b&remote_query[filter][tags][]=c%26d" +
        "&remote_query[weird%20key%3D]=x%23y%2Bz" +
        "&account[id]=acc%201" +
        "&contact[0][id]=c1&contact[1][id]=c2" +
        "&truto_ignore_remote_data=true" +
        "&created_at=2024-01-31T12%3A00%3A00Z" +
        "&subject=Caf%C3%A9%20%E2%98%95",
    );
  });
});

describe("path parameters", () => {
  it("are encoded into one segment", async () => {
    await client().crm.engagements.delete("a/b?c#d e%f", { integrated_account_id: ACCOUNT });
    expect(server.requests[0]!.rawUrl).toBe(`/unified/crm/engagements/a%2Fb%3Fc%23d%20e%25f?integrated_account_id=${ACCOUNT}`);
  });

  it.each(["", ".", "..", "%2e%2E"])("refuse %j before any request", async (id) => {
    const call = client().crm.engagements.delete(id, { integrated_account_id: ACCOUNT });
    await expect(call).rejects.toBeInstanceOf(TrutoValidationError);
    await expect(call).rejects.toMatchObject({ parameter: "id" });
    expect(server.requests).toHaveLength(0);
  });

  it("refuse a missing path object in openapi-fetch-style calls", async () => {
    // @ts-expect-error path is required
    const call = client().DELETE("/unified/crm/engagements/{id}", { params: { query: { integrated_account_id: ACCOUNT } } });
    await expect(call).rejects.toThrow(new TrutoValidationError("id", 'Path parameter "id" is required, got undefined'));
    expect(server.requests).toHaveLength(0);
  });
});

describe("pre-flight checks", () => {
  const cases: [string, Partial<TrutoClientOptions<IntegrationSlug | undefined>>, Record<string, unknown>, string][] = [
    ["missing integrated_account_id", {}, {}, 'Query parameter "integrated_account_id" is required'],
    ["integrated_account_id not a uuid", {}, { integrated_account_id: "acct-1" }, 'Query parameter "integrated_account_id" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'],
    ["enum value outside the spec", {}, { integrated_account_id: ACCOUNT, engagement_type: "sms" }, 'Query parameter "engagement_type" must be one of call, chat, email, meeting, note; got "sms"'],
    ["bad date-time", {}, { integrated_account_id: ACCOUNT, created_at: "yesterday" }, 'Query parameter "created_at" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    ["value Keap does not allow", { integration: "keap" }, { integrated_account_id: ACCOUNT, engagement_type: "note" }, 'Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"'],
    ["parameter Keap requires", { integration: "keap" }, { integrated_account_id: ACCOUNT }, 'Query parameter "engagement_type" is required for Keap (allowed: email, meeting)'],
    ["parameter Zoho CRM requires", { integration: "zohocrm" }, { integrated_account_id: ACCOUNT }, 'Query parameter "engagement_type" is required for Zoho CRM (allowed: call, meeting)'],
    ["sort_by value Pipeliner allows only from its list", { integration: "pipeliner" }, { integrated_account_id: ACCOUNT, engagement_type: "call", sort_by: "name" }, 'Query parameter "sort_by" must be one of created_at, updated_at; got "name"'],
  ];

  it.each(cases)("reject %s, naming it, before the network", async (_, options, query, message) => {
    const call = client(options).crm.engagements.delete("1", query as never);
    await expect(call).rejects.toThrow(message);
    await expect(call).rejects.toBeInstanceOf(TrutoValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it("name the integration on the error", async () => {
    const error = await client({ integration: "keap" }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT } as never).catch((e) => e);
    expect(error).toMatchObject({ parameter: "engagement_type", integration: "Keap" });
  });

  it("let a call override the client's integration", async () => {
    const truto = client({ integration: "keap" });
    await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, engagement_type: "call" } as never, { integration: "zohocrm" });
    await expect(truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, engagement_type: "call" } as never)).rejects.toThrow(
      'Query parameter "engagement_type" must be one of email, meeting for Keap; got "call"',
    );
    expect(server.requests).toHaveLength(1);
  });

  it("reject an unknown integration at creation and per call", async () => {
    expect(() => client({ integration: "hubspot" as never })).toThrow(
      new TrutoValidationError("integration", 'Unknown integration "hubspot"; expected one of: affinity, capsule, close, copper, keap, mondaycrm, onepagecrm, pipedrive, pipeliner, planhat, zohocrm'),
    );
    await expect(client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { integration: "zoho" as never })).rejects.toThrow('Unknown integration "zoho"');
  });

  it("allow, warn about or refuse parameters the integration does not support", async () => {
    const query = { integrated_account_id: ACCOUNT, engagement_type: "email", subject: "Hi" } as const;
    await client({ integration: "keap" }).crm.engagements.delete("1", query);
    const warn = vi.fn();
    await client({ integration: "keap", unsupportedParameters: "warn", logger: { warn } }).crm.engagements.delete("1", query);
    expect(warn).toHaveBeenCalledExactlyOnceWith('Query parameter "subject" is not supported by Keap (supported by: Planhat); Truto ignores it');
    await expect(client({ integration: "keap", unsupportedParameters: "error" }).crm.engagements.delete("1", query)).rejects.toThrow(
      'Query parameter "subject" is not supported by Keap (supported by: Planhat); Truto ignores it',
    );
    await expect(
      client({ integration: "keap" }).crm.engagements.delete("1", { ...query, direction: "in" }, { unsupportedParameters: "error" }),
    ).rejects.toThrow('Query parameter "subject" is not supported by Keap (supported by: Planhat); Truto ignores it');
    expect(server.requests).toHaveLength(2);
  });

  it("accept a Date for date-time parameters and send it as ISO 8601", async () => {
    await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT, created_at: new Date(Date.UTC(2024, 0, 31, 12)) as never });
    expect(server.requests[0]!.rawUrl).toBe(`/unified/crm/engagements/1?integrated_account_id=${ACCOUNT}&created_at=2024-01-31T12%3A00%3A00.000Z`);
  });
});

describe("client options", () => {
  it.each([
    [{ token: undefined }, "token", 'createTrutoClient: "token" is required: your Truto API token as a non-empty string, got undefined'],
    [{ token: "" }, "token", 'createTrutoClient: "token" is required: your Truto API token as a non-empty string, got an empty string'],
    [{ token: "tok en" }, "token", 'createTrutoClient: "token" must not contain spaces, line breaks or non-ASCII characters'],
    [{ baseUrl: "api.truto.one" }, "baseUrl", 'createTrutoClient: "baseUrl" must be an absolute http(s) URL without query, fragment or credentials, e.g. https://api.truto.one'],
    [{ maxRetries: -1 }, "maxRetries", 'createTrutoClient: "maxRetries" must be a whole number >= 0, got -1'],
    [{ timeoutMs: 0 }, "timeoutMs", 'createTrutoClient: "timeoutMs" must be a number of milliseconds > 0 and <= 2147483647, or Infinity for none, got 0'],
    [{ unsupportedParameters: "ignore" }, "unsupportedParameters", 'createTrutoClient: "unsupportedParameters" must be one of allow, warn, error'],
  ])("reject %j", (options, parameter, message) => {
    expect(() => createTrutoClient({ token: TOKEN, ...options } as never)).toThrow(new TrutoValidationError(parameter, message));
  });

  it("send extra headers but never let them replace the token", async () => {
    await client({ headers: { "x-app": "crm-sync", authorization: "Bearer other" } }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT });
    expect(server.requests[0]!.headers["x-app"]).toBe("crm-sync");
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("response formats", () => {
  it("raw returns the remote payload as is", async () => {
    server.reply({ status: 200, body: { Id: 9, Subject__c: "raw" } });
    const raw = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT, truto_response_format: "raw" });
    expect(raw).toEqual({ Id: 9, Subject__c: "raw" });
  });

  it("stream returns the body as a ReadableStream before it has all arrived", async () => {
    server.reply({ kind: "stream", chunks: ['{"id":', '"1"}'], intervalMs: 150 });
    const stream = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT, truto_response_format: "stream" });
    expect(stream).toBeInstanceOf(ReadableStream);
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('{"id":');
    expect(decoder.decode((await reader.read()).value)).toBe('"1"}');
    expect((await reader.read()).done).toBe(true);
  });

  it("an empty 204 resolves to undefined", async () => {
    server.reply({ status: 204 });
    await expect(client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).resolves.toBeUndefined();
  });

  it("malformed JSON in a 200 is a TrutoError with the parse error as cause", async () => {
    server.reply({ status: 200, body: '{"id": "1"', headers: { "content-type": "application/json" } });
    const error = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(TrutoError);
    expect(error.message).toBe("crm.engagements.delete: the response body is not valid JSON");
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});

describe("API errors", () => {
  it("404 throws NotFoundError with Truto's message, status, body and request id", async () => {
    server.reply(trutoError(404, "Engagement not found", undefined, { "x-request-id": "req_42" }));
    const error = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("404 Engagement not found");
    expect(error).toMatchObject({ status: 404, requestId: "req_42", method: "DELETE", isRemoteError: false });
    expect(error.url).toBe(`${server.url}/unified/crm/engagements/1?integrated_account_id=${ACCOUNT}`);
    expect(error.body).toEqual({ statusCode: 404, error: "Not Found", message: "Engagement not found" });
  });

  it("a remote error tells the provider's refusal from Truto's, with its body and headers", async () => {
    const raw = { code: 409, message: "Record is locked by another process" };
    server.reply(remoteError(409, "Record is locked by another process", raw, { "x-ratelimit-remaining": "12" }));
    const error = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("409 Record is locked by another process");
    expect(error.isRemoteError).toBe(true);
    expect(error.rawResponse).toEqual(raw);
    expect(error.headers.get("x-ratelimit-remaining")).toBe("12");
    expect(server.requests).toHaveLength(1);
  });

  it("a non-JSON error body still gives a TrutoApiError with the status and text", async () => {
    server.reply({ status: 400, body: "Bad things happened", headers: { "content-type": "text/plain" } });
    const error = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(TrutoApiError);
    expect(error.message).toBe("400 Bad things happened");
    expect(error.body).toBe("Bad things happened");
    expect(server.requests).toHaveLength(1);
  });
});

describe("retries", () => {
  it.each([500, 502, 503, 504, 408])("retry %i twice by default, then throw", async (status) => {
    server.reply(trutoError(status, "flaky"), trutoError(status, "flaky"), trutoError(status, "still flaky"));
    const { events, onRetry } = fastRetries();
    const error = await client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(TrutoApiError);
    expect(error.message).toBe(`${status} still flaky`);
    expect(server.requests).toHaveLength(3);
    expect(events.map((e) => [e.attempt, e.status])).toEqual([[1, status], [2, status]]);
  });

  it("recover when a retry succeeds", async () => {
    server.reply(trutoError(503, "busy"), { status: 200, body: ENGAGEMENT });
    const { onRetry } = fastRetries();
    await expect(client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).resolves.toEqual(ENGAGEMENT);
    expect(lines()).toEqual([
      `DELETE /unified/crm/engagements/1?integrated_account_id=${ACCOUNT} HTTP/1.1`,
      `DELETE /unified/crm/engagements/1?integrated_account_id=${ACCOUNT} HTTP/1.1`,
    ]);
  });

  it("back off 0.5 s then 1 s, less jitter", async () => {
    server.reply(trutoError(500, "a"), trutoError(500, "b"), { status: 200, body: ENGAGEMENT });
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const { events, onRetry } = fastRetries();
    await client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT });
    expect(events.map((e) => e.delayMs)).toEqual([438, 875]);
  });

  it.each([
    [409, ConflictError],
    [400, TrutoApiError],
    [401, TrutoApiError],
    [404, NotFoundError],
    [422, TrutoApiError],
  ])("never retry %i", async (status, ErrorClass) => {
    server.reply(trutoError(status, "final"));
    const onRetry = vi.fn();
    await expect(client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).rejects.toBeInstanceOf(ErrorClass);
    expect(server.requests).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it("maxRetries: 0 disables retries, per client and per call", async () => {
    server.reply(trutoError(503, "x"), trutoError(503, "y"));
    await expect(client({ maxRetries: 0 }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).rejects.toThrow("503 x");
    await expect(client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { maxRetries: 0 })).rejects.toThrow("503 y");
    expect(server.requests).toHaveLength(2);
  });

  it("wait exactly what Retry-After asks, in seconds", async () => {
    server.reply(trutoError(429, "Rate limit exceeded", undefined, { "retry-after": "1" }), { status: 200, body: ENGAGEMENT });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let retried!: () => void;
    const waiting = new Promise<void>((resolve) => (retried = resolve));
    const events: RetryEvent[] = [];
    const call = client({ onRetry: (e) => (events.push(e), retried()) }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT });
    await waiting;
    await vi.advanceTimersByTimeAsync(999);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).resolves.toEqual(ENGAGEMENT);
    expect(server.requests).toHaveLength(2);
    expect(events).toEqual([{ attempt: 1, delayMs: 1000, method: "DELETE", url: `${server.url}/unified/crm/engagements/1?integrated_account_id=${ACCOUNT}`, status: 429 }]);
  });

  it("wait until a Retry-After HTTP date", async () => {
    const now = new Date("2026-11-25T10:00:00.000Z");
    server.reply({ status: 429, body: "", headers: { "retry-after": "Wed, 25 Nov 2026 10:00:30 GMT" } }, { status: 200, body: ENGAGEMENT });
    const { events, onRetry } = fastRetries([], now);
    await client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT });
    expect(events.map((e) => e.delayMs)).toEqual([30_000]);
    expect(server.requests).toHaveLength(2);
  });

  it("do not wait out a Retry-After beyond 60 s: the RateLimitError goes to the caller", async () => {
    server.reply(trutoError(429, "Daily quota exhausted", undefined, { "retry-after": "3600" }));
    const error = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.headers.get("retry-after")).toBe("3600");
    expect(server.requests).toHaveLength(1);
  });

  it("retry a connection reset before the response, then throw TrutoConnectionError", async () => {
    server.reply({ kind: "resetBeforeResponse" }, { kind: "resetBeforeResponse" });
    const { events, onRetry } = fastRetries();
    const error = await client({ maxRetries: 1, onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(TrutoConnectionError);
    expect(error.message).toBe(`Connection error (DELETE ${server.url}/unified/crm/engagements/1?integrated_account_id=${ACCOUNT})`);
    expect(error.cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(2);
    expect(events.map((e) => [e.attempt, e.error?.name])).toEqual([[1, "TrutoConnectionError"]]);
  });

  it("do not retry a connection reset mid-body: the request was served (a DELETE would now 404)", async () => {
    server.reply({ kind: "reset" });
    const onRetry = vi.fn();
    const error = await client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(TrutoConnectionError);
    expect(error.message).toBe("Connection lost while reading the response body (DELETE /unified/crm/engagements/{id})");
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(server.requests).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });
});

describe("timeouts", () => {
  it("time out each attempt, retry, then throw TrutoTimeoutError", async () => {
    server.reply({ kind: "hang" }, { kind: "hang" });
    const error = await client({ timeoutMs: 50, maxRetries: 1, onRetry: (e) => expect(e.error).toBeInstanceOf(TrutoTimeoutError) })
      .crm.engagements.delete("1", { integrated_account_id: ACCOUNT })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TrutoTimeoutError);
    expect(error.message).toBe(`Request timed out after 50 ms (DELETE ${server.url}/unified/crm/engagements/1?integrated_account_id=${ACCOUNT})`);
    expect(server.requests).toHaveLength(2);
  }, 5_000);

  it("time out slow headers per call", async () => {
    server.reply({ kind: "delay", ms: 500, reply: { status: 200, body: ENGAGEMENT } });
    const call = client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { timeoutMs: 30, maxRetries: 0 });
    await expect(call).rejects.toBeInstanceOf(TrutoTimeoutError);
  });

  it("wait for slow headers with timeoutMs: Infinity, and still honour the caller's signal", async () => {
    server.reply({ kind: "delay", ms: 80, reply: { status: 200, body: ENGAGEMENT } }, { kind: "hang" });
    const truto = client({ timeoutMs: Infinity, maxRetries: 0 });
    expect(await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).toEqual(ENGAGEMENT);
    const controller = new AbortController();
    const call = truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 30);
    await expect(call).rejects.toThrow(new Error("stop"));
  });

  it.each([2_147_483_648, -Infinity, Number.NaN])("reject timeoutMs %s per call, naming the method", async (timeoutMs) => {
    const call = client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { timeoutMs });
    await expect(call).rejects.toThrow(
      new TrutoValidationError("timeoutMs", `crm.engagements.delete: "timeoutMs" must be a number of milliseconds > 0 and <= 2147483647, or Infinity for none, got ${timeoutMs}`),
    );
    expect(server.requests).toHaveLength(0);
  });

  it("never retry the caller's own abort", async () => {
    server.reply({ kind: "hang" });
    const controller = new AbortController();
    const onRetry = vi.fn();
    const call = client({ onRetry }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });
});

describe("caller signals", () => {
  it("a long-lived signal keeps no listener once calls are done, on both call styles", async () => {
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, "addEventListener");
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    const truto = client();
    for (let i = 0; i < 5; i++) {
      await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal: controller.signal });
      await truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, signal: controller.signal });
    }
    expect(added).toHaveBeenCalledTimes(10);
    expect(removed).toHaveBeenCalledTimes(10);
    expect(server.requests).toHaveLength(10);
  });

  it("an already aborted signal sends nothing", async () => {
    const signal = AbortSignal.abort(new Error("too late"));
    await expect(client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal })).rejects.toThrow("too late");
    await expect(client().DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, signal })).rejects.toThrow("too late");
    expect(server.requests).toHaveLength(0);
  });

  it("aborting it cancels an openapi-fetch-style call too", async () => {
    server.reply({ kind: "hang" });
    const controller = new AbortController();
    const call = client().DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user navigated away")), 20);
    await expect(call).rejects.toThrow("user navigated away");
    expect(server.requests).toHaveLength(1);
  });
});

describe("privacy", () => {
  it("the token is in no error, stack, serialisation, retry event or log line on any path", async () => {
    const logged: string[] = [];
    for (const method of ["log", "warn", "error", "info", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args.map((a) => inspect(a, { depth: 10 })).join(" ")));
    }
    const events: RetryEvent[] = [];
    const { onRetry } = fastRetries(events);
    const truto = client({ onRetry, timeoutMs: 1000, integration: "keap", unsupportedParameters: "warn" });
    const query = { integrated_account_id: ACCOUNT, engagement_type: "email", subject: "s" } as const;
    server.reply(
      trutoError(500, "a"), trutoError(502, "b"), trutoError(503, "c"),
      { status: 429, body: "", headers: { "retry-after": "3600" } },
      { kind: "reset" }, { kind: "reset" }, { kind: "resetBeforeResponse" },
      { status: 200, body: "{oops", headers: { "content-type": "application/json" } },
      { status: 400, body: `echo: Authorization: Bearer ${TOKEN}` },
      trutoError(401, `Invalid token ${TOKEN}`),
      remoteError(409, "locked", { echoed: TOKEN }, { "x-provider": "zoho" }),
      trutoError(404, "nope"),
    );
    const errors: unknown[] = [];
    for (let i = 0; i < 8; i++) errors.push(await truto.crm.engagements.delete("1", query).catch((e) => e));
    errors.push(await truto.crm.engagements.delete("..", query).catch((e) => e));
    errors.push(await truto.crm.engagements.delete("1", { ...query, engagement_type: "note" }).catch((e) => e));
    try {
      client({ token: `${TOKEN} ` });
    } catch (error) {
      errors.push(error);
    }
    vi.useRealTimers();
    server.reply({ kind: "hang" });
    errors.push(await client({ timeoutMs: 20, maxRetries: 0 }).crm.engagements.delete("1", query).catch((e) => e));

    expect(errors.filter((e) => e instanceof TrutoError).length).toBeGreaterThanOrEqual(10);
    const texts = errors.flatMap((e) => {
      const error = e as Error;
      return [String(error), error.message, error.stack ?? "", JSON.stringify(error), inspect(error, { depth: 10 }), JSON.stringify((error as TrutoApiError).body ?? null)];
    });
    texts.push(...logged, JSON.stringify(events), inspect(events, { depth: 10 }));
    for (const text of texts) expect(text).not.toContain(TOKEN);
    expect(texts.join("\n")).toContain("[REDACTED]");
  });
});
