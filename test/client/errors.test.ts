// Errors on the mock Truto: a typed TrutoApiError per status with Truto's message, body, headers and
// request id; remote (provider) errors; bodies that are text, huge or not Truto's; a custom fetch
// that returns no Response; and the token, which no error, stack, serialisation, retry event or
// log line may carry: every echo of it is replaced by [REDACTED] before the error is built.
import { STATUS_CODES } from "node:http";
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TrutoApiError,
  TrutoConnectionError,
  TrutoError,
  TrutoTimeoutError,
  TrutoValidationError,
  UnprocessableEntityError,
} from "../../src/index.js";
import { scrubHeaders, scrubTokens } from "../../src/redact.js";
import { fastRetries, mockServer } from "../helpers/client.js";
import { ACCOUNT, DELETE_PATH, IDS, KEAP_ACCOUNT, OTHER_TOKEN, TOKEN } from "../helpers/constants.js";

const { mock, client } = await mockServer();

const q = { integrated_account_id: ACCOUNT };
const init = (id: string) => ({ params: { path: { id }, query: q } });
const urlOf = (id: string) => `${mock.url}/unified/crm/engagements/${id}?integrated_account_id=${ACCOUNT}`;
const trutoBody = (status: number, message: string) => ({ statusCode: status, error: STATUS_CODES[status], message });
/** The error a call rejects with (never a resolution). */
const failure = (call: Promise<unknown>): Promise<any> =>
  call.then(
    (value) => {
      throw new Error(`expected a rejection, got ${inspect(value)}`);
    },
    (error: unknown) => error,
  );

describe("a typed error per status", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [501, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [504, InternalServerError],
    [505, InternalServerError],
    [418, TrutoApiError],
    [451, TrutoApiError],
  ])("%i is a %O with Truto's message, status, body, method and url", async (status, ErrorClass) => {
    mock.inject({ status, message: `Truto says ${status}` });
    const error = await failure(client({ maxRetries: 0 }).crm.engagements.delete(IDS[0], q));
    expect(error.constructor).toBe(ErrorClass);
    expect(error).toMatchObject({
      name: ErrorClass.name,
      message: `${status} Truto says ${status}`,
      status,
      body: trutoBody(status, `Truto says ${status}`),
      method: "DELETE",
      url: urlOf(IDS[0]),
      requestId: undefined,
      isRemoteError: false,
      rawResponse: undefined,
      earlierAttemptMayHaveActed: false,
    });
    expect(error.headers.get("content-type")).toBe("application/json");
  });

  it("the mock's own answers: a 401 for a token it does not know, a 404 for an unknown record or account", async () => {
    expect(await failure(client({ token: OTHER_TOKEN }).crm.engagements.delete(IDS[0], q))).toMatchObject({
      constructor: AuthenticationError,
      message: "401 Invalid API token",
      body: trutoBody(401, "Invalid API token"),
    });
    expect(await failure(client().crm.engagements.delete("1", q))).toMatchObject({
      constructor: NotFoundError,
      message: '404 No record with id "1" in /unified/crm/engagements',
    });
    const stranger = "0b9f8c6e-2d4a-4f1b-8e3c-5a7d9b1c2e40";
    expect(await failure(client().crm.engagements.delete(IDS[0], { integrated_account_id: stranger }))).toMatchObject({
      constructor: NotFoundError,
      message: "404 Integrated account not found",
      url: `${mock.url}/unified/crm/engagements/${IDS[0]}?integrated_account_id=${stranger}`,
    });
  });

  it("carries the request id and every response header", async () => {
    mock.inject({ reply: { status: 404, body: trutoBody(404, "Engagement not found"), headers: { "x-request-id": "req_42", "x-ratelimit-remaining": "7" } } });
    const error = await failure(client().crm.engagements.delete(IDS[0], q));
    expect(error).toMatchObject({ constructor: NotFoundError, message: "404 Engagement not found", requestId: "req_42" });
    expect(error.headers.get("x-ratelimit-remaining")).toBe("7");
  });

  it("a remote error tells the provider's refusal from Truto's, with its body and forwarded headers; a 409 is never retried", async () => {
    const raw = { code: 409, message: "Record is locked by another process" };
    mock.inject({ remote: true, status: 409, message: "Record is locked by another process", rawResponse: raw, headers: { "x-ratelimit-remaining": "12" } });
    const onRetry = vi.fn();
    const error = await failure(client({ onRetry }).crm.engagements.delete(IDS[0], q));
    expect(error).toMatchObject({
      constructor: ConflictError,
      message: "409 Record is locked by another process",
      isRemoteError: true,
      rawResponse: raw,
      body: { ...trutoBody(409, "Record is locked by another process"), truto_is_remote_error: true, raw_response: raw },
    });
    expect(error.headers.get("x-ratelimit-remaining")).toBe("12");
    expect(mock.requests).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });
});

