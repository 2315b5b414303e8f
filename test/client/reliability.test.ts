// The second break-it round, end to end on the mock Truto (fixture API: its tables in place of
// generated/, through vi.mock, for the POST and list shapes the real spec lacks). One describe per
// item, titled with its number: each was a hang, a silent drop, a misreported error or a header
// sent that should not have been.
import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import * as client from "../../src/index.js";
import { createTruto } from "../../src/mock/truto.js";
import { fastRetries, fixtureMockServer, observedFetch } from "../helpers/client.js";
import { IDS, OTHER_TOKEN, TOKEN } from "../helpers/constants.js";
import { FIXTURE_ACCOUNT, FIXTURE_INTEGRATIONS, TICKETS } from "../helpers/fixture-api.js";

vi.mock("../../generated/endpoints.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("endpoints.ts"));
vi.mock("../../generated/support.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("support.ts"));
vi.mock("../../generated/mock.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("mock.ts"));
// src/'s types describe this repo's spec, not the fixture's (those are checked in shapes-types.test.ts).
const lib: Record<string, any> = client;
const { TrutoConnectionError, TrutoError, TrutoTimeoutError, TrutoValidationError } = client;

const mock = await fixtureMockServer();

const q = { integrated_account_id: FIXTURE_ACCOUNT };
const TICKET = `${TICKETS}/{id}`;
const urlOf = (path: string, query = "") => `${mock.url}${TICKETS}${path}?integrated_account_id=${FIXTURE_ACCOUNT}${query}`;
const newClient = (options: Record<string, unknown> = {}) => lib.createTrutoClient({ token: TOKEN, baseUrl: mock.url, ...options });
const failure = (call: Promise<unknown>): Promise<any> => call.then(() => expect.unreachable("the call resolved"), (error: unknown) => error);
/** How `promise` settled so far: "pending" until it does. */
function tracked(promise: Promise<unknown>) {
  let state: { value: unknown } | { error: unknown } | "pending" = "pending";
  promise.then(
    (value) => (state = { value }),
    (error: unknown) => (state = { error }),
  );
  return { promise, state: () => state };
}

/** A seeded ticket as the mock answers it for the Acme account: computed by a mock core of our own, with no I/O. */
function seeded(id: string): Record<string, unknown> {
  const core = createTruto({ integrations: FIXTURE_INTEGRATIONS as never });
  return core.answer({ method: "GET", url: `${TICKETS}/${id}?integrated_account_id=${FIXTURE_ACCOUNT}`, headers: { authorization: `Bearer ${TOKEN}` }, body: "" }).body as Record<string, unknown>;
}

/** A token function that never settles its first promise, then gives TOKEN; `called(n)` resolves once it was called n times. */
function hangingTokenFunction() {
  const waiters: { count: number; resolve: () => void }[] = [];
  const fn = vi.fn(() => {
    queueMicrotask(() => {
      for (const waiter of waiters.filter((w) => fn.mock.calls.length >= w.count)) waiter.resolve();
    });
    return fn.mock.calls.length === 1 ? new Promise<string>(() => {}) : Promise.resolve(TOKEN);
  });
  const called = (count: number) => (fn.mock.calls.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })));
  return { fn, called };
}

/** A fetch whose 4xx/5xx answers stream `chunks` chunks of 64 KiB (Infinity: without end); it counts what was pulled and whether it was cancelled. */
function endlessErrorBody(status: number, chunks: number) {
  const CHUNK = new TextEncoder().encode("e".repeat(65_536));
  const seen = { pulled: 0, cancelled: false };
  const fetch = async (request: Request) => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (seen.pulled === chunks) return controller.close();
        seen.pulled++;
        controller.enqueue(CHUNK);
      },
      cancel() {
        seen.cancelled = true;
      },
    });
    const response = new Response(body, { status, headers: { "content-type": "text/plain" } });
    Object.defineProperty(response, "url", { value: request.url });
    return response;
  };
  return { fetch, seen };
}

