// Every operation shape works from YAML alone: the fixture API's generated tables drive src/ and the
// mock Truto (in place of generated/, through vi.mock), and each resource method is checked end to
// end: the request on the wire, the answer the mock gave from its store, pages, JSON bodies and
// Idempotency-Keys, every argument position, and bodies refused before sending.
import { describe, expect, it, vi } from "vitest";
import * as client from "../../src/index.js";
import { createTruto } from "../../src/mock/truto.js";
import { fixtureMockServer } from "../helpers/client.js";
import { IDS, TOKEN } from "../helpers/constants.js";
import { FIXTURE_ACCOUNT, FIXTURE_INTEGRATIONS, TICKETS } from "../helpers/fixture-api.js";

vi.mock("../../generated/endpoints.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("endpoints.ts"));
vi.mock("../../generated/support.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("support.ts"));
vi.mock("../../generated/mock.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("mock.ts"));
// src/'s types describe this repo's spec, not the fixture's (those are checked in shapes-types.test.ts).
const lib: Record<string, any> = client;

const mock = await fixtureMockServer();

const q = { integrated_account_id: FIXTURE_ACCOUNT };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const newClient = (options: Record<string, unknown> = {}) => lib.createTrutoClient({ token: TOKEN, baseUrl: mock.url, maxRetries: 1, ...options });
const lines = () => mock.requests.map((r) => r.requestLine);
const line = (method: string, path: string, query = "") => `${method} ${TICKETS}${path}?integrated_account_id=${FIXTURE_ACCOUNT}${query} HTTP/1.1`;

/** A seeded ticket as the mock answers it for the Acme account: computed by a mock core of our own, with no I/O. */
function seeded(id: string): Record<string, unknown> {
  const core = createTruto({ integrations: FIXTURE_INTEGRATIONS as never });
  return core.answer({ method: "GET", url: `${TICKETS}/${id}?integrated_account_id=${FIXTURE_ACCOUNT}`, headers: { authorization: `Bearer ${TOKEN}` }, body: "" }).body as Record<string, unknown>;
}
const page = (records: unknown[], next_cursor?: string | null) => ({ reply: { status: 200, body: next_cursor === undefined ? { result: records } : { result: records, next_cursor } } });
const ticket = (id: string) => ({ id, subject: `s${id}` });

describe("list: cursor pages", () => {
  it("resolves to the first page, and iterates every record of every page, passing each next_cursor back with the caller's query", async () => {
    const truto = newClient();
    const first = await truto.fixture.tickets.list({ ...q, limit: 2, priority: "high" });
    expect(first).toEqual({ result: [seeded(IDS[0]), seeded(IDS[1])], next_cursor: first.next_cursor, prev_cursor: null, result_count: 2 });
    mock.reset();
    const records: unknown[] = [];
    for await (const record of truto.fixture.tickets.list({ ...q, limit: 2, priority: "high" })) records.push(record);
    expect(records).toEqual(IDS.map(seeded));
    mock.reset();
    const pages: { next_cursor: string | null }[] = [];
    for await (const one of truto.fixture.tickets.list({ ...q, limit: 2, priority: "high" }).pages()) pages.push(one);
    expect(pages.map((p) => p.next_cursor)).toEqual([expect.any(String), expect.any(String), null]);
    expect(lines()).toEqual([
      line("GET", "", "&limit=2&priority=high"),
      line("GET", "", `&limit=2&priority=high&next_cursor=${pages[0]!.next_cursor}`),
      line("GET", "", `&limit=2&priority=high&next_cursor=${pages[1]!.next_cursor}`),
    ]);
  });

  it("pages() stops on an empty or absent cursor", async () => {
    mock.inject(page([ticket("1")], "c2"));
    mock.inject(page([ticket("2")], ""));
    const seen: string[][] = [];
    for await (const one of newClient().fixture.tickets.list(q).pages()) seen.push(one.result.map((t: { id: string }) => t.id));
    expect(seen).toEqual([["1"], ["2"]]);
    mock.reset();
    mock.inject(page([ticket("9")]));
    const ids: string[] = [];
    for await (const record of newClient().fixture.tickets.list(q)) ids.push(record.id);
    expect(ids).toEqual(["9"]);
    expect(mock.requests).toHaveLength(1);
  });

  it("iterates the values of a result keyed by a field (truto_key_by)", async () => {
    mock.inject(page({ a: ticket("1"), b: ticket("2") } as never, null));
    const records: unknown[] = [];
    for await (const record of newClient().fixture.tickets.list(q)) records.push(record);
    expect(records).toEqual([ticket("1"), ticket("2")]);
  });

  it("stops with a TrutoError when a cursor repeats, instead of looping", async () => {
    mock.inject(page([ticket("1")], "same"));
    mock.inject(page([ticket("2")], "same"));
    const iterate = async () => {
      for await (const _ of newClient().fixture.tickets.list(q));
    };
    await expect(iterate()).rejects.toThrow(new lib.TrutoError('fixture.tickets.list: the server sent the same "next_cursor" twice; stopped to avoid an endless loop'));
    expect(lines()).toEqual([line("GET", ""), line("GET", "", "&next_cursor=same")]);
  });

  it("a caller resuming from a cursor that comes back is stopped after that one page", async () => {
    mock.inject(page([ticket("1")], "X"));
    const ids: string[] = [];
    const iterate = async () => {
      for await (const record of newClient().fixture.tickets.list({ ...q, next_cursor: "X" })) ids.push(record.id);
    };
    await expect(iterate()).rejects.toThrow(new lib.TrutoError('fixture.tickets.list: the server sent the same "next_cursor" twice; stopped to avoid an endless loop'));
    expect(ids).toEqual(["1"]);
    expect(lines()).toEqual([line("GET", "", "&next_cursor=X")]);
  });

  it("a cursor that is not a string stops with a TrutoError", async () => {
    mock.inject(page([ticket("1")], 7 as never));
    const iterate = async () => {
      for await (const _ of newClient().fixture.tickets.list(q));
    };
    await expect(iterate()).rejects.toThrow(new lib.TrutoError('fixture.tickets.list: "next_cursor" must be a string or null, got number'));
  });

  it("retries a page request like any call, and honours the caller's signal between pages", async () => {
    mock.inject({}); // the first page: the mock's own answer
    mock.inject({ status: 503, message: "busy", retryAfter: 0 });
    const records: unknown[] = [];
    for await (const record of newClient().fixture.tickets.list({ ...q, limit: 3 })) records.push(record);
    expect(records).toEqual(IDS.map(seeded));
    expect(mock.requests.map((r) => [r.rawUrl.includes("next_cursor="), r.status])).toEqual([
      [false, 200],
      [true, 503],
      [true, 200],
    ]);

    mock.reset();
    const controller = new AbortController();
    const reason = new Error("stop");
    const read = async () => {
      for await (const _ of newClient().fixture.tickets.list({ ...q, limit: 2 }, { signal: controller.signal })) controller.abort(reason);
    };
    await expect(read()).rejects.toBe(reason);
    expect(mock.requests).toHaveLength(1);
  });
});

describe("create, update, custom methods: JSON bodies", () => {
  it("create(body, query) sends the JSON body with an Idempotency-Key and returns the 201's record, which is then stored", async () => {
    const truto = newClient();
    const created = await truto.fixture.tickets.create({ subject: "Printer on fire", priority: "high" }, q);
    expect(created).toEqual({ id: created.id, subject: "Printer on fire", priority: "high" });
    expect(IDS).not.toContain(created.id);
    const [request] = mock.requests;
    expect([request!.requestLine, request!.body, request!.status]).toEqual([line("POST", ""), '{"subject":"Printer on fire","priority":"high"}', 201]);
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.idempotencyKey).toMatch(UUID_V4);
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(await truto.fixture.tickets.get(created.id, q)).toEqual(created);
  });

  it("two calls get two keys", async () => {
    const truto = newClient();
    await truto.fixture.tickets.create({ subject: "a" }, q);
    await truto.fixture.tickets.create({ subject: "b" }, q);
    const [first, second] = mock.requests.map((r) => r.idempotencyKey);
    expect(first).toMatch(UUID_V4);
    expect(second).toMatch(UUID_V4);
    expect(second).not.toBe(first);
  });

  it("sends the caller's idempotencyKey; refuses a bad one, or one for an operation without the header", async () => {
    const truto = newClient();
    await truto.fixture.tickets.create({ subject: "a" }, q, { idempotencyKey: "order-42" });
    expect(mock.requests.map((r) => r.idempotencyKey)).toEqual(["order-42"]);
    await expect(truto.fixture.tickets.create({ subject: "a" }, q, { idempotencyKey: "a\nb" })).rejects.toThrow(
      new lib.TrutoValidationError("idempotencyKey", 'fixture.tickets.create: "idempotencyKey" must be 1 to 255 visible ASCII characters'),
    );
    await expect(truto.fixture.tickets.archive({ ids: ["1"] }, q, { idempotencyKey: "k" })).rejects.toThrow(
      new lib.TrutoValidationError("idempotencyKey", "fixture.tickets.archive: this operation declares no Idempotency-Key header"),
    );
    await expect(truto.fixture.tickets.get(IDS[0], q, { idempotencyKey: "k" })).rejects.toThrow(
      new lib.TrutoValidationError("idempotencyKey", "fixture.tickets.get: this operation declares no Idempotency-Key header"),
    );
    expect(mock.requests).toHaveLength(1);
  });

  it("the same key with another body is Truto's 422; with the same body, the first answer replayed", async () => {
    const truto = newClient();
    const created = await truto.fixture.tickets.create({ subject: "a" }, q, { idempotencyKey: "k-1" });
    expect(await truto.fixture.tickets.create({ subject: "a" }, q, { idempotencyKey: "k-1" })).toEqual(created);
    await expect(truto.fixture.tickets.create({ subject: "b" }, q, { idempotencyKey: "k-1" })).rejects.toMatchObject({
      name: "UnprocessableEntityError",
      message: '422 Idempotency-Key "k-1" was used with another request (a different body or query); use a new key for a new request',
    });
    expect(mock.requests.map((r) => [r.status, r.replayed])).toEqual([
      [201, undefined],
      [201, true],
      [422, undefined],
    ]);
  });

  it("archive(body, query), a POST without an Idempotency-Key, sends its body with no key and resolves a 204 to undefined", async () => {
    await expect(newClient().fixture.tickets.archive({ ids: [IDS[0]] }, q)).resolves.toBeUndefined();
    expect(mock.requests.map((r) => [r.requestLine, r.body, r.idempotencyKey, r.status])).toEqual([[line("POST", "/archive"), `{"ids":["${IDS[0]}"]}`, undefined, 204]]);
  });

  it("a Date in a date-time body field is sent as its ISO 8601 text (the types take it, as in a query)", async () => {
    await newClient().fixture.tickets.create({ subject: "s", due_at: new Date("2024-01-31T12:00:00Z") }, q);
    expect(mock.requests.map((r) => [r.requestLine, r.body, r.status])).toEqual([[line("POST", ""), '{"subject":"s","due_at":"2024-01-31T12:00:00.000Z"}', 201]]);
  });

  it("a body field the spec requires is sent whatever the unsupported policy, though no integration lists it (archive's ids)", async () => {
    const logger = { warn: vi.fn() };
    const acme = newClient({ integration: "acme", unsupportedParameters: "error" });
    await expect(acme.fixture.tickets.archive({ ids: [IDS[0]] }, q)).resolves.toBeUndefined();
    await expect(newClient({ integration: "acme", unsupportedParameters: "warn", logger }).fixture.tickets.archive({ ids: [IDS[0]] }, q)).resolves.toBeUndefined();
    expect(logger.warn.mock.calls).toEqual([]);
    expect(mock.requests.map((r) => [r.requestLine, r.body, r.status])).toEqual([
      [line("POST", "/archive"), `{"ids":["${IDS[0]}"]}`, 204],
      [line("POST", "/archive"), `{"ids":["${IDS[0]}"]}`, 204],
    ]);
  });

  it("update(id, body, query) PATCHes the record and returns it merged; merge(body, query) answers { result }", async () => {
    const truto = newClient();
    expect(await truto.fixture.tickets.update(IDS[0], { subject: "Printer fixed" }, q)).toEqual({ ...seeded(IDS[0]), subject: "Printer fixed" });
    expect(await truto.fixture.tickets.merge({ id: IDS[1], other_ids: [IDS[2]] }, q)).toEqual({ result: seeded(IDS[1]) });
    expect(lines()).toEqual([line("PATCH", `/${IDS[0]}`), line("POST", "/merge")]);
    expect(mock.requests.map((r) => r.body)).toEqual(['{"subject":"Printer fixed"}', `{"id":"${IDS[1]}","other_ids":["${IDS[2]}"]}`]);
    expect(mock.requests.map((r) => r.idempotencyKey)).toEqual([expect.stringMatching(UUID_V4), expect.stringMatching(UUID_V4)]);
  });

  it("null clears a field the schema makes nullable: no enum, format or integration values apply to it", async () => {
    const acme = newClient({ integration: "acme" });
    const { priority: _, ...rest } = seeded(IDS[0]);
    expect(await acme.fixture.tickets.update(IDS[0], { priority: null, due_at: null }, q)).toEqual(rest);
    expect(mock.requests.map((r) => r.body)).toEqual(['{"priority":null,"due_at":null}']);
  });

  it("get(id, query) and delete(id, query) send no body; a number id is its text", async () => {
    const truto = newClient();
    expect(await truto.fixture.tickets.get(IDS[0], q)).toEqual(seeded(IDS[0]));
    expect(await truto.fixture.tickets.delete(Number(IDS[0]), q)).toEqual(seeded(IDS[0]));
    expect(lines()).toEqual([line("GET", `/${IDS[0]}`), line("DELETE", `/${IDS[0]}`)]);
    expect(mock.requests.map((r) => [r.body, r.headers["content-type"], r.idempotencyKey])).toEqual([
      ["", undefined, undefined],
      ["", undefined, undefined],
    ]);
  });

  it("keeps the caller's own Idempotency-Key header, in any letter case, in both call styles", async () => {
    const truto = newClient();
    await truto.fixture.tickets.create({ subject: "a" }, q, { headers: { "idempotency-key": "mine-1" } });
    await truto.POST(TICKETS, { params: { query: q }, body: { subject: "b" }, headers: new Headers({ "Idempotency-Key": "mine-2", "x-app": "crm" }) });
    expect(mock.requests.map((r) => [r.idempotencyKey, r.headers["x-app"], r.status])).toEqual([
      ["mine-1", undefined, 201],
      ["mine-2", "crm", 201],
    ]);
  });

  it("truto.POST(...) sends the body and the declared Idempotency-Key too, and keeps { data, error, response }", async () => {
    const { data, error, response } = await newClient().POST(TICKETS, { params: { query: q }, body: { subject: "raw" } });
    expect([data, error, response.status]).toEqual([{ id: data.id, subject: "raw" }, undefined, 201]);
    expect(mock.requests[0]!.body).toBe('{"subject":"raw"}');
    expect(mock.requests[0]!.idempotencyKey).toMatch(UUID_V4);
  });

  it("truto.POST(...) with a bodySerializer of its own: the body is checked, then sent as that serializer writes it", async () => {
    const bodySerializer = (body: Record<string, string>) => new URLSearchParams(body).toString();
    const { error } = await newClient().POST(TICKETS, { params: { query: q }, body: { subject: "a b" }, bodySerializer });
    expect(mock.requests[0]!.body).toBe("subject=a+b");
    expect(error).toEqual({ statusCode: 400, error: "Bad Request", message: "The request body is not valid JSON" });
    await expect(newClient().POST(TICKETS, { params: { query: q }, body: { priority: "low" }, bodySerializer })).rejects.toThrow('Body field "subject" is required');
    expect(mock.requests).toHaveLength(1);
  });

  it("a body the client does not check (no integration set) is refused by Truto in the client's own words", async () => {
    const error = await newClient().fixture.tickets.create({ subject: "s", priority: "normal" }, q).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "BadRequestError",
      message: '400 Body field "priority" must be one of low, high for Acme CRM; got "normal"',
      body: { details: { failures: [{ parameter: "body.priority", message: 'Body field "priority" must be one of low, high for Acme CRM; got "normal"', integration: "Acme CRM" }] } },
    });
  });
});