describe("error bodies that are not Truto's", () => {
  const reply = async (answer: { status: number; body?: unknown; headers?: Record<string, string> }) => {
    mock.inject({ reply: answer });
    return failure(client({ maxRetries: 0 }).crm.engagements.delete(IDS[0], q));
  };

  it("text: the status and the text, on one line", async () => {
    const error = await reply({ status: 400, body: "Bad things happened", headers: { "content-type": "text/plain" } });
    expect(error).toMatchObject({ constructor: BadRequestError, message: "400 Bad things happened", body: "Bad things happened" });
  });

  it("a page of HTML: whitespace folded and the message cut at 200 characters; the body kept whole", async () => {
    const page = `<html>\n  <body>\n    ${"x".repeat(300)}\n  </body>\n</html>`;
    const error = await reply({ status: 502, body: page, headers: { "content-type": "text/html" } });
    expect(error.message).toBe(`502 ${`<html> <body> ${"x".repeat(300)}`.slice(0, 200)}…`);
    expect(error.body).toBe(page);
  });

  it("JSON without a message: the JSON text; no body at all: said so", async () => {
    expect(await reply({ status: 400, body: { code: "E_BAD", fields: ["a"] } })).toMatchObject({ message: '400 {"code":"E_BAD","fields":["a"]}', body: { code: "E_BAD", fields: ["a"] } });
    expect(await reply({ status: 500 })).toMatchObject({ constructor: InternalServerError, message: "500 status code (no body)", body: "" });
  });

  it("Truto's message is cut at 1,000 characters; the body keeps it", async () => {
    const long = "m".repeat(1_500);
    const error = await reply({ status: 404, body: trutoBody(404, long) });
    expect(error.message).toBe(`404 ${"m".repeat(1_000)}…`);
    expect(error.body).toEqual(trutoBody(404, long));
  });

  it("a body over 64 KiB is kept as its first 65,536 characters and how many more there were", async () => {
    const text = "e".repeat(100_000);
    expect((await reply({ status: 400, body: text })).body).toBe(`${"e".repeat(65_536)}…[34464 more characters]`);
    const json = { statusCode: 400, error: "Bad Request", message: "too much", items: ["i".repeat(70_000)] };
    const kept = JSON.stringify(json);
    expect(await reply({ status: 400, body: json })).toMatchObject({ message: "400 too much", body: `${kept.slice(0, 65_536)}…[${kept.length - 65_536} more characters]` });
  });
});

describe("a custom fetch that returns no Response", () => {
  it.each([
    [undefined, "undefined"],
    [null, "null"],
    ["ok", "string"],
    [{ ok: true }, "object"],
    [{ status: 200 }, "object"],
  ])("%j: a TrutoError (not a connection error), fetch called once, in both call styles", async (value, got) => {
    const fetch = vi.fn(async () => value);
    const truto = client({ fetch: fetch as never });
    const expected = new TrutoError(`The fetch option returned ${got} instead of a Response (DELETE ${urlOf(IDS[0])})`);
    const error = await failure(truto.crm.engagements.delete(IDS[0], q));
    expect(error).toEqual(expected);
    expect(error).not.toBeInstanceOf(TrutoConnectionError);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(await failure(truto.DELETE(DELETE_PATH, init(IDS[0])))).toEqual(expected);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("returned synchronously too; the attempt's timer and the caller's signal are released", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, "addEventListener");
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    const truto = client({ fetch: (() => "nope") as never, timeoutMs: 1_000 });
    const error = await failure(truto.crm.engagements.delete(IDS[0], q, { signal: controller.signal }));
    expect(error).toEqual(new TrutoError(`The fetch option returned string instead of a Response (DELETE ${urlOf(IDS[0])})`));
    expect(vi.getTimerCount()).toBe(0);
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed.mock.calls).toEqual(added.mock.calls.map(([type, listener]) => [type, listener]));
  });
});

