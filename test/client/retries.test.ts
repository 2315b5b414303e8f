// Retries on the mock Truto, on the fixture API (its tables in place of generated/, through vi.mock:
// the real spec has one DELETE and no POST/PATCH): which statuses and failures are retried, backoff
// and Retry-After on fake timers, maxRetries, POST/PATCH retried only with an Idempotency-Key (the
// same key on every attempt) or retryNonIdempotent, connections lost before or after the headers,
// and earlierAttemptMayHaveActed when a retry follows an attempt that got no answer.
import { describe, expect, it, vi } from "vitest";
import * as client from "../../src/index.js";
import type { RetryEvent } from "../../src/index.js";
import { createTruto } from "../../src/mock/truto.js";
import { fastRetries, fixtureMockServer } from "../helpers/client.js";
import { IDS, TOKEN } from "../helpers/constants.js";
import { FIXTURE_ACCOUNT, FIXTURE_INTEGRATIONS, TICKETS } from "../helpers/fixture-api.js";

vi.mock("../../generated/endpoints.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("endpoints.ts"));
vi.mock("../../generated/support.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("support.ts"));
vi.mock("../../generated/mock.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("mock.ts"));
// src/'s types describe this repo's spec, not the fixture's (those are checked in shapes-types.test.ts).
const lib: Record<string, any> = client;

const mock = await fixtureMockServer();

const q = { integrated_account_id: FIXTURE_ACCOUNT };
const urlOf = (path: string) => `${mock.url}${TICKETS}${path}?integrated_account_id=${FIXTURE_ACCOUNT}`;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const newClient = (options: Record<string, unknown> = {}) => lib.createTrutoClient({ token: TOKEN, baseUrl: mock.url, ...options });
const failure = (call: Promise<unknown>): Promise<any> => call.then(() => expect.unreachable("the call resolved"), (error: unknown) => error);

/** A seeded ticket as the mock answers it for the Acme account: computed by a mock core of our own, with no I/O. */
function seeded(id: string): unknown {
  const core = createTruto({ integrations: FIXTURE_INTEGRATIONS as never });
  return core.answer({ method: "GET", url: `${TICKETS}/${id}?integrated_account_id=${FIXTURE_ACCOUNT}`, headers: { authorization: `Bearer ${TOKEN}` }, body: "" }).body;
}

describe("statuses", () => {
  it.each([
    [500, "InternalServerError"],
    [502, "InternalServerError"],
    [503, "InternalServerError"],
    [504, "InternalServerError"],
    [408, "TrutoApiError"],
    [429, "RateLimitError"],
  ])("%i is retried twice by default, then its error is thrown", async (status, name) => {
    mock.inject({ status, message: "flaky" }, 2);
    mock.inject({ status, message: "still flaky" });
    const { events, onRetry } = fastRetries();
    const error = await failure(newClient({ onRetry }).fixture.tickets.delete(IDS[0], q));
    expect(error).toMatchObject({ name, status, message: `${status} still flaky`, earlierAttemptMayHaveActed: false });
    expect(mock.requests).toHaveLength(3);
    expect(events.map((e) => [e.attempt, e.status, e.method, e.url])).toEqual([
      [1, status, "DELETE", urlOf(`/${IDS[0]}`)],
      [2, status, "DELETE", urlOf(`/${IDS[0]}`)],
    ]);
  });

  it("a retry that succeeds gives the answer", async () => {
    mock.inject({ status: 503, message: "busy" });
    const { onRetry } = fastRetries();
    expect(await newClient({ onRetry }).fixture.tickets.delete(IDS[0], q)).toEqual(seeded(IDS[0]));
    expect(mock.requests.map((r) => [r.requestLine, r.status])).toEqual([
      [`DELETE ${TICKETS}/${IDS[0]}?integrated_account_id=${FIXTURE_ACCOUNT} HTTP/1.1`, 503],
      [`DELETE ${TICKETS}/${IDS[0]}?integrated_account_id=${FIXTURE_ACCOUNT} HTTP/1.1`, 200],
    ]);
  });

  it.each([
    [400, "BadRequestError"],
    [401, "AuthenticationError"],
    [403, "PermissionDeniedError"],
    [404, "NotFoundError"],
    [409, "ConflictError"],
    [422, "UnprocessableEntityError"],
    [501, "InternalServerError"],
    [505, "InternalServerError"],
    [511, "InternalServerError"],
  ])("%i is never retried: the request itself must change", async (status, name) => {
    mock.inject({ status, message: "final" });
    const onRetry = vi.fn();
    expect(await failure(newClient({ onRetry }).fixture.tickets.delete(IDS[0], q))).toMatchObject({ name, status, message: `${status} final` });
    expect(mock.requests).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });
});

describe("backoff and Retry-After, on fake timers", () => {
  it("backs off 0.5 s, 1 s, 2 s … up to 8 s", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    mock.inject({ status: 500, message: "down" }, 6);
    const { events, onRetry } = fastRetries();
    expect(await newClient({ onRetry, maxRetries: 6 }).fixture.tickets.get(IDS[0], q)).toEqual(seeded(IDS[0]));
    expect(events.map((e) => e.delayMs)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it("takes up to 25 % off each wait as jitter", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    mock.inject({ status: 500, message: "down" }, 2);
    const { events, onRetry } = fastRetries();
    await newClient({ onRetry }).fixture.tickets.get(IDS[0], q);
    expect(events.map((e) => e.delayMs)).toEqual([438, 875]);
  });

  it("waits exactly what Retry-After asks, in seconds", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    mock.inject({ status: 429, message: "Rate limit exceeded", retryAfter: 1 });
    let retried!: () => void;
    const waiting = new Promise<void>((resolve) => (retried = resolve));
    const events: RetryEvent[] = [];
    const call = newClient({ onRetry: (e: RetryEvent) => (events.push(e), retried()) }).fixture.tickets.get(IDS[0], q);
    await waiting;
    await vi.advanceTimersByTimeAsync(999);
    expect(mock.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toEqual(seeded(IDS[0]));
    expect(mock.requests).toHaveLength(2);
    expect(events).toEqual([{ attempt: 1, delayMs: 1_000, method: "GET", url: urlOf(`/${IDS[0]}`), status: 429 }]);
  });

  it("waits until a Retry-After HTTP-date", async () => {
    mock.inject({ status: 429, message: "later", retryAfter: "Wed, 25 Nov 2026 10:00:30 GMT" });
    const { events, onRetry } = fastRetries([], new Date("2026-11-25T10:00:00.000Z"));
    expect(await newClient({ onRetry }).fixture.tickets.get(IDS[0], q)).toEqual(seeded(IDS[0]));
    expect(events.map((e) => e.delayMs)).toEqual([30_000]);
  });

  it.each(["soon 3", "1.5", "2026-11-25T10:00:30Z"])("ignores a Retry-After of %j: the backoff applies", async (retryAfter) => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    mock.inject({ status: 503, message: "busy", retryAfter });
    const { events, onRetry } = fastRetries();
    await newClient({ onRetry }).fixture.tickets.get(IDS[0], q);
    expect(events.map((e) => e.delayMs)).toEqual([438]);
  });

  it("waits out 60 s, but not a Retry-After beyond it: that RateLimitError goes to the caller, with the header", async () => {
    mock.inject({ status: 429, message: "Slow down", retryAfter: 60 });
    const { events, onRetry } = fastRetries();
    expect(await newClient({ onRetry }).fixture.tickets.get(IDS[0], q)).toEqual(seeded(IDS[0]));
    expect(events.map((e) => e.delayMs)).toEqual([60_000]);
    mock.reset();
    mock.inject({ status: 429, message: "Daily quota exhausted", retryAfter: 3_600 });
    const error = await failure(newClient({ onRetry }).fixture.tickets.get(IDS[0], q));
    expect(error).toMatchObject({ name: "RateLimitError", message: "429 Daily quota exhausted" });
    expect(error.headers.get("retry-after")).toBe("3600");
    expect(mock.requests).toHaveLength(1);
    expect(events).toHaveLength(1);
  });

  // Truto normalizes every vendor's rate limit into ratelimit-limit / -remaining / -reset, a 429
  // included, and may send no Retry-After: the reset is when the window opens again.
  const rateLimited = (reset: number) => ({
    reply: { status: 429, body: { statusCode: 429, error: "Too Many Requests", message: "HubSpot rate limit", truto_is_remote_error: true, raw_response: {} }, headers: { "ratelimit-limit": "110;w=10", "ratelimit-remaining": "0", "ratelimit-reset": String(reset) } },
  });

  it("a 429 with no Retry-After waits ratelimit-reset when the quota is used up", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    mock.inject(rateLimited(30));
    const { events, onRetry } = fastRetries();
    expect(await newClient({ onRetry }).fixture.tickets.get(IDS[0], q)).toEqual(seeded(IDS[0]));
    expect(events).toEqual([{ attempt: 1, delayMs: 30_000, method: "GET", url: urlOf(`/${IDS[0]}`), status: 429 }]);
  });

  it("a ratelimit-reset beyond 60 s is not waited out, like Retry-After: the RateLimitError goes to the caller at once", async () => {
    mock.inject(rateLimited(3_600), 3);
    const { events, onRetry } = fastRetries();
    const error = await failure(newClient({ onRetry }).fixture.tickets.get(IDS[0], q));
    expect(error).toMatchObject({ name: "RateLimitError", message: "429 HubSpot rate limit", isRemoteError: true });
    expect(error.headers.get("ratelimit-reset")).toBe("3600");
    expect(mock.requests).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it("a server that always says Retry-After: 0 is retried no faster than every 100 ms, maxRetries (10) times", async () => {
    mock.inject({ status: 429, message: "again", retryAfter: 0 }, 11);
    const { events, onRetry } = fastRetries();
    const error = await failure(newClient({ onRetry, maxRetries: 10 }).fixture.tickets.get(IDS[0], q));
    expect(error).toMatchObject({ name: "RateLimitError", message: "429 again" });
    expect(mock.requests).toHaveLength(11);
    expect(events.map((e) => e.delayMs)).toEqual(Array(10).fill(100));
  });
});

describe("maxRetries", () => {
  it("0 disables retries, per client and per call", async () => {
    mock.inject({ status: 503, message: "x" });
    mock.inject({ status: 503, message: "y" });
    await expect(newClient({ maxRetries: 0 }).fixture.tickets.get(IDS[0], q)).rejects.toThrow("503 x");
    await expect(newClient().fixture.tickets.get(IDS[0], q, { maxRetries: 0 })).rejects.toThrow("503 y");
    expect(mock.requests).toHaveLength(2);
  });

  it("a call's maxRetries replaces the client's", async () => {
    mock.inject({ status: 503, message: "busy" }, 3);
    const { onRetry } = fastRetries();
    expect(await newClient({ onRetry, maxRetries: 0 }).fixture.tickets.get(IDS[0], q, { maxRetries: 3 })).toEqual(seeded(IDS[0]));
    expect(mock.requests.map((r) => r.status)).toEqual([503, 503, 503, 200]);
  });
});

describe("lost connections", () => {
  it("dropped before any answer: retried, then a TrutoConnectionError with the cause", async () => {
    mock.inject({ reset: true }, 2);
    const { events, onRetry } = fastRetries();
    const error = await failure(newClient({ maxRetries: 1, onRetry }).fixture.tickets.get(IDS[0], q));
    expect(error).toEqual(new lib.TrutoConnectionError("GET", urlOf(`/${IDS[0]}`), "Connection error"));
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(mock.requests.map((r) => r.status)).toEqual([0, 0]);
    expect(events.map((e) => [e.attempt, e.error?.name])).toEqual([[1, "TrutoConnectionError"]]);
  });

  it("dropped mid-body, after the headers: not retried (the server has acted), a TrutoConnectionError", async () => {
    mock.inject({ cut: true });
    const onRetry = vi.fn();
    const error = await failure(newClient({ onRetry }).fixture.tickets.delete(IDS[0], q));
    expect(error).toEqual(new lib.TrutoConnectionError("DELETE", urlOf(`/${IDS[0]}`), "Connection lost while reading the response body"));
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(mock.requests.map((r) => r.status)).toEqual([200]);
    expect(onRetry).not.toHaveBeenCalled();
    // The delete was done: the record is gone.
    await expect(newClient().fixture.tickets.get(IDS[0], q)).rejects.toMatchObject({ name: "NotFoundError" });
  });

  it("dropped in the middle of the last attempt's error body: a TrutoConnectionError, not the status", async () => {
    mock.inject({ status: 503, message: "busy", cut: true });
    const error = await failure(newClient({ maxRetries: 0 }).fixture.tickets.get(IDS[0], q));
    expect(error).toEqual(new lib.TrutoConnectionError("GET", urlOf(`/${IDS[0]}`), "Connection lost while reading the response body"));
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});

describe("earlierAttemptMayHaveActed: a retry after an attempt that got no answer", () => {
  const DELETED = (message: string) => `404 ${message} (retried: an earlier attempt got no response and may have deleted it)`;

  it("a DELETE whose answer was lost, retried: the record is gone, and the NotFoundError says the first attempt may have deleted it", async () => {
    mock.inject({ lost: true });
    const { events, onRetry } = fastRetries();
    const error = await failure(newClient({ onRetry }).fixture.tickets.delete(IDS[0], q));
    expect(error).toMatchObject({ name: "NotFoundError", message: DELETED(`No record with id "${IDS[0]}" in ${TICKETS}`), earlierAttemptMayHaveActed: true });
    expect(events.map((e) => e.error?.name)).toEqual(["TrutoConnectionError"]);
    expect(mock.requests.map((r) => r.status)).toEqual([0, 404]);
  });

  it("a DELETE that timed out while the server deleted, retried once the answer went out: flagged the same", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    // The mock answers (and deletes) after 300 ms of real time; the client gives up after 100 ms of its own.
    mock.inject({ slow: 300 });
    const events: RetryEvent[] = [];
    const onRetry = (event: RetryEvent) => {
      events.push(event);
      // The retry goes out once the first attempt's answer was sent, so the record is gone by then.
      void mock.answered(1).then(() => vi.advanceTimersByTime(event.delayMs));
    };
    const call = failure(newClient({ onRetry, timeoutMs: 100 }).fixture.tickets.delete(IDS[0], q));
    await mock.received(1);
    vi.advanceTimersByTime(100);
    const error = await call;
    expect(error).toMatchObject({ name: "NotFoundError", message: DELETED(`No record with id "${IDS[0]}" in ${TICKETS}`), earlierAttemptMayHaveActed: true });
    expect(events.map((e) => e.error?.name)).toEqual(["TrutoTimeoutError"]);
    expect(mock.requests.map((r) => r.status)).toEqual([200, 404]);
  });

  it("a connection dropped before any answer is flagged too: the client cannot know", async () => {
    mock.inject({ reset: true });
    mock.inject({ status: 404, message: "Ticket not found" });
    const { onRetry } = fastRetries();
    const error = await failure(newClient({ onRetry }).fixture.tickets.delete(IDS[0], q));
    expect(error).toMatchObject({ name: "NotFoundError", message: DELETED("Ticket not found"), earlierAttemptMayHaveActed: true });
  });

  it("after a 503 (an answer: nothing was done) the 404 is not flagged, and reads as Truto wrote it", async () => {
    mock.inject({ status: 503, message: "busy", retryAfter: 0 });
    mock.inject({ status: 404, message: "Ticket not found" });
    const { onRetry } = fastRetries();
    const error = await failure(newClient({ onRetry }).fixture.tickets.delete(IDS[0], q));
    expect(error).toMatchObject({ name: "NotFoundError", message: "404 Ticket not found", earlierAttemptMayHaveActed: false });
  });

  it("a first attempt's 404 is not flagged", async () => {
    const error = await failure(newClient().fixture.tickets.delete("1", q));
    expect(error).toMatchObject({ name: "NotFoundError", message: `404 No record with id "1" in ${TICKETS}`, earlierAttemptMayHaveActed: false });
  });

  it("other statuses and methods are flagged too: 'may have acted'", async () => {
    mock.inject({ reset: true });
    mock.inject({ status: 500, message: "boom" });
    const { onRetry } = fastRetries();
    const error = await failure(newClient({ onRetry, maxRetries: 1 }).fixture.tickets.update(IDS[0], { priority: "low" }, q));
    expect(error).toMatchObject({
      name: "InternalServerError",
      message: "500 boom (retried: an earlier attempt got no response and may have acted)",
      method: "PATCH",
      earlierAttemptMayHaveActed: true,
    });
  });
});

describe("POST and PATCH", () => {
  const CREATE = `POST ${TICKETS}?integrated_account_id=${FIXTURE_ACCOUNT} HTTP/1.1`;
  const ARCHIVE = `POST ${TICKETS}/archive?integrated_account_id=${FIXTURE_ACCOUNT} HTTP/1.1`;

  it.each([[undefined], [{}], [{ maxRetries: 1 }], [{ timeoutMs: 5_000 }]])(
    "a POST that declares an Idempotency-Key is retried with the same key (call options %j)",
    async (options) => {
      mock.inject({ status: 503, message: "busy" });
      const { onRetry } = fastRetries();
      const created = await newClient({ onRetry }).fixture.tickets.create({ subject: "Printer on fire", priority: "high" }, q, options);
      expect(created).toEqual({ id: created.id, subject: "Printer on fire", priority: "high" });
      const [first, second] = mock.requests;
      expect(mock.requests.map((r) => [r.requestLine, r.body, r.status])).toEqual([
        [CREATE, '{"subject":"Printer on fire","priority":"high"}', 503],
        [CREATE, '{"subject":"Printer on fire","priority":"high"}', 201],
      ]);
      expect(first!.idempotencyKey).toMatch(UUID_V4);
      expect(second!.idempotencyKey).toBe(first!.idempotencyKey);
    },
  );

  it("a keyed POST whose answer was lost is retried with the same key: Truto replays the first answer, one ticket is created", async () => {
    mock.inject({ lost: true });
    const { onRetry } = fastRetries();
    const truto = newClient({ onRetry });
    const created = await truto.fixture.tickets.create({ subject: "Once only" }, q, { idempotencyKey: "order-42" });
    expect(created).toEqual({ id: created.id, subject: "Once only" });
    expect(mock.requests.map((r) => [r.idempotencyKey, r.status, r.replayed])).toEqual([
      ["order-42", 0, undefined],
      ["order-42", 201, true],
    ]);
    const page = await truto.fixture.tickets.list(q);
    expect(page.result.filter((ticket: { subject?: string }) => ticket.subject === "Once only")).toEqual([created]);
  });

  it("a keyed PATCH is retried with the same key, the same body", async () => {
    mock.inject({ status: 502, message: "bad gateway" });
    const { onRetry } = fastRetries();
    const updated = await newClient({ onRetry }).fixture.tickets.update(IDS[0], { subject: "Renamed" }, q);
    expect(updated).toEqual({ ...(seeded(IDS[0]) as object), subject: "Renamed" });
    const [first, second] = mock.requests;
    expect([first!.body, second!.body]).toEqual(['{"subject":"Renamed"}', '{"subject":"Renamed"}']);
    expect(second!.idempotencyKey).toBe(first!.idempotencyKey);
  });

  it("truto.POST on a keyed route sends a key and retries with it", async () => {
    mock.inject({ status: 503, message: "busy" });
    const { onRetry } = fastRetries();
    const { data } = await newClient({ onRetry }).POST(TICKETS, { params: { query: q }, body: { subject: "raw" } });
    expect(data).toEqual({ id: data.id, subject: "raw" });
    const [first, second] = mock.requests;
    expect(first!.idempotencyKey).toMatch(UUID_V4);
    expect(second!.idempotencyKey).toBe(first!.idempotencyKey);
  });

  it("a POST without an Idempotency-Key is sent once on a 503, whatever the maxRetries", async () => {
    for (const options of [undefined, { maxRetries: 2 }]) {
      mock.inject({ status: 503, message: "busy" });
      const onRetry = vi.fn();
      expect(await failure(newClient({ onRetry, maxRetries: 2 }).fixture.tickets.archive({ ids: [IDS[0]] }, q, options))).toMatchObject({
        name: "InternalServerError",
        status: 503,
      });
      expect(mock.requests.map((r) => [r.requestLine, r.idempotencyKey])).toEqual([[ARCHIVE, undefined]]);
      expect(onRetry).not.toHaveBeenCalled();
      mock.reset();
    }
  });

  it("… unless retryNonIdempotent is set, per call or per client: then the same body is sent again", async () => {
    for (const [clientOptions, callOptions] of [
      [{}, { retryNonIdempotent: true }],
      [{ retryNonIdempotent: true }, undefined],
    ] as const) {
      mock.inject({ status: 503, message: "busy" });
      const { onRetry } = fastRetries();
      expect(await newClient({ onRetry, ...clientOptions }).fixture.tickets.archive({ ids: [IDS[0]] }, q, callOptions)).toBeUndefined();
      expect(mock.requests.map((r) => [r.requestLine, r.body, r.status])).toEqual([
        [ARCHIVE, `{"ids":["${IDS[0]}"]}`, 503],
        [ARCHIVE, `{"ids":["${IDS[0]}"]}`, 204],
      ]);
      mock.reset();
    }
  });
});
