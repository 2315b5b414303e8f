// Every operation shape works from YAML alone: the fixture API's generated tables drive src/ (in
// place of generated/, through vi.mock), and each resource method is checked on the wire against
// the loopback server.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as client from "../../src/index.js";
import { FIXTURE_ACCOUNT as ACCOUNT, removeFixtureGenerated } from "../helpers/fixture-api.js";
import { startServer, trutoError, type TestServer } from "../helpers/server.js";

vi.mock("../../generated/endpoints.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("endpoints.ts"));
vi.mock("../../generated/support.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("support.ts"));
// src/'s types describe this repo's spec, not the fixture's (those are checked in shapes-types.test.ts).
const lib: Record<string, any> = client;

let server: TestServer;
let truto: any;
const q = { integrated_account_id: ACCOUNT };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ticket = (id: string) => ({ id, subject: `s${id}` });

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => Promise.all([removeFixtureGenerated(), server.close()]));
beforeEach(() => {
  server.reset();
  truto = lib.createTrutoClient({ token: "secret-token-123", baseUrl: server.url, maxRetries: 1 });
});

const lines = () => server.requests.map((r) => r.requestLine);
const list = (ids: string[], next_cursor: string | null) => ({ status: 200, body: { result: ids.map(ticket), next_cursor } });

describe("list: cursor pages", () => {
  it("resolves to the first page and iterates every record of every page, keeping the caller's query", async () => {
    server.reply(list(["1", "2"], "c2"), list(["1", "2"], "c2"), list(["3", "4"], "c3"), list(["5"], null));
    const pages = truto.fixture.tickets.list({ ...q, limit: 2, priority: "high" });
    expect(await pages).toEqual({ result: [ticket("1"), ticket("2")], next_cursor: "c2" });
    const ids: string[] = [];
    for await (const record of truto.fixture.tickets.list({ ...q, limit: 2, priority: "high" })) ids.push(record.id);
    expect(ids).toEqual(["1", "2", "3", "4", "5"]);
    const base = `GET /unified/fixture/tickets?integrated_account_id=${ACCOUNT}&limit=2&priority=high`;
    expect(lines()).toEqual([`${base} HTTP/1.1`, `${base} HTTP/1.1`, `${base}&next_cursor=c2 HTTP/1.1`, `${base}&next_cursor=c3 HTTP/1.1`]);
  });

  it("pages() iterates whole pages and stops on an empty or absent cursor", async () => {
    server.reply(list(["1"], "c2"), { status: 200, body: { result: [ticket("2")], next_cursor: "" } });
    const seen = [];
    for await (const page of truto.fixture.tickets.list(q).pages()) seen.push(page.result.map((t: { id: string }) => t.id));
    expect(seen).toEqual([["1"], ["2"]]);
    server.reset();
    server.reply({ status: 200, body: { result: [ticket("9")] } });
    const ids = [];
    for await (const record of truto.fixture.tickets.list(q)) ids.push(record.id);
    expect(ids).toEqual(["9"]);
    expect(server.requests).toHaveLength(1);
  });

  it("iterates the values of a result keyed by a field (truto_key_by)", async () => {
    server.reply({ status: 200, body: { result: { a: ticket("1"), b: ticket("2") }, next_cursor: null } });
    const ids = [];
    for await (const record of truto.fixture.tickets.list(q)) ids.push(record.id);
    expect(ids).toEqual(["1", "2"]);
  });

  it("stops with a TrutoError when a cursor repeats, instead of looping", async () => {
    server.reply(list(["1"], "same"), list(["2"], "same"), list(["3"], "same"));
    const iterate = async () => {
      for await (const _ of truto.fixture.tickets.list(q));
    };
    await expect(iterate()).rejects.toThrow(new lib.TrutoError('fixture.tickets.list: the server sent the same "next_cursor" twice; stopped to avoid an endless loop'));
    expect(server.requests).toHaveLength(2);
  });

  it("a caller resuming from a cursor that comes back is stopped after that one page", async () => {
    server.reply(list(["1"], "X"), list(["1"], "X"));
    const ids: string[] = [];
    const iterate = async () => {
      for await (const record of truto.fixture.tickets.list({ ...q, next_cursor: "X" })) ids.push(record.id);
    };
    await expect(iterate()).rejects.toThrow('fixture.tickets.list: the server sent the same "next_cursor" twice');
    expect(ids).toEqual(["1"]);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a page request like any call, and honours the caller's signal between pages", async () => {
    server.reply(list(["1"], "c2"), trutoError(503, "busy"), list(["2"], null));
    const ids = [];
    for await (const record of truto.fixture.tickets.list(q, { onRetry: () => {}, maxRetries: 1, timeoutMs: 5000 })) ids.push(record.id);
    expect(ids).toEqual(["1", "2"]);
    expect(server.requests.map((r) => r.rawUrl.includes("next_cursor=c2"))).toEqual([false, true, true]);

    server.reset();
    server.reply(list(["1"], "c2"), list(["2"], null));
    const controller = new AbortController();
    const read = async () => {
      for await (const _ of truto.fixture.tickets.list(q, { signal: controller.signal })) controller.abort(new Error("stop"));
    };
    await expect(read()).rejects.toThrow("stop");
    expect(server.requests).toHaveLength(1);
  });
});

describe("create, update, custom methods: JSON bodies", () => {
  it("create(body, query) sends the JSON body and an Idempotency-Key, and returns the 201 body", async () => {
    server.reply({ status: 201, body: ticket("7") });
    expect(await truto.fixture.tickets.create({ subject: "Printer on fire", priority: "high" }, q)).toEqual(ticket("7"));
    const [request] = server.requests;
    expect(request!.requestLine).toBe(`POST /unified/fixture/tickets?integrated_account_id=${ACCOUNT} HTTP/1.1`);
    expect(request!.body).toBe('{"subject":"Printer on fire","priority":"high"}');
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["idempotency-key"]).toMatch(UUID_V4);
    expect(request!.headers.authorization).toBe("Bearer secret-token-123");
  });

  it("retries a 503'd create with the same key; two calls get two keys", async () => {
    server.reply(trutoError(503, "busy"), { status: 201, body: ticket("7") }, { status: 201, body: ticket("8") });
    await truto.fixture.tickets.create({ subject: "a" }, q);
    await truto.fixture.tickets.create({ subject: "b" }, q);
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(server.requests.map((r) => r.body)).toEqual(['{"subject":"a"}', '{"subject":"a"}', '{"subject":"b"}']);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("sends the caller's idempotencyKey, and refuses a bad one or one on an operation without the header", async () => {
    server.reply({ status: 201, body: ticket("7") });
    await truto.fixture.tickets.create({ subject: "a" }, q, { idempotencyKey: "order-42" });
    expect(server.requests[0]!.headers["idempotency-key"]).toBe("order-42");
    await expect(truto.fixture.tickets.create({ subject: "a" }, q, { idempotencyKey: "a\nb" })).rejects.toThrow(
      new lib.TrutoValidationError("idempotencyKey", 'fixture.tickets.create: "idempotencyKey" must be 1 to 255 visible ASCII characters'),
    );
    await expect(truto.fixture.tickets.archive({ ids: ["1"] }, q, { idempotencyKey: "k" })).rejects.toThrow(
      "fixture.tickets.archive: this operation declares no Idempotency-Key header",
    );
    expect(server.requests).toHaveLength(1);
  });

  it("a POST that declares no Idempotency-Key is sent once on a 503, and a 204 resolves to undefined", async () => {
    server.reply(trutoError(503, "busy"), { status: 204 });
    await expect(truto.fixture.tickets.archive({ ids: ["1"] }, q)).rejects.toBeInstanceOf(lib.InternalServerError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers["idempotency-key"]).toBeUndefined();
    await expect(truto.fixture.tickets.archive({ ids: ["1"] }, q)).resolves.toBeUndefined();
    expect(server.requests[1]!.body).toBe('{"ids":["1"]}');
  });

  it("update(id, body, query) PATCHes the record; merge(body, query) answers { result }", async () => {
    server.reply({ status: 200, body: ticket("5") }, { status: 200, body: { result: ticket("5") } });
    expect(await truto.fixture.tickets.update("5", { priority: "low" }, q)).toEqual(ticket("5"));
    expect(await truto.fixture.tickets.merge({ id: "5", other_ids: ["6"] }, q)).toEqual({ result: ticket("5") });
    expect(lines()).toEqual([
      `PATCH /unified/fixture/tickets/5?integrated_account_id=${ACCOUNT} HTTP/1.1`,
      `POST /unified/fixture/tickets/merge?integrated_account_id=${ACCOUNT} HTTP/1.1`,
    ]);
    expect(server.requests.map((r) => r.body)).toEqual(['{"priority":"low"}', '{"id":"5","other_ids":["6"]}']);
  });

  it("get(id, query) and delete(id, query) take no body", async () => {
    server.reply({ status: 200, body: ticket("5") }, { status: 200, body: ticket("5") });
    await truto.fixture.tickets.get("5", q);
    await truto.fixture.tickets.delete(5, q);
    expect(lines()).toEqual([`GET /unified/fixture/tickets/5?integrated_account_id=${ACCOUNT} HTTP/1.1`, `DELETE /unified/fixture/tickets/5?integrated_account_id=${ACCOUNT} HTTP/1.1`]);
    expect(server.requests.map((r) => r.body)).toEqual(["", ""]);
  });

  it("keeps the caller's own Idempotency-Key header, in any letter case, on both call styles", async () => {
    server.reply({ status: 201, body: ticket("7") }, { status: 201, body: ticket("8") });
    await truto.fixture.tickets.create({ subject: "a" }, q, { headers: { "idempotency-key": "mine-1" } });
    await truto.POST("/unified/fixture/tickets", { params: { query: q }, body: { subject: "b" }, headers: new Headers({ "Idempotency-Key": "mine-2", "x-app": "crm" }) });
    expect(server.requests.map((r) => [r.headers["idempotency-key"], r.headers["x-app"]])).toEqual([
      ["mine-1", undefined],
      ["mine-2", "crm"],
    ]);
  });

  it("truto.POST(...) sends the body and a declared Idempotency-Key too", async () => {
    server.reply({ status: 201, body: ticket("7") });
    const { data } = await truto.POST("/unified/fixture/tickets", { params: { query: q }, body: { subject: "raw" } });
    expect(data).toEqual(ticket("7"));
    expect(server.requests[0]!.body).toBe('{"subject":"raw"}');
    expect(server.requests[0]!.headers["idempotency-key"]).toMatch(UUID_V4);
  });
});

describe("bodies are checked before sending", () => {
  const refused = async (call: Promise<unknown>, parameter: string, message: string, integration?: string) => {
    const error = await call.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(lib.TrutoValidationError);
    expect(error).toMatchObject({ parameter, message, integration });
    expect(server.requests).toHaveLength(0);
  };

  it("a missing required body names body", () =>
    refused(truto.fixture.tickets.create(undefined, q), "body", "fixture.tickets.create: the JSON body is required (arguments: path parameters, body, query, options)"));

  it("the query where the body belongs is refused, not sent as the body", () =>
    refused(truto.fixture.tickets.create(q), "query", "fixture.tickets.create: expected the query parameters object (with integrated_account_id) after the path parameters and the body"));

  it("call options where the body belongs are refused", () =>
    refused(
      truto.fixture.tickets.update("5", { signal: new AbortController().signal }, q),
      "body",
      'fixture.tickets.update: the body has "signal", a call option; call options go after the query (path parameters, body, query, options)',
    ));

  it("spec rules: required field, type, enum, format, closed schema, plain object", async () => {
    await refused(truto.fixture.tickets.create({ priority: "high" }, q), "body.subject", 'Body field "subject" is required');
    await refused(truto.fixture.tickets.create({ subject: 42 }, q), "body.subject", 'Body field "subject" must be of type string, got number');
    await refused(truto.fixture.tickets.create({ subject: "s", priority: "urgent" }, q), "body.priority", 'Body field "priority" must be one of low, normal, high; got "urgent"');
    await refused(truto.fixture.tickets.create({ subject: "s", due_at: "tomorrow" }, q), "body.due_at", 'Body field "due_at" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date');
    await refused(truto.fixture.tickets.update("5", { colour: "red" }, q), "body.colour", 'Body field "colour" is not in the schema; expected only: subject, priority, due_at');
    await refused(truto.fixture.tickets.merge(new Map(), q), "body", "fixture.tickets.merge: the body must be a plain object, got a Map");
    await refused(truto.fixture.tickets.merge({ id: "1", other_ids: "2" }, q), "body.other_ids", 'Body field "other_ids" must be of type array, got string');
    // merge's body is an allOf of two parts: both parts' rules apply.
    await refused(truto.fixture.tickets.merge({ id: "1" }, q), "body.other_ids", 'Body field "other_ids" is required');
    await refused(truto.fixture.tickets.merge({ maxRetries: 1 }, q), "body", 'fixture.tickets.merge: the body has "maxRetries", a call option; call options go after the query (path parameters, body, query, options)');
  });

  it("call options where the query belongs are refused, not sent as query parameters", () =>
    refused(
      truto.fixture.tickets.create({ subject: "s" }, { idempotencyKey: "k-1", maxRetries: 0 }),
      "query",
      'fixture.tickets.create: the query has "idempotencyKey", a call option; call options go after the query (path parameters, body, query, options)',
    ));

  it("null clears a field the schema makes nullable: no enum, format or integration values apply to it", async () => {
    const acme = lib.createTrutoClient({ token: "t", baseUrl: server.url, integration: "acme" });
    await acme.fixture.tickets.update("5", { priority: null, due_at: null }, q);
    expect(server.requests.map((r) => r.body)).toEqual(['{"priority":null,"due_at":null}']);
    server.reset();
    await refused(truto.fixture.tickets.create({ subject: null }, q), "body.subject", 'Body field "subject" must be of type string, got null');
  });

  it("integration rules on body fields, per client or per call", async () => {
    const acme = lib.createTrutoClient({ token: "t", baseUrl: server.url, integration: "acme" });
    await refused(acme.fixture.tickets.create({ subject: "s", priority: "normal" }, q), "body.priority", 'Body field "priority" must be one of low, high for Acme CRM; got "normal"', "Acme CRM");
    await refused(
      truto.fixture.tickets.create({ subject: "s" }, q, { integration: "globex" }),
      "body.priority",
      'Body field "priority" is required for Globex (allowed: low, normal, high)',
      "Globex",
    );
    const strict = lib.createTrutoClient({ token: "t", baseUrl: server.url, integration: "initech", unsupportedParameters: "error" });
    await refused(strict.fixture.tickets.create({ subject: "s" }, q), "body.subject", 'Body field "subject" is not supported by Initech (supported by: Acme CRM, Globex); Truto ignores it', "Initech");
  });
});