describe("a custom fetch that answers what is not an HTTP response", () => {
  it("Response.error() (a network error answered, not thrown): a TrutoConnectionError, retried like one, in both call styles", async () => {
    const fetch = vi.fn(async () => Response.error());
    const { events, onRetry } = fastRetries();
    const truto = client({ fetch, maxRetries: 1, onRetry });
    const expected = new TrutoConnectionError("DELETE", urlOf(IDS[0]), "Connection error (fetch answered a network error)");
    expect(await failure(truto.crm.engagements.delete(IDS[0], q))).toEqual(expected);
    expect(await failure(truto.DELETE(DELETE_PATH, init(IDS[0])))).toEqual(expected);
    expect(fetch).toHaveBeenCalledTimes(4);
    expect(events.map((event) => [event.attempt, event.error])).toEqual([
      [1, expected],
      [1, expected],
    ]);
  });

  it("an opaque answer (status 0, no readable body, as a browser gives a no-cors request): its status as is, never a RangeError", async () => {
    // Only a browser makes one: this is its shape.
    const opaque = () => ({ type: "opaque", status: 0, ok: false, url: "", headers: new Headers(), body: null, bodyUsed: false, text: async () => "" }) as unknown as Response;
    const truto = client({ fetch: async () => opaque() });
    const error = await failure(truto.crm.engagements.delete(IDS[0], q));
    expect(error).toBeInstanceOf(TrutoApiError);
    expect(error).toMatchObject({ status: 0, url: "" });
    const raw = await truto.DELETE(DELETE_PATH, init(IDS[0]));
    expect([raw.error, raw.response.status, raw.response.type]).toEqual(["", 0, "opaque"]);
  });
});

describe("a custom fetch that builds its Response itself", () => {
  it.each([
    ["with a body", () => new Response(JSON.stringify(trutoBody(404, "No record")), { status: 404 })],
    ["with none", () => new Response(null, { status: 404 })],
  ])("%s: the error's url is the request's (such a Response has an empty url)", async (_, answer) => {
    const error = await failure(client({ fetch: async () => answer() }).crm.engagements.delete(IDS[0], q));
    expect(error).toMatchObject({ constructor: NotFoundError, status: 404, url: urlOf(IDS[0]) });
  });
});

