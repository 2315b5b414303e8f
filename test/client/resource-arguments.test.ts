// Resource methods' arguments on every shape of the fixture API (its tables in place of generated/,
// through vi.mock), with an in-memory fetch: what each position must be, what is refused before a
// request is made, which calls are retried, and how the namespace objects are kept.
import { afterAll, describe, expect, it, vi } from "vitest";
import * as client from "../../src/index.js";
import { FIXTURE_ACCOUNT, removeFixtureGenerated } from "../helpers/fixture-api.js";

vi.mock("../../generated/endpoints.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("endpoints.ts"));
vi.mock("../../generated/support.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("support.ts"));
// src/'s types describe this repo's spec, not the fixture's (those are checked in shapes-types.test.ts).
const lib: Record<string, any> = client;

afterAll(removeFixtureGenerated);

const q = { integrated_account_id: FIXTURE_ACCOUNT };
const BASE = "https://api.test";

/** A client whose fetch answers from `replies` in turn (the last one repeats) and records each request line. */
function fixtureClient(replies: Array<() => Response> = [() => Response.json({ id: "1" })], options: Record<string, unknown> = {}) {
  const sent: string[] = [];
  const fetch = async (request: Request) => {
    sent.push(`${request.method} ${request.url.slice(BASE.length)}`);
    return (replies.length > 1 ? replies.shift()! : replies[0]!)();
  };
  const truto = lib.createTrutoClient({ token: "t", baseUrl: BASE, fetch, ...options });
  return { truto, sent };
}

const unavailable = () => Response.json({ message: "try later" }, { status: 503, headers: { "Retry-After": "0" } });

async function refusal(call: () => Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(lib.TrutoValidationError);
  const { parameter, message } = error as Record<string, unknown>;
  return { parameter, message };
}

describe("the query position", () => {
  it.each([
    ["a string", "x"],
    ["null", null],
    ["an array", [q]],
    ["missing", undefined],
  ])("%s is refused, naming what comes before it, and nothing is sent", async (_, query) => {
    const { truto, sent } = fixtureClient();
    expect(await refusal(() => truto.fixture.tickets.get("1", query))).toEqual({
      parameter: "query",
      message: "fixture.tickets.get: expected the query parameters object (with integrated_account_id) after the path parameters",
    });
    expect(await refusal(() => truto.fixture.tickets.update("1", { subject: "s" }, query))).toEqual({
      parameter: "query",
      message: "fixture.tickets.update: expected the query parameters object (with integrated_account_id) after the path parameters and the body",
    });
    expect(sent).toEqual([]);
  });

  it("a list method with no query rejects like any call (no synchronous throw)", async () => {
    const { truto, sent } = fixtureClient();
    const pending = truto.fixture.tickets.list();
    expect(await refusal(() => pending)).toEqual({
      parameter: "query",
      message: "fixture.tickets.list: expected the query parameters object (with integrated_account_id) after the path parameters",
    });
    expect(sent).toEqual([]);
  });

  it("the path parameters fill the template and nothing after them does", async () => {
    const { truto, sent } = fixtureClient();
    await truto.fixture.tickets.get("7", q);
    await truto.fixture.tickets.update("8", { subject: "s" }, q);
    expect(sent).toEqual([`GET /unified/fixture/tickets/7?integrated_account_id=${FIXTURE_ACCOUNT}`, `PATCH /unified/fixture/tickets/8?integrated_account_id=${FIXTURE_ACCOUNT}`]);
  });
});

describe("the options position", () => {
  it.each([[5], [null], ["fast"]])("%j is refused before sending", async (options) => {
    const { truto, sent } = fixtureClient();
    expect(await refusal(() => truto.fixture.tickets.get("1", q, options))).toEqual({ parameter: "options", message: "fixture.tickets.get: call options must be an object" });
    expect(sent).toEqual([]);
  });

  it("idempotencyKey is refused on an operation that declares no Idempotency-Key header", async () => {
    const { truto, sent } = fixtureClient();
    expect(await refusal(() => truto.fixture.tickets.archive({ ids: ["1"] }, q, { idempotencyKey: "k" }))).toEqual({
      parameter: "idempotencyKey",
      message: "fixture.tickets.archive: this operation declares no Idempotency-Key header",
    });
    expect(await refusal(() => truto.fixture.tickets.get("1", q, { idempotencyKey: "k" }))).toMatchObject({ parameter: "idempotencyKey" });
    expect(sent).toEqual([]);
  });

  it("a per-call integration applies that integration's rules", async () => {
    const { truto, sent } = fixtureClient();
    expect(await refusal(() => truto.fixture.tickets.list({ ...q, priority: "normal" }, { integration: "acme" }))).toEqual({
      parameter: "priority",
      message: 'Query parameter "priority" must be one of low, high for Acme CRM; got "normal"',
    });
    await truto.fixture.tickets.list({ ...q, priority: "normal" });
    expect(sent).toEqual([`GET /unified/fixture/tickets?integrated_account_id=${FIXTURE_ACCOUNT}&priority=normal`]);
  });
});

describe("which calls are retried", () => {
  const created = () => Response.json({ id: "9", subject: "s" }, { status: 201 });
  const CREATE = `POST /unified/fixture/tickets?integrated_account_id=${FIXTURE_ACCOUNT}`;
  const ARCHIVE = `POST /unified/fixture/tickets/archive?integrated_account_id=${FIXTURE_ACCOUNT}`;

  it("a POST that declares an Idempotency-Key is retried, with or without call options of its own", async () => {
    for (const options of [undefined, {}, { maxRetries: 1 }, { timeoutMs: 5_000 }]) {
      const { truto, sent } = fixtureClient([unavailable, created], { maxRetries: 2 });
      expect(await truto.fixture.tickets.create({ subject: "s" }, q, options)).toEqual({ id: "9", subject: "s" });
      expect(sent).toEqual([CREATE, CREATE]);
    }
  });

  it("a POST without one is sent once, unless the call opts in with retryNonIdempotent", async () => {
    for (const options of [undefined, { maxRetries: 2 }]) {
      const { truto, sent } = fixtureClient([unavailable, () => new Response(null, { status: 204 })], { maxRetries: 2 });
      await expect(truto.fixture.tickets.archive({ ids: ["1"] }, q, options)).rejects.toMatchObject({ name: "InternalServerError", status: 503 });
      expect(sent).toEqual([ARCHIVE]);
    }
    const { truto, sent } = fixtureClient([unavailable, () => new Response(null, { status: 204 })], { maxRetries: 2 });
    expect(await truto.fixture.tickets.archive({ ids: ["1"] }, q, { retryNonIdempotent: true })).toBeUndefined();
    expect(sent).toEqual([ARCHIVE, ARCHIVE]);
  });
});

describe("namespaces", () => {
  it("are made once, then kept as enumerable properties", () => {
    const { truto } = fixtureClient();
    const tickets = truto.fixture.tickets;
    expect(truto.fixture.tickets).toBe(tickets);
    expect(tickets.get).toBe(tickets.get);
    expect(Object.keys(truto.fixture)).toEqual(["tickets"]);
    expect(Object.keys(tickets).sort()).toEqual(["archive", "create", "delete", "get", "list", "merge", "update"]);
    expect(Object.getOwnPropertyDescriptor(truto.fixture, "tickets")).toEqual({ value: tickets, enumerable: true, configurable: true, writable: false });
  });
});