describe("1: a token function that never resolves", () => {
  it("the call rejects with a TrutoTimeoutError after exactly timeoutMs, sending nothing; the next call asks the function again and succeeds", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { fn, called } = hangingTokenFunction();
    const truto = newClient({ token: fn, timeoutMs: 100, maxRetries: 0 });
    const call = tracked(truto.fixture.tickets.get(IDS[0], q));
    await called(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(call.state()).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(await failure(call.promise)).toEqual(new TrutoTimeoutError("GET", urlOf(`/${IDS[0]}`), 100));
    expect(mock.requests).toEqual([]);
    vi.useRealTimers();
    expect(await truto.fixture.tickets.get(IDS[0], q)).toEqual(seeded(IDS[0]));
    expect(fn).toHaveBeenCalledTimes(2);
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
  });

  it("an already aborted signal rejects at once with its reason: the function is not called, nothing is sent", async () => {
    const { fn } = hangingTokenFunction();
    const reason = new Error("gone");
    const truto = newClient({ token: fn });
    expect(await failure(truto.fixture.tickets.get(IDS[0], q, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(await failure(truto.GET(TICKET, { params: { path: { id: IDS[0] }, query: q }, signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(fn).not.toHaveBeenCalled();
    expect(mock.requests).toEqual([]);
  });

  it("an abort while waiting for it rejects with the reason and leaves nothing on the signal; the next call asks again and succeeds", async () => {
    const { fn, called } = hangingTokenFunction();
    const truto = newClient({ token: fn, timeoutMs: Infinity });
    const controller = new AbortController();
    const reason = new Error("user navigated away");
    const call = failure(truto.fixture.tickets.get(IDS[0], q, { signal: controller.signal }));
    await called(1);
    controller.abort(reason);
    expect(await call).toBe(reason);
    expect(mock.requests).toEqual([]);
    expect(getEventListeners(controller.signal, "abort")).toEqual([]);
    expect(await truto.fixture.tickets.get(IDS[0], q)).toEqual(seeded(IDS[0]));
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe("2: an error body that never ends, or is huge", () => {
  const MARK = "…[the body was longer than 1 MiB; the rest was not read]";

  it("an endless 500 body (a stream that never ends) is read up to 1 MiB: an InternalServerError, its body cut and marked, the stream cancelled", async () => {
    const { fetch, seen } = endlessErrorBody(500, Infinity);
    const error = await failure(newClient({ fetch, timeoutMs: 5_000, maxRetries: 0 }).fixture.tickets.get(IDS[0], q));
    expect(error).toMatchObject({ name: "InternalServerError", status: 500, message: `500 ${"e".repeat(200)}…`, body: `${"e".repeat(65_536)}${MARK}` });
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThanOrEqual(18);
  });

  it("a 500 whose body stalls after its first half ends at timeoutMs with a TrutoTimeoutError (its body is read under the timeout)", async () => {
    mock.inject({ status: 500, message: "boom", stall: true });
    const error = await failure(newClient({ timeoutMs: 100, maxRetries: 0 }).fixture.tickets.get(IDS[0], q));
    expect(error).toMatchObject({ name: "TrutoTimeoutError", message: `Request timed out after 100 ms (GET ${mock.url}/unified/fixture/tickets/${IDS[0]}?integrated_account_id=${FIXTURE_ACCOUNT})` });
    expect(mock.requests.map((r) => r.status)).toEqual([500]);
  });

  it("a 2 MiB 400 body: the error keeps its first 65,536 characters and the mark, and the stream is not read to the end", async () => {
    const { fetch, seen } = endlessErrorBody(400, 32);
    const error = await failure(newClient({ fetch }).fixture.tickets.get(IDS[0], q));
    expect(error).toMatchObject({ name: "BadRequestError", status: 400, body: `${"e".repeat(65_536)}${MARK}` });
    expect(error.body).toHaveLength(65_536 + MARK.length);
    expect(seen.pulled).toBeLessThan(32);
    expect(seen.cancelled).toBe(true);
  });

  it("a token echoed where the 1 MiB cut falls is cut off whole: a raw call's error text keeps none of its beginning", async () => {
    // 1 MiB (MAX_ERROR_BODY_BYTES) less 9 bytes, then the token: the cut goes through its 10th byte.
    const filler = "e".repeat(1_048_576 - 9);
    const fetch = async () => new Response(`${filler}${TOKEN} and more`, { status: 400 });
    const { error } = await newClient({ fetch, maxRetries: 0 }).GET(TICKET, { params: { path: { id: IDS[0] }, query: q } });
    expect(error).toBe(filler);
  });
});

describe("3: a success body that stalls after the headers", () => {
  it("is a TrutoTimeoutError at timeoutMs, in both call styles, not retried (the server has answered)", async () => {
    for (const style of ["resource", "raw"] as const) {
      mock.inject({ stall: true });
      const { fetch, arrived } = observedFetch();
      const truto = newClient({ fetch, timeoutMs: 100 });
      const call = failure(style === "resource" ? truto.fixture.tickets.get(IDS[0], q) : truto.GET(TICKET, { params: { path: { id: IDS[0] }, query: q } }));
      const [response] = await arrived(1);
      expect(response!.status).toBe(200);
      expect(await call).toEqual(new TrutoTimeoutError("GET", urlOf(`/${IDS[0]}`), 100));
      expect(mock.requests).toHaveLength(1);
      mock.reset();
    }
  });

  it('with truto_response_format "stream" the timeout stops once the headers arrived: a body slower than timeoutMs is read whole', async () => {
    const query = { ...q, truto_response_format: "stream" };
    const whole = JSON.stringify(seeded(IDS[0]));
    for (const style of ["resource", "raw"] as const) {
      // The second half of the body comes 300 ms after the headers; the timeout is 100 ms.
      mock.inject({ trickle: 300 });
      const truto = newClient({ timeoutMs: 100 });
      const stream = style === "resource" ? await truto.fixture.tickets.get(IDS[0], query) : (await truto.GET(TICKET, { params: { path: { id: IDS[0] }, query }, parseAs: "stream" })).data;
      expect(await new Response(stream).text()).toBe(whole);
      mock.reset();
    }
  });
});

describe("5: what JSON or a header cannot carry", () => {
  const cycle = () => {
    const meta: Record<string, unknown> = { a: 1 };
    meta.self = meta;
    return meta;
  };
  const throwing = { toJSON: () => { throw new Error("no"); } };

  it.each([
    ["a BigInt", { subject: "s", meta: { count: 10n } }, "body.meta.count", 'Body field "meta.count" is a BigInt, which JSON cannot carry (send it as a string or a number)'],
    ["a cycle", { subject: "s", meta: cycle() }, "body.meta.self", 'Body field "meta.self" contains itself (a cycle), which JSON cannot carry'],
    ["a BigInt in an array", { subject: "s", tags: ["a", 2n] }, "body.tags[1]", 'Body field "tags[1]" is a BigInt, which JSON cannot carry (send it as a string or a number)'],
    ["a toJSON that throws", { subject: "s", meta: throwing }, "body.meta", 'Body field "meta" has a toJSON() method that throws'],
  ])("a body with %s: TrutoValidationError naming the field, nothing sent, never retried, in both call styles", async (_, body, parameter, message) => {
    const onRetry = vi.fn();
    const truto = newClient({ onRetry });
    const fromResource = await failure(truto.fixture.tickets.create(body, q));
    const fromRaw = await failure(truto.POST(TICKETS, { params: { query: q }, body }));
    expect(fromResource).toEqual(new TrutoValidationError(parameter, `fixture.tickets.create: ${message}`));
    expect(fromRaw).toEqual(new TrutoValidationError(parameter, `POST ${TICKETS}: ${message}`));
    expect(fromResource).not.toBeInstanceOf(TrutoConnectionError);
    expect(mock.requests).toEqual([]);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it.each([
    ["\\x01", "a\x01b"],
    ["\\x7f", "a\x7fb"],
    ["a character above U+00FF", "Caf\u00e9 \u2615"],
  ])("a header value with %s: TrutoValidationError naming the header, wherever it is given; nothing sent, never retried", async (_, value) => {
    const TEXT = 'must not contain CR, LF, NUL, other control characters or characters above U+00FF (its value is not shown)';
    const expected = (at: string) => new TrutoValidationError("headers", `${at}: header "x-trace" ${TEXT}`);
    const onRetry = vi.fn();
    expect(() => newClient({ headers: { "x-trace": value } })).toThrow(expected("createTrutoClient"));
    const truto = newClient({ onRetry });
    const errors = [
      await failure(truto.fixture.tickets.create({ subject: "s" }, q, { headers: { "x-trace": value } })),
      await failure(truto.fixture.tickets.get(IDS[0], q, { headers: { "x-trace": value } })),
      await failure(truto.GET(TICKET, { params: { path: { id: IDS[0] }, query: q }, headers: { "x-trace": value } })),
      await failure(truto.GET(TICKET, { params: { path: { id: IDS[0] }, query: q, header: { "x-trace": value } } })),
    ];
    expect(errors).toEqual([expected("fixture.tickets.create"), expected("fixture.tickets.get"), expected(`GET ${TICKET}`), expected(`GET ${TICKET}`)]);
    for (const error of errors) expect(error).not.toBeInstanceOf(TrutoConnectionError);
    expect(mock.requests).toEqual([]);
    expect(onRetry).not.toHaveBeenCalled();
  });
});

describe("fourth round: headers Node's fetch refuses at send time", () => {
  // undici throws "invalid transfer-encoding header" (…) inside fetch: the client took it for a lost
  // connection, retried it, and threw a TrutoConnectionError; browsers drop these silently.
  it.each([["Transfer-Encoding", "chunked"], ["Keep-Alive", "timeout=5"], ["Upgrade", "websocket"], ["Expect", "100-continue"], ["Content-Length", "3"], ["Connection", "upgrade"]])(
    "%s: a TrutoValidationError naming it, wherever it is given; nothing sent, never retried",
    async (name, value) => {
      const problem = name === "Connection" ? "must be close or keep-alive (fetch refuses any other)" : "is set by fetch itself (the connection and the body's framing); leave it out";
      const expected = (at: string) => new TrutoValidationError("headers", `${at}: header "${name}" ${problem}`);
      const onRetry = vi.fn();
      expect(() => newClient({ headers: { [name]: value } })).toThrow(expected("createTrutoClient"));
      const truto = newClient({ onRetry });
      const errors = [
        await failure(truto.fixture.tickets.create({ subject: "s" }, q, { headers: { [name]: value } })),
        await failure(truto.fixture.tickets.get(IDS[0], q, { headers: { [name]: value } })),
        await failure(truto.GET(TICKET, { params: { path: { id: IDS[0] }, query: q }, headers: { [name]: value } })),
      ];
      expect(errors).toEqual([expected("fixture.tickets.create"), expected("fixture.tickets.get"), expected(`GET ${TICKET}`)]);
      expect(mock.requests).toEqual([]);
      expect(onRetry).not.toHaveBeenCalled();
    },
  );

  it("Connection: close is sent as given", async () => {
    expect(await newClient().fixture.tickets.get(IDS[0], q, { headers: { Connection: "close" } })).toEqual(seeded(IDS[0]));
    expect(mock.requests.map((r) => r.headers.connection)).toEqual(["close"]);
  });
});

describe("fourth round: unsupportedParameters \"warn\" speaks only for a call that is sent", () => {
  // The body is checked before the query: Acme's warning on due_at was logged for a call that the
  // query then refused, so the log told of a request that never went out.
  it("a call refused after a warning logs nothing; the same call made whole logs the warning once", async () => {
    const logger = { warn: vi.fn() };
    const acme = newClient({ integration: "acme", unsupportedParameters: "warn", logger });
    const body = { due_at: "2024-01-31T12:00:00Z" };
    expect(await failure(acme.fixture.tickets.update(IDS[0], body, {}))).toEqual(new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" is required'));
    expect(logger.warn.mock.calls).toEqual([]);
    expect(mock.requests).toEqual([]);
    await acme.fixture.tickets.update(IDS[0], body, q);
    expect(logger.warn.mock.calls).toEqual([['Body field "due_at" is not supported by Acme CRM (supported by: Globex); Truto ignores it']]);
    expect(mock.requests.map((r) => r.body)).toEqual([JSON.stringify(body)]);
  });
});

describe("7: Idempotency-Key headers on a keyed POST", () => {
  const KEY_RULE = "must be one key of 1 to 255 visible ASCII characters";

  it("a null Idempotency-Key header (which would send none, yet retry as if keyed) is refused, in both call styles", async () => {
    const truto = newClient();
    const problem = 'must not be null (leave it out for a random key)';
    expect(await failure(truto.fixture.tickets.create({ subject: "s" }, q, { headers: { "Idempotency-Key": null } }))).toEqual(
      new TrutoValidationError("headers", `fixture.tickets.create: header "Idempotency-Key" ${problem}`),
    );
    expect(await failure(truto.POST(TICKETS, { params: { query: q }, body: { subject: "s" }, headers: { "idempotency-key": null } }))).toEqual(
      new TrutoValidationError("headers", `POST ${TICKETS}: header "idempotency-key" ${problem}`),
    );
    expect(mock.requests).toEqual([]);
  });

  it.each([
    ["empty", ""],
    ["with a space", "a b"],
    ["of 5,000 characters", "k".repeat(5_000)],
  ])("a key %s is refused as a header, as the idempotencyKey option is", async (_, key) => {
    const truto = newClient();
    expect(await failure(truto.fixture.tickets.create({ subject: "s" }, q, { headers: { "Idempotency-Key": key } }))).toEqual(
      new TrutoValidationError("headers", `fixture.tickets.create: header "Idempotency-Key" ${KEY_RULE}`),
    );
    expect(await failure(truto.fixture.tickets.create({ subject: "s" }, q, { headers: { "IDEMPOTENCY-KEY": key } }))).toEqual(
      new TrutoValidationError("headers", `fixture.tickets.create: header "IDEMPOTENCY-KEY" ${KEY_RULE}`),
    );
    expect(await failure(truto.POST(TICKETS, { params: { query: q }, body: { subject: "s" }, headers: { "Idempotency-Key": key } }))).toEqual(
      new TrutoValidationError("headers", `POST ${TICKETS}: header "Idempotency-Key" ${KEY_RULE}`),
    );
    expect(await failure(truto.fixture.tickets.create({ subject: "s" }, q, { idempotencyKey: key }))).toEqual(
      new TrutoValidationError("idempotencyKey", 'fixture.tickets.create: "idempotencyKey" must be 1 to 255 visible ASCII characters'),
    );
    expect(mock.requests).toEqual([]);
  });

  it("an Idempotency-Key among the client's headers (one key for every call: Truto would replay the first create to the next) is refused at createTrutoClient", () => {
    const problem = "would go with every call, and Truto answers a repeated key with its first answer; give it per call (idempotencyKey, or the call's headers)";
    for (const name of ["Idempotency-Key", "idempotency-key"]) {
      expect(() => newClient({ headers: { [name]: "order-42" } })).toThrow(new TrutoValidationError("headers", `createTrutoClient: header "${name}" ${problem}`));
      expect(() => newClient({ headers: new Headers({ [name]: "order-42" }) })).toThrow(new TrutoValidationError("headers", `createTrutoClient: header "idempotency-key" ${problem}`));
    }
  });

  it("a good key given as a header is sent on every retry, and the header wins over the option", async () => {
    mock.inject({ status: 503, message: "busy" }, 2);
    const { onRetry } = fastRetries();
    const created = await newClient({ onRetry }).fixture.tickets.create({ subject: "s" }, q, { headers: { "Idempotency-Key": "order-42" }, idempotencyKey: "ignored-1" });
    expect(created).toEqual({ id: created.id, subject: "s" });
    expect(mock.requests.map((r) => [r.idempotencyKey, r.status])).toEqual([
      ["order-42", 503],
      ["order-42", 503],
      ["order-42", 201],
    ]);
  });
});

describe("10: Authorization in a raw call's params.header or Headers", () => {
  it("truto.GET and truto.DELETE still send the client's token", async () => {
    const truto = newClient();
    const path = (id: string) => ({ path: { id }, query: q });
    const got = await truto.GET(TICKET, { params: { ...path(IDS[0]), header: { Authorization: `Bearer ${OTHER_TOKEN}` } } });
    const lower = await truto.GET(TICKET, { params: { ...path(IDS[1]), header: { authorization: `Bearer ${OTHER_TOKEN}` } } });
    const deleted = await truto.DELETE(TICKET, { params: { ...path(IDS[2]), header: { Authorization: `Bearer ${OTHER_TOKEN}` } }, headers: new Headers({ Authorization: `Bearer ${OTHER_TOKEN}` }) });
    const fromHeaders = await truto.DELETE(TICKET, { params: path(IDS[3]), headers: new Headers({ Authorization: `Bearer ${OTHER_TOKEN}` }) });
    // The mock accepts only TOKEN: another token would have been its 401.
    expect([got.data, lower.data, deleted.data, fromHeaders.data]).toEqual([seeded(IDS[0]), seeded(IDS[1]), seeded(IDS[2]), seeded(IDS[3])]);
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual(Array(4).fill(`Bearer ${TOKEN}`));
  });

  it("params.header values with CR or LF, or a bad name, are refused before sending", async () => {
    const truto = newClient();
    const send = (header: Record<string, string>) => failure(truto.GET(TICKET, { params: { path: { id: IDS[0] }, query: q, header } }));
    expect(await send({ "x-trace": "a\r\nX-Injected: 1" })).toEqual(
      new TrutoValidationError("headers", `GET ${TICKET}: header "x-trace" must not contain CR, LF, NUL, other control characters or characters above U+00FF (its value is not shown)`),
    );
    expect(await send({ "x-trace\r\nAuthorization": "Bearer x" })).toEqual(
      new TrutoValidationError("headers", `GET ${TICKET}: header name must be letters, digits and !#$%&'*+-.^_\`|~ only; the one starting "x-trace" is not`),
    );
    expect(mock.requests).toEqual([]);
  });
});

describe("13: a list answer that is not a page", () => {
  const pageError = (got: string) => new TrutoError(`fixture.tickets.list: expected a page with its records in "result" (an array, or an object with truto_key_by), got ${got}`);

  it.each([
    ["a string", { result: "none", next_cursor: null }, 'a page whose "result" is string'],
    ["a number", { result: 0, next_cursor: null }, 'a page whose "result" is number'],
    ["a boolean", { result: false, next_cursor: null }, 'a page whose "result" is boolean'],
    ["null", { result: null, next_cursor: null }, 'a page whose "result" is null'],
    ["missing", { next_cursor: null }, 'a page whose "result" is missing'],
    ["a JSON array instead of a page", [{ id: IDS[0] }], "an array"],
    ["a JSON string instead of a page", "ok", "string"],
  ])("result %s: for await rejects with a TrutoError saying what came, records and pages alike", async (_, body, got) => {
    mock.inject({ reply: { status: 200, body: typeof body === "string" ? JSON.stringify(body) : body, headers: { "content-type": "application/json" } } }, 2);
    const truto = newClient();
    const records = async () => {
      for await (const _record of truto.fixture.tickets.list(q));
    };
    const pages = async () => {
      for await (const _page of truto.fixture.tickets.list(q).pages());
    };
    await expect(records()).rejects.toThrow(pageError(got));
    await expect(pages()).rejects.toThrow(pageError(got));
    expect(mock.requests).toHaveLength(2);
  });

  it('iterating a "stream" list is refused, and the stream is cancelled and the signal let go', async () => {
    const cancelled: unknown[] = [];
    // The real fetch, its body passed through a stream that records its cancellation.
    const fetch = async (request: Request, init?: RequestInit) => {
      const response = await globalThis.fetch(request, init);
      const reader = response.body!.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        cancel(reason) {
          cancelled.push(reason);
          return reader.cancel(reason);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    // Headers and half a page, then nothing: only a cancel ends that stream.
    mock.inject({ reply: { status: 200, body: { result: [seeded(IDS[0])], next_cursor: null } }, stall: true });
    const controller = new AbortController();
    const iterate = async () => {
      for await (const _record of newClient({ fetch }).fixture.tickets.list({ ...q, truto_response_format: "stream" }, { signal: controller.signal }));
    };
    await expect(iterate()).rejects.toThrow(
      new TrutoValidationError("truto_response_format", 'fixture.tickets.list: "truto_response_format": "stream" answers a byte stream, which cannot be paged; await the call to read the stream'),
    );
    expect(cancelled).toHaveLength(1);
    expect(getEventListeners(controller.signal, "abort")).toEqual([]);
    expect(mock.requests.map((r) => r.rawUrl)).toEqual([`${TICKETS}?integrated_account_id=${FIXTURE_ACCOUNT}&truto_response_format=stream`]);
  });
});