describe("the token never leaves through an error", () => {
  /**
   * Every text an error can be turned into. Stack frames name source files, not server data: they
   * are left out of the stack and of inspect's output.
   */
  const texts = (value: unknown): string[] => {
    const error = value as Error & { headers?: Headers; body?: unknown; cause?: unknown };
    const noFrames = (text: string) => text.replace(/\n\s+at .*/g, "");
    return [
      String(error),
      error.message,
      noFrames(error.stack ?? ""),
      JSON.stringify(error),
      noFrames(inspect(error, { depth: 10 })),
      JSON.stringify(error.body ?? null),
      [...(error.headers ?? [])].join(),
      noFrames(inspect(error.cause, { depth: 10 })),
    ];
  };

  it("on every path: API errors, retries, lost connections, bad JSON, validation, timeouts, logs", async () => {
    const logged: string[] = [];
    for (const method of ["log", "warn", "error", "info", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args.map((a) => inspect(a, { depth: 10 })).join(" ")));
    }
    const { events, onRetry } = fastRetries();
    const truto = client({ onRetry, integration: "keap", unsupportedParameters: "warn" });
    const query = { integrated_account_id: KEAP_ACCOUNT, engagement_type: "email", subject: "s" } as const;
    const errors: unknown[] = [];
    const collect = async (call: Promise<unknown>) => void errors.push(await failure(call));
    // Retried statuses, then the last one's body echoes the token.
    mock.inject({ status: 500, message: `a ${TOKEN}` });
    mock.inject({ status: 502, message: "b" });
    mock.inject({ status: 503, message: `c ${TOKEN}` });
    await collect(truto.crm.engagements.delete(IDS[0], query));
    // A Retry-After too long to wait out, echoing the token in a header.
    mock.inject({ reply: { status: 429, headers: { "retry-after": "3600", "x-debug": `Bearer ${TOKEN}` } } });
    await collect(truto.crm.engagements.delete(IDS[0], query));
    // Connections dropped before any answer, three times.
    mock.inject({ reset: true }, 3);
    await collect(truto.crm.engagements.delete(IDS[0], query));
    // The answer cut mid-body.
    mock.inject({ cut: true });
    await collect(truto.crm.engagements.delete(IDS[1], query));
    mock.inject({ reply: { status: 200, body: `{"oops": "${TOKEN}"`, headers: { "content-type": "application/json" } } });
    await collect(truto.crm.engagements.delete(IDS[2], query));
    mock.inject({ reply: { status: 400, body: `echo: Authorization: Bearer ${TOKEN}` } });
    await collect(truto.crm.engagements.delete(IDS[2], query));
    mock.inject({ reply: { status: 401, body: trutoBody(401, `Invalid token ${TOKEN}`), headers: { "x-request-id": `req-${TOKEN}` } } });
    await collect(truto.crm.engagements.delete(IDS[2], query));
    mock.inject({ remote: true, status: 409, message: `locked for ${TOKEN}`, rawResponse: { echoed: TOKEN }, headers: { "x-provider": `zoho ${TOKEN}` } });
    await collect(truto.crm.engagements.delete(IDS[2], query));
    await collect(truto.crm.engagements.delete("..", query));
    await collect(truto.crm.engagements.delete(IDS[2], { ...query, engagement_type: "note" }));
    errors.push(await failure(Promise.resolve().then(() => client({ token: `${TOKEN} ` }))));
    vi.useRealTimers();
    mock.inject({ hang: true });
    await collect(client({ timeoutMs: 50, maxRetries: 0 }).crm.engagements.delete(IDS[2], query));

    expect(errors.map((e) => (e as Error).constructor)).toEqual([
      InternalServerError,
      RateLimitError,
      TrutoConnectionError,
      TrutoConnectionError,
      TrutoError,
      BadRequestError,
      AuthenticationError,
      ConflictError,
      TrutoValidationError,
      TrutoValidationError,
      TrutoValidationError,
      TrutoTimeoutError,
    ]);
    expect(events.map((e) => e.status ?? e.error?.name)).toEqual([500, 502, "TrutoConnectionError", "TrutoConnectionError"]);
    // One warning per call that passed the spec's checks (all but the refused "note"), naming no value.
    expect(logged).toEqual(Array(9).fill(inspect('Query parameter "subject" is not supported by Keap (supported by: Planhat); Truto ignores it')));
    const all = [...errors.flatMap(texts), ...logged, JSON.stringify(events), inspect(events, { depth: 10 })];
    for (const text of all) expect(text).not.toContain(TOKEN);
    expect(all.join("\n")).toContain("[REDACTED]");
  });

  it.each([[TOKEN], ['tok"q\\1_live']])("token %j echoed in a header and the body: scrubbed from every text of the error", async (token) => {
    mock.inject({
      reply: {
        status: 401,
        body: { ...trutoBody(401, `Invalid token ${token}`), echo: { token, [token]: [`Bearer ${token}`] } },
        headers: { "x-request-id": `req-${token}`, "x-debug": `Bearer ${token}` },
      },
    });
    const error = await failure(client({ token, maxRetries: 0 }).crm.engagements.delete(IDS[0], q));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe("401 Invalid token [REDACTED]");
    expect(error.requestId).toBe("req-[REDACTED]");
    expect(error.headers.get("x-debug")).toBe("Bearer [REDACTED]");
    expect(error.body).toEqual({ ...trutoBody(401, "Invalid token [REDACTED]"), echo: { token: "[REDACTED]", "[REDACTED]": ["Bearer [REDACTED]"] } });
    for (const text of texts(error)) expect(text).not.toContain(token);
  });

  it("a header whose name holds the token is renamed", async () => {
    mock.inject({ reply: { status: 400, body: trutoBody(400, "no"), headers: { [`x-${TOKEN}`]: "1", "x-other": "2" } } });
    const error = await failure(client({ maxRetries: 0 }).crm.engagements.delete(IDS[0], q));
    expect([...error.headers].filter(([name]: [string]) => name.startsWith("x-"))).toEqual([
      ["x-other", "2"],
      ["x-redacted", "1"],
    ]);
  });

  it("a key named __proto__ stays an own key, scrubbed; the error's body keeps Object's prototype", async () => {
    mock.inject({ reply: { status: 400, body: `{"__proto__": {"x": "${TOKEN}"}, "y": 1}`, headers: { "content-type": "application/json" } } });
    const error = await failure(client({ maxRetries: 0 }).crm.engagements.delete(IDS[0], q));
    expect(Object.getPrototypeOf(error.body)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(error.body, "__proto__")?.value).toEqual({ x: "[REDACTED]" });
    expect(error.body.y).toBe(1);
  });

  it("a token of digits is scrubbed from the numbers that hold it too", async () => {
    const digits = "12345678";
    mock.inject({ reply: { status: 400, body: { ...trutoBody(400, "bad code"), code: 9123456789, ok: true } } });
    const error = await failure(client({ token: digits, maxRetries: 0 }).crm.engagements.delete(IDS[0], q));
    expect(error.body).toEqual({ ...trutoBody(400, "bad code"), code: "9[REDACTED]9", ok: true });
  });

  it("truto.DELETE returns { error } scrubbed, JSON or text", async () => {
    mock.inject({ reply: { status: 401, body: trutoBody(401, `Invalid token ${TOKEN}`) } });
    mock.inject({ reply: { status: 400, body: `echo: Authorization: Bearer ${TOKEN}` } });
    const truto = client({ maxRetries: 0 });
    expect((await truto.DELETE(DELETE_PATH, init(IDS[0]))).error).toEqual(trutoBody(401, "Invalid token [REDACTED]"));
    expect((await truto.DELETE(DELETE_PATH, init(IDS[0]))).error).toBe("echo: Authorization: Bearer [REDACTED]");
  });

  it("a 200 body that is not JSON is a TrutoError in both call styles; its cause keeps the position, not the parser's quote of the body", async () => {
    // V8 quotes the first 10 characters of the body: a token echoed there would be cut in two,
    // where no scrubbing finds it.
    const token = "sk_live_0123456789abcdef";
    const body = `${token} is not JSON`;
    mock.inject({ reply: { status: 200, body, headers: { "content-type": "application/json" } } }, 2);
    const truto = client({ token });
    const fromRaw = await failure(truto.DELETE(DELETE_PATH, init(IDS[0])));
    const fromResource = await failure(truto.crm.engagements.delete(IDS[0], q));
    expect(fromRaw).toEqual(new TrutoError(`DELETE ${DELETE_PATH}: the response body is not valid JSON`));
    expect(fromResource).toEqual(new TrutoError("crm.engagements.delete: the response body is not valid JSON"));
    for (const error of [fromRaw, fromResource]) {
      expect(error.cause).toEqual(new SyntaxError("JSON.parse failed (its message, which quotes the body, is left out)"));
      for (const text of texts(error)) expect(text).not.toContain("sk_live");
    }
    mock.inject({ reply: { status: 200, body: '{"id": "1" "x"}', headers: { "content-type": "application/json" } } });
    const positioned = await failure(truto.crm.engagements.delete(IDS[0], q));
    expect(positioned.cause).toEqual(new SyntaxError("JSON.parse failed at position 11 (its message, which quotes the body, is left out)"));
  });

  it("the scrubbers hand back what holds no token as it is (no copy)", () => {
    const clean = { message: "fine", nested: [{ a: 1 }] };
    expect(scrubTokens(clean, [TOKEN])).toBe(clean);
    const headers = new Headers({ "x-request-id": "req_1" });
    expect(scrubHeaders(headers, [TOKEN])).toBe(headers);
    expect(scrubTokens(undefined, [TOKEN])).toBeUndefined();
    expect(scrubTokens(42, [TOKEN])).toBe(42);
  });
});