describe("arguments: refused before sending", () => {
  /** The TrutoValidationError `call` rejects with; nothing may have been sent. */
  const refused = async (call: () => Promise<unknown>, expected: client.TrutoValidationError) => {
    const error = await Promise.resolve().then(call).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toEqual(expected);
    expect(mock.requests).toEqual([]);
  };
  const invalid = (parameter: string, message: string, integration?: string) => new lib.TrutoValidationError(parameter, message, integration);
  const AFTER_PATH = "expected the query parameters object (with integrated_account_id) after the path parameters";

  it.each([
    ["a string", "x"],
    ["null", null],
    ["an array", [q]],
    ["missing", undefined],
  ])("%s in the query position, naming what comes before it", async (_, query) => {
    const truto = newClient();
    await refused(() => truto.fixture.tickets.get("1", query), invalid("query", `fixture.tickets.get: ${AFTER_PATH}`));
    await refused(() => truto.fixture.tickets.update("1", { subject: "s" }, query), invalid("query", `fixture.tickets.update: ${AFTER_PATH} and the body`));
    // Without path parameters, none is named: what comes before is the body, or nothing.
    await refused(() => truto.fixture.tickets.create({ subject: "s" }, query), invalid("query", "fixture.tickets.create: expected the query parameters object (with integrated_account_id) after the body"));
    await refused(() => truto.fixture.tickets.list(query), invalid("query", "fixture.tickets.list: expected the query parameters object (with integrated_account_id) as the first argument"));
  });

  it("a list method with no query rejects like any call (no synchronous throw)", async () => {
    const pending = newClient().fixture.tickets.list();
    await refused(() => pending, invalid("query", "fixture.tickets.list: expected the query parameters object (with integrated_account_id) as the first argument"));
  });

  it.each([[5], [null], ["fast"]])("%j in the options position", async (options) => {
    await refused(() => newClient().fixture.tickets.get("1", q, options), invalid("options", "fixture.tickets.get: call options must be an object"));
  });

  it("a missing required body names body", () =>
    refused(() => newClient().fixture.tickets.create(undefined, q), invalid("body", "fixture.tickets.create: the JSON body is required (arguments: path parameters, body, query, options)")));

  it("the query where the body belongs is refused, not sent as the body", () =>
    refused(() => newClient().fixture.tickets.create(q), invalid("query", "fixture.tickets.create: expected the query parameters object (with integrated_account_id) after the body")));

  it.each([
    ["update", ["5", { signal: new AbortController().signal }, q], "signal"],
    ["merge", [{ maxRetries: 1 }, q], "maxRetries"],
    ["create", [{ subject: "s", idempotencyKey: "k" }, q], "idempotencyKey"],
  ])("call options where %s's body belongs are refused", async (method, args, name) => {
    await refused(
      () => newClient().fixture.tickets[method](...args),
      invalid("body", `fixture.tickets.${method}: the body has "${name}", a call option; call options go after the query (path parameters, body, query, options)`),
    );
  });

  it("call options where the query belongs are refused, not sent as query parameters", () =>
    refused(
      () => newClient().fixture.tickets.create({ subject: "s" }, { idempotencyKey: "k-1", maxRetries: 0 }),
      invalid("query", 'fixture.tickets.create: the query has "idempotencyKey", a call option; call options go after the query (path parameters, body, query, options)'),
    ));

  it.each([
    ["a required field missing", "create", [{ priority: "high" }, q], invalid("body.subject", 'Body field "subject" is required')],
    ["a field of the wrong type", "create", [{ subject: 42 }, q], invalid("body.subject", 'Body field "subject" must be of type string, got number')],
    ["null where null is not allowed", "create", [{ subject: null }, q], invalid("body.subject", 'Body field "subject" must be of type string, got null')],
    ["a value outside the enum", "create", [{ subject: "s", priority: "urgent" }, q], invalid("body.priority", 'Body field "priority" must be one of low, normal, high; got "urgent"')],
    [
      "a bad date-time",
      "create",
      [{ subject: "s", due_at: "tomorrow" }, q],
      invalid("body.due_at", 'Body field "due_at" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'),
    ],
    ["a field a closed schema does not list", "update", ["5", { colour: "red" }, q], invalid("body.colour", 'Body field "colour" is not in the schema; expected only: subject, priority, due_at')],
    ["a body that is not a plain object", "merge", [new Map(), q], invalid("body", "fixture.tickets.merge: the body must be a plain object, got a Map")],
    ["an array where a field wants one, given a string", "merge", [{ id: "1", other_ids: "2" }, q], invalid("body.other_ids", 'Body field "other_ids" must be of type array, got string')],
    // An array's items have their type: the mock refuses { ids: [1] } in these words (body.ids[0]).
    ["an array item of the wrong type", "archive", [{ ids: [1] }, q], invalid("body.ids[0]", 'Body field "ids[0]" must be of type string, got number')],
    ["an array item of the wrong type, after good ones", "merge", [{ id: "1", other_ids: ["2", null] }, q], invalid("body.other_ids[1]", 'Body field "other_ids[1]" must be of type string, got null')],
    // A query parameter's type, as the mock reads the text the client sends: "abc" is no integer.
    ["a query parameter of the wrong type", "list", [{ ...q, limit: "abc" }], invalid("limit", 'Query parameter "limit" must be of type integer, got string')],
    ["a query parameter of the wrong type, given a fraction", "list", [{ ...q, limit: 2.5 }], invalid("limit", 'Query parameter "limit" must be of type integer, got number')],
    // merge's body is an allOf of two parts: both parts' rules apply.
    ["a field the second allOf part requires", "merge", [{ id: "1" }, q], invalid("body.other_ids", 'Body field "other_ids" is required')],
  ])("the spec's rules: %s", async (_, method, args, expected) => {
    await refused(() => newClient().fixture.tickets[method](...args), expected);
  });

  // A query travels as text and the mock (as Truto) reads it with coercion: what goes on the wire as
  // a valid value does is sent, whatever its JavaScript type.
  it("a query value sent as the same text as a valid one is not refused: limit \"2\" is limit 2", async () => {
    await expect(newClient().fixture.tickets.list({ ...q, limit: "2" })).resolves.toMatchObject({ result_count: 2 });
    await expect(newClient().fixture.tickets.list({ ...q, limit: ["1"] })).resolves.toMatchObject({ result_count: 1 });
    expect(lines()).toEqual([line("GET", "", "&limit=2"), line("GET", "", "&limit[]=1")]);
  });

  it("integration rules on body fields and query parameters, per client or per call", async () => {
    const acme = newClient({ integration: "acme" });
    await refused(
      () => acme.fixture.tickets.create({ subject: "s", priority: "normal" }, q),
      invalid("body.priority", 'Body field "priority" must be one of low, high for Acme CRM; got "normal"', "Acme CRM"),
    );
    await refused(
      () => newClient().fixture.tickets.create({ subject: "s" }, q, { integration: "globex" }),
      invalid("body.priority", 'Body field "priority" is required for Globex (allowed: low, normal, high)', "Globex"),
    );
    await refused(
      () => newClient({ integration: "initech", unsupportedParameters: "error" }).fixture.tickets.create({ subject: "s", due_at: "2024-01-31T12:00:00Z" }, q),
      invalid("body.due_at", 'Body field "due_at" is not supported by Initech (supported by: Globex); Truto ignores it', "Initech"),
    );
    await refused(
      () => newClient().fixture.tickets.list({ ...q, priority: "normal" }, { integration: "acme" }),
      invalid("priority", 'Query parameter "priority" must be one of low, high for Acme CRM; got "normal"', "Acme CRM"),
    );
    // subject, which the spec requires, is never "unsupported": Initech's create can be made (the
    // mock's account is Acme's, which answers the subject).
    await expect(newClient({ integration: "initech", unsupportedParameters: "error" }).fixture.tickets.create({ subject: "s" }, q)).resolves.toEqual({ id: expect.any(String), subject: "s" });
  });
});

describe("namespaces", () => {
  it("are made once, on first use, then kept as enumerable properties", () => {
    const truto = newClient();
    const tickets = truto.fixture.tickets;
    expect(truto.fixture.tickets).toBe(tickets);
    expect(tickets.get).toBe(tickets.get);
    expect(Object.keys(truto.fixture)).toEqual(["tickets"]);
    expect(Object.keys(tickets).sort()).toEqual(["archive", "create", "delete", "get", "list", "merge", "update"]);
    expect(Object.getOwnPropertyDescriptor(truto.fixture, "tickets")).toEqual({ value: tickets, enumerable: true, configurable: true, writable: false });
  });
});