describe("the Request handed to fetch and middleware no longer holds the token once its attempt is over", () => {
  it("a fetch wrapper whose error keeps the Request (as ky's do): neither it nor inspect of the TrutoConnectionError shows the token", async () => {
    class WrapperError extends Error {
      constructor(readonly request: Request) {
        super("network down");
      }
    }
    const truto = client({ maxRetries: 0, fetch: (request: Request) => Promise.reject(new WrapperError(request)) });
    const error = await failure(truto.crm.engagements.delete(IDS[0], q));
    expect(error).toBeInstanceOf(TrutoConnectionError);
    expect(error.cause.request.headers.get("authorization")).toBeNull();
    expect(inspect(error, { depth: 10 })).not.toContain(TOKEN);
  });

  it("middleware's onResponse sees the request without Authorization; the server got it", async () => {
    mock.reset();
    const seen: (string | null)[] = [];
    const record = { onResponse: ({ request }: { request: Request }) => void seen.push(request.headers.get("authorization")) };
    const truto = client({ maxRetries: 0 });
    truto.use(record);
    await truto.crm.engagements.delete(IDS[0], q);
    await truto.DELETE(DELETE_PATH, { ...init(IDS[1]), middleware: [record] });
    expect(seen).toEqual([null, null, null]);
    expect(mock.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });
});
