// The mock Truto's answers with no HTTP at all: createTruto(options).answer({ method, url, headers,
// body }) (src/mock/truto.ts). Auth and account tokens, route matching, Truto's error bodies in the
// client's exact words, records per integrated account, Idempotency-Key scoped to the account and
// checked against the request, answers shaped per integration, reset().
//
// Two sets of tables: this repo's generated/ (one DELETE; Capsule, Keap and Planhat accounts from
// TEST_ACCOUNTS), and the fixture API's (test/fixtures/shapes/: list, get, create, update, delete
// and custom methods; acme, globex and initech), loaded into a second copy of src/mock/truto.ts with
// vi.doMock, so both run src/ itself.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fieldSupport } from "../../generated/support.js";
import { TrutoValidationError, createTrutoClient, type IntegrationSlug } from "../../src/index.js";
import { createTruto, type MockTrutoCore, type MockTrutoOptions, type Reply } from "../../src/mock/truto.js";
import { ACCOUNT, IDS, KEAP_ACCOUNT, OTHER_TOKEN, PLANHAT_ACCOUNT, TEST_ACCOUNTS, TOKEN } from "../helpers/constants.js";
import { fixtureGenerated, removeFixtureGenerated, TICKETS } from "../helpers/fixture-api.js";

type FixtureAccounts = { acme: string; globex: string; initech: string };
let fixture: { createTruto: typeof createTruto };

beforeAll(async () => {
  vi.resetModules();
  vi.doMock("../../generated/endpoints.js", () => fixtureGenerated("endpoints.ts"));
  vi.doMock("../../generated/support.js", () => fixtureGenerated("support.ts"));
  vi.doMock("../../generated/mock.js", () => fixtureGenerated("mock.ts"));
  fixture = await import("../../src/mock/truto.js");
  vi.doUnmock("../../generated/endpoints.js");
  vi.doUnmock("../../generated/support.js");
  vi.doUnmock("../../generated/mock.js");
});
afterAll(removeFixtureGenerated);

/** The mock on this repo's tables, with the test accounts, accepting only TOKEN. */
const engagementsTruto = (options: MockTrutoOptions = {}) => createTruto({ token: TOKEN, integrations: { ...TEST_ACCOUNTS }, ...options });

/** The mock on the fixture API's tables (its default accounts: one per integration), accepting only TOKEN. */
function ticketsTruto(options: MockTrutoOptions = {}): { truto: MockTrutoCore } & FixtureAccounts {
  const truto = fixture.createTruto({ token: TOKEN, ...options });
  return { truto, ...(truto.accounts as unknown as FixtureAccounts) };
}

interface Send {
  /** The Bearer token; null sends no Authorization header. */
  token?: string | null;
  key?: string;
  body?: unknown;
}

/** One request as the HTTP layer would hand it over: the raw target, lower-case headers, the body as text. */
function send(truto: MockTrutoCore, method: string, url: string, { token = TOKEN, key, body }: Send = {}): Reply {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (key !== undefined) headers["idempotency-key"] = key;
  if (body !== undefined) headers["content-type"] = "application/json";
  return truto.answer({ method, url, headers, body: body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body) });
}

/** Truto's error body. */
const failure = (status: number, error: string, message: string): Reply => ({ status, body: { statusCode: status, error, message } });

const engagement = (id: string, account: string, query = "") => `/unified/crm/engagements/${id}?integrated_account_id=${account}${query}`;
const tickets = (account: string, query = "") => `${TICKETS}?integrated_account_id=${account}${query}`;
const ticket = (id: string, account: string, query = "") => `${TICKETS}/${id}?integrated_account_id=${account}${query}`;

/** Planhat's seeded engagement 23423523 (seed 1), as Planhat answers it: every field it fills. */
const PLANHAT_23423523 = {
  id: "23423523",
  account: { id: "10994542" },
  contact: [{ id: "76775372" }],
  content: "content 143",
  created_at: "2024-11-19T00:00:00.000Z",
  custom_fields: {},
  engagement_type: "engagement_type 179",
  owner: { id: "60714634" },
  remote_data: { Id: "23423523", source: "mock" },
  start_time: "2024-08-08T00:00:00.000Z",
  status: "status 442",
  subject: "subject 520",
};

describe("auth", () => {
  it.each([
    ["no Authorization header", { token: null }],
    ["an empty Bearer token", { token: "" }],
    ["another token than the one it takes", { token: OTHER_TOKEN }],
  ] as const)("%s: 401 Invalid API token, before the route is looked at", (_, how) => {
    const truto = engagementsTruto();
    expect(send(truto, "DELETE", engagement(IDS[0], ACCOUNT), how)).toEqual(failure(401, "Unauthorized", "Invalid API token"));
    expect(send(truto, "DELETE", "/unified/crm/widgets/1", how)).toEqual(failure(401, "Unauthorized", "Invalid API token"));
    // Nothing was acted on: the record is still there.
    expect(send(truto, "DELETE", engagement(IDS[0], ACCOUNT)).status).toBe(200);
  });

  it("another scheme than Bearer is a 401", () => {
    const truto = engagementsTruto();
    const reply = truto.answer({ method: "DELETE", url: engagement(IDS[0], ACCOUNT), headers: { authorization: `Basic ${TOKEN}` }, body: "" });
    expect(reply).toEqual(failure(401, "Unauthorized", "Invalid API token"));
  });

  it("without a token option, any non-empty Bearer token is taken", () => {
    const truto = createTruto({ integrations: { ...TEST_ACCOUNTS } });
    expect(send(truto, "DELETE", engagement(IDS[0], ACCOUNT), { token: OTHER_TOKEN }).status).toBe(200);
    expect(send(truto, "DELETE", engagement(IDS[1], ACCOUNT), { token: "x" }).status).toBe(200);
    expect(send(truto, "DELETE", engagement(IDS[2], ACCOUNT), { token: "" })).toEqual(failure(401, "Unauthorized", "Invalid API token"));
  });

  it("an account token calls /unified/* for its account with no integrated_account_id, also when only one API token is taken", () => {
    const truto = engagementsTruto();
    const token = truto.accountToken(PLANHAT_ACCOUNT);
    expect(token).toMatch(/^iat_[0-9a-f]{32}$/);
    expect(truto.accountToken(PLANHAT_ACCOUNT)).not.toBe(token);
    expect(send(truto, "DELETE", `/unified/crm/engagements/${IDS[0]}`, { token })).toEqual({ status: 200, body: PLANHAT_23423523, stream: false });
    // Its own account's id may be given too.
    expect(send(truto, "DELETE", engagement(IDS[1], PLANHAT_ACCOUNT), { token }).status).toBe(200);
  });

  it("an account token with another account's id is a 403; outside /unified/* a 403 naming the path", () => {
    const truto = engagementsTruto();
    const token = truto.accountToken(PLANHAT_ACCOUNT);
    expect(send(truto, "DELETE", engagement(IDS[0], ACCOUNT), { token })).toEqual(failure(403, "Forbidden", "This integrated account token is for another integrated account"));
    expect(send(truto, "POST", "/integrated-account/token", { token, body: { integrated_account_id: PLANHAT_ACCOUNT } })).toEqual(
      failure(403, "Forbidden", "An integrated account token can only call /unified/*, not /integrated-account/token"),
    );
    // Neither acted: Capsule's record is still there.
    expect(send(truto, "DELETE", engagement(IDS[0], ACCOUNT)).status).toBe(200);
  });

  it("accountToken() refuses an account the mock does not have", () => {
    const truto = engagementsTruto();
    expect(() => truto.accountToken("11111111-1111-4111-8111-111111111111")).toThrow(
      new TypeError('mock.accountToken: no integrated account "11111111-1111-4111-8111-111111111111" (see mock.accounts or the integrations option)'),
    );
    expect(() => truto.accountToken(42 as never)).toThrow(new TypeError("mock.accountToken: no integrated account number (see mock.accounts or the integrations option)"));
    // The default accounts are not there when `integrations` names others.
    expect(() => truto.accountToken("00000000-0000-4000-8000-000000000005")).toThrow(TypeError);
  });
});

describe("routes", () => {
  it("an unknown path, another method or a trailing slash is a 404 naming the request", () => {
    const truto = engagementsTruto();
    expect(send(truto, "DELETE", "/unified/crm/widgets/1?integrated_account_id=x")).toEqual(failure(404, "Not Found", "No route for DELETE /unified/crm/widgets/1"));
    expect(send(truto, "GET", engagement(IDS[0], ACCOUNT))).toEqual(failure(404, "Not Found", `No route for GET /unified/crm/engagements/${IDS[0]}`));
    expect(send(truto, "DELETE", `/unified/crm/engagements/${IDS[0]}/?integrated_account_id=${ACCOUNT}`)).toEqual(
      failure(404, "Not Found", `No route for DELETE /unified/crm/engagements/${IDS[0]}/`),
    );
    expect(send(truto, "DELETE", `/unified/crm/engagements/?integrated_account_id=${ACCOUNT}`)).toEqual(failure(404, "Not Found", "No route for DELETE /unified/crm/engagements/"));
  });

  it("path parameters are matched still encoded, then decoded: a%2Fb is the id a/b", () => {
    const truto = engagementsTruto({ ids: ["x y"] });
    expect(send(truto, "DELETE", engagement("a%2Fb", ACCOUNT))).toEqual(failure(404, "Not Found", 'No record with id "a/b" in /unified/crm/engagements'));
    expect(send(truto, "DELETE", engagement("x%20y", ACCOUNT))).toEqual({ status: 200, body: { id: "x y", remote_data: { Id: "x y", source: "mock" } }, stream: false });
    expect(send(truto, "DELETE", engagement("%E0%A4%A", ACCOUNT))).toEqual(failure(400, "Bad Request", 'Path parameter "id" is not valid percent-encoding'));
  });

  it("a literal path wins over a template: POST /tickets/merge is the custom method, GET /tickets/merge the get of id merge", () => {
    const { truto, acme } = ticketsTruto();
    expect(send(truto, "POST", `${TICKETS}/merge?integrated_account_id=${acme}`, { body: { id: IDS[0], other_ids: [] } })).toMatchObject({ status: 200, body: { result: { id: IDS[0] } } });
    expect(send(truto, "GET", ticket("merge", acme))).toEqual(failure(404, "Not Found", `No record with id "merge" in ${TICKETS}`));
  });

  it("an integrated account the mock does not have is a 404", () => {
    const truto = engagementsTruto();
    expect(send(truto, "DELETE", engagement(IDS[0], "11111111-1111-4111-8111-111111111111"))).toEqual(failure(404, "Not Found", "Integrated account not found"));
  });
});

describe("Truto's error bodies in the client's words (src/messages.ts)", () => {
  /** The client's pre-flight refusal of the same call: it never sends (its fetch fails the test if called). */
  async function clientRefusal(query: Record<string, unknown>, integration?: IntegrationSlug): Promise<unknown> {
    const truto = createTrutoClient({
      token: TOKEN,
      baseUrl: "http://127.0.0.1:9",
      ...(integration ? { integration } : {}),
      fetch: () => Promise.reject(new Error("the client sent a request it should have refused")),
    });
    return (truto.crm.engagements.delete as (id: string, query: Record<string, unknown>) => Promise<unknown>)(IDS[0], query).catch((error: unknown) => error);
  }

  it.each([
    ["a required parameter", "", {}, undefined, "integrated_account_id", 'Query parameter "integrated_account_id" is required'],
    [
      "a value outside the spec's enum",
      `?integrated_account_id=${PLANHAT_ACCOUNT}&engagement_type=sms`,
      { integrated_account_id: PLANHAT_ACCOUNT, engagement_type: "sms" },
      undefined,
      "engagement_type",
      'Query parameter "engagement_type" must be one of call, chat, email, meeting, note; got "sms"',
    ],
    [
      "a UUID format",
      "?integrated_account_id=acct",
      { integrated_account_id: "acct" },
      undefined,
      "integrated_account_id",
      'Query parameter "integrated_account_id" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)',
    ],
    [
      "a value Keap does not allow",
      `?integrated_account_id=${KEAP_ACCOUNT}&engagement_type=note`,
      { integrated_account_id: KEAP_ACCOUNT, engagement_type: "note" },
      "keap",
      "engagement_type",
      'Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"',
    ],
    [
      "a parameter Keap requires",
      `?integrated_account_id=${KEAP_ACCOUNT}`,
      { integrated_account_id: KEAP_ACCOUNT },
      "keap",
      "engagement_type",
      'Query parameter "engagement_type" is required for Keap (allowed: email, meeting)',
    ],
  ] as const)("%s: the mock's 400 and the client's TrutoValidationError say the same", async (_, query, clientQuery, integration, parameter, message) => {
    const reply = send(engagementsTruto(), "DELETE", `/unified/crm/engagements/${IDS[0]}${query}`);
    expect(reply).toEqual(failure(400, "Bad Request", message));
    expect(Object.keys(reply.body as object)).toEqual(["statusCode", "error", "message"]);
    const refused = await clientRefusal(clientQuery, integration);
    expect(refused).toEqual(new TrutoValidationError(parameter, message, integration ? "Keap" : undefined));
    expect(refused).toBeInstanceOf(TrutoValidationError);
  });

  it("Keap's rules apply to a Keap account only; the client without an integration sends what the mock then refuses", () => {
    const truto = engagementsTruto();
    expect(send(truto, "DELETE", engagement(IDS[0], PLANHAT_ACCOUNT, "&engagement_type=note")).status).toBe(200);
    expect(send(truto, "DELETE", engagement(IDS[0], KEAP_ACCOUNT, "&engagement_type=email"))).toEqual({ status: 200, body: { remote_data: { Id: IDS[0], source: "mock" } }, stream: false });
  });

  it("a bad body: 400 whose details list every failing field, the integration's rules named", () => {
    const { truto, acme, globex } = ticketsTruto();
    expect(send(truto, "POST", tickets(acme), { body: { priority: "urgent", due_at: "tomorrow" } })).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: "Bad Request",
        message: 'Body field "subject" is required',
        details: {
          failures: [
            { parameter: "body.subject", message: 'Body field "subject" is required' },
            { parameter: "body.priority", message: 'Body field "priority" must be one of low, normal, high; got "urgent"' },
            { parameter: "body.due_at", message: 'Body field "due_at" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date' },
          ],
        },
      },
    });
    const globexRule = 'Body field "priority" is required for Globex (allowed: low, normal, high)';
    expect(send(truto, "POST", tickets(globex), { body: { subject: "s" } })).toEqual({
      status: 400,
      body: { statusCode: 400, error: "Bad Request", message: globexRule, details: { failures: [{ parameter: "body.priority", message: globexRule, integration: "Globex" }] } },
    });
  });
});

describe("records per integrated account (issue item 12)", () => {
  // Old code (767c348): one store per resource for every account, so globex's record below was
  // read and deleted through acme's token, and a delete on one account emptied the others.
  it("one account's token cannot read or delete a record another account created", () => {
    const { truto, acme, globex } = ticketsTruto();
    const created = send(truto, "POST", tickets(globex), { body: { subject: "Globex's", priority: "low" } });
    expect(created).toEqual({ status: 201, body: { id: "23423528", subject: "Globex's", priority: "low" }, stream: false });
    const acmeToken = truto.accountToken(acme);
    const missing = failure(404, "Not Found", `No record with id "23423528" in ${TICKETS}`);
    expect(send(truto, "GET", `${TICKETS}/23423528`, { token: acmeToken })).toEqual(missing);
    expect(send(truto, "DELETE", `${TICKETS}/23423528`, { token: acmeToken })).toEqual(missing);
    expect(send(truto, "PATCH", `${TICKETS}/23423528`, { token: acmeToken, body: { subject: "taken" } })).toEqual(missing);
    expect(send(truto, "GET", ticket("23423528", acme))).toEqual(missing);
    // Acme's list has its seeded five only; Globex still has its record, unchanged.
    expect((send(truto, "GET", TICKETS, { token: acmeToken }).body as { result: { id: string }[] }).result.map((record) => record.id)).toEqual(IDS);
    expect(send(truto, "GET", ticket("23423528", globex))).toEqual({ status: 200, body: { id: "23423528", subject: "Globex's", priority: "low" }, stream: false });
  });

  it("each account is seeded alike, and a delete on one leaves the others' records", () => {
    const { truto, acme, globex, initech } = ticketsTruto();
    const globexRecord = send(truto, "GET", ticket(IDS[0], globex)).body as Record<string, unknown>;
    expect(Object.keys(globexRecord)).toEqual(["id", "subject", "priority", "due_at"]);
    const { due_at: _globexOnly, ...acmeFields } = globexRecord;
    expect(send(truto, "GET", ticket(IDS[0], acme)).body).toEqual(acmeFields);
    expect(send(truto, "GET", ticket(IDS[0], initech)).body).toEqual({ id: IDS[0] });
    expect(send(truto, "DELETE", ticket(IDS[0], acme)).status).toBe(200);
    expect(send(truto, "GET", ticket(IDS[0], acme)).status).toBe(404);
    expect(send(truto, "GET", ticket(IDS[0], globex)).body).toEqual(globexRecord);
    expect(send(truto, "GET", ticket(IDS[0], initech)).status).toBe(200);
  });

  it("two accounts of the same integration have records of their own (this repo's delete)", () => {
    const SECOND_CAPSULE = "3c7d1e5a-9b2f-4a6c-8d0e-1f2a3b4c5d6e";
    const truto = engagementsTruto({ integrations: { ...TEST_ACCOUNTS, [SECOND_CAPSULE]: "capsule" } });
    const answer = { status: 200, body: { id: IDS[0], remote_data: { Id: IDS[0], source: "mock" } }, stream: false };
    expect(send(truto, "DELETE", engagement(IDS[0], ACCOUNT))).toEqual(answer);
    expect(send(truto, "DELETE", engagement(IDS[0], ACCOUNT))).toEqual(failure(404, "Not Found", `No record with id "${IDS[0]}" in /unified/crm/engagements`));
    expect(send(truto, "DELETE", engagement(IDS[0], SECOND_CAPSULE))).toEqual(answer);
  });

  it("the same seed gives the same records; another seed others; ids sets the seeded ids", () => {
    const body = (truto: MockTrutoCore) => send(truto, "DELETE", engagement(IDS[0], PLANHAT_ACCOUNT)).body;
    expect(body(engagementsTruto())).toEqual(PLANHAT_23423523);
    expect(body(engagementsTruto({ seed: 1 }))).toEqual(PLANHAT_23423523);
    const other = body(engagementsTruto({ seed: 2 })) as Record<string, unknown>;
    expect(Object.keys(other)).toEqual(Object.keys(PLANHAT_23423523));
    expect(other).not.toEqual(PLANHAT_23423523);
    const custom = engagementsTruto({ ids: ["only"] });
    expect(send(custom, "DELETE", engagement("only", ACCOUNT)).status).toBe(200);
    expect(send(custom, "DELETE", engagement(IDS[0], ACCOUNT)).status).toBe(404);
  });
});

describe("Idempotency-Key (issue item 4)", () => {
  // Old code (767c348): replays were keyed by method, path and key only, with no account and no
  // check of the request: another account's create with the same key got the first account's
  // record replayed (and acted on nothing), and a reuse with another body replayed instead of 422.
  const reused = (key: string) => failure(422, "Unprocessable Entity", `Idempotency-Key "${key}" was used with another request (a different body or query); use a new key for a new request`);
  const listIds = (truto: MockTrutoCore, account: string) => (send(truto, "GET", tickets(account, "&owner=o")).body as { result: { id: string }[] }).result.map((record) => record.id);

  it("the same key and request replays the first answer, marked replayed, without acting again", () => {
    const { truto, acme } = ticketsTruto();
    const first = send(truto, "POST", tickets(acme), { key: "order-42", body: { subject: "once" } });
    expect(first).toEqual({ status: 201, body: { id: "23423528", subject: "once" }, stream: false });
    expect(first.replayed).toBeUndefined();
    expect(send(truto, "POST", tickets(acme), { key: "order-42", body: { subject: "once" } })).toEqual({ ...first, replayed: true });
    expect(listIds(truto, acme)).toEqual([...IDS, "23423528"]);
  });

  it("replays the first answer even after the record changed; a PATCH is replayed too", () => {
    const { truto, acme } = ticketsTruto();
    const first = send(truto, "POST", tickets(acme), { key: "k", body: { subject: "first" } });
    const patched = send(truto, "PATCH", ticket("23423528", acme), { key: "p", body: { subject: "second" } });
    expect(patched).toEqual({ status: 200, body: { id: "23423528", subject: "second" }, stream: false });
    expect(send(truto, "POST", tickets(acme), { key: "k", body: { subject: "first" } })).toEqual({ ...first, replayed: true });
    send(truto, "PATCH", ticket("23423528", acme), { body: { subject: "third" } });
    expect(send(truto, "PATCH", ticket("23423528", acme), { key: "p", body: { subject: "second" } })).toEqual({ ...patched, replayed: true });
    expect(send(truto, "GET", ticket("23423528", acme)).body).toEqual({ id: "23423528", subject: "third" });
  });

  it("is scoped to the account: another account, or an account token of another account, with the same key acts anew", () => {
    const { truto, acme, globex, initech } = ticketsTruto();
    const body = { subject: "same", priority: "low" };
    const created = { id: "23423528", subject: "same", priority: "low" };
    expect(send(truto, "POST", tickets(acme), { key: "shared", body })).toEqual({ status: 201, body: created, stream: false });
    const byGlobex = send(truto, "POST", tickets(globex), { key: "shared", body });
    expect(byGlobex).toEqual({ status: 201, body: created, stream: false });
    expect(byGlobex.replayed).toBeUndefined();
    const byInitechToken = send(truto, "POST", TICKETS, { key: "shared", body, token: truto.accountToken(initech) });
    expect(byInitechToken).toEqual({ status: 201, body: { id: "23423528" }, stream: false });
    expect(byInitechToken.replayed).toBeUndefined();
    for (const account of [acme, globex, initech]) expect(listIds(truto, account)).toEqual([...IDS, "23423528"]);
  });

  it("the same account through its account token replays: the key belongs to the account, not to the credential", () => {
    const { truto, acme } = ticketsTruto();
    const first = send(truto, "POST", tickets(acme), { key: "k", body: { subject: "s" } });
    expect(send(truto, "POST", TICKETS, { key: "k", body: { subject: "s" }, token: truto.accountToken(acme) })).toEqual({ ...first, replayed: true });
  });

  it("the same key with another body or another query is a 422 with the exact message; nothing acted", () => {
    const { truto, acme } = ticketsTruto();
    send(truto, "POST", tickets(acme), { key: "order-7", body: { subject: "a" } });
    expect(send(truto, "POST", tickets(acme), { key: "order-7", body: { subject: "b" } })).toEqual(reused("order-7"));
    expect(send(truto, "POST", tickets(acme, "&extra=1"), { key: "order-7", body: { subject: "a" } })).toEqual(reused("order-7"));
    expect(listIds(truto, acme)).toEqual([...IDS, "23423528"]);
  });

  it("an invalid body with a used key gets its own 400, not a replay or a 422", () => {
    const { truto, acme } = ticketsTruto();
    send(truto, "POST", tickets(acme), { key: "k", body: { subject: "a" } });
    expect(send(truto, "POST", tickets(acme), { key: "k", body: { subject: 1 } })).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: "Bad Request",
        message: 'Body field "subject" must be of type string, got number',
        details: { failures: [{ parameter: "body.subject", message: 'Body field "subject" must be of type string, got number' }] },
      },
    });
    expect(send(truto, "POST", tickets(acme), { key: "k", body: '{"subject":' })).toEqual(failure(400, "Bad Request", "The request body is not valid JSON"));
  });

  it("an error answer is not remembered: the key acts on the next request", () => {
    const { truto, acme } = ticketsTruto();
    expect(send(truto, "POST", tickets(acme), { key: "k", body: {} }).status).toBe(400);
    expect(send(truto, "POST", tickets(acme), { key: "k", body: { subject: "now" } })).toEqual({ status: 201, body: { id: "23423528", subject: "now" }, stream: false });
  });

  it("is keyed by the decoded path: /tickets/%32%33423523 is /tickets/23423523", () => {
    // Fails on this code: replays were keyed by the raw path, so the second PATCH acted again.
    const { truto, acme } = ticketsTruto();
    const first = send(truto, "PATCH", ticket("%32%33423523", acme), { key: "k", body: { subject: "once" } });
    expect(first).toMatchObject({ status: 200, body: { id: IDS[0], subject: "once" } });
    expect(send(truto, "PATCH", ticket(IDS[0], acme), { key: "k", body: { subject: "once" } })).toEqual({ ...first, replayed: true });
  });

  it("is per method and path, and only for POST and PATCH: a DELETE with a key acts every time", () => {
    const { truto, acme } = ticketsTruto();
    send(truto, "POST", tickets(acme), { key: "k", body: { subject: "created" } });
    expect(send(truto, "PATCH", ticket(IDS[0], acme), { key: "k", body: { subject: "patched" } })).toMatchObject({ status: 200, body: { id: IDS[0], subject: "patched" } });
    expect(send(truto, "DELETE", ticket(IDS[1], acme), { key: "d" }).status).toBe(200);
    expect(send(truto, "DELETE", ticket(IDS[1], acme), { key: "d" })).toEqual(failure(404, "Not Found", `No record with id "${IDS[1]}" in ${TICKETS}`));
  });
});

describe("answers per integration (issue item 24.3)", () => {
  // Old code (767c348): every answer carried every stored field whatever the integration: a Keap
  // account's delete answered Planhat's twelve fields, which Keap's page says it never fills.
  it("a delete answers only the fields the account's integration fills, and Truto's remote_data", () => {
    const truto = engagementsTruto();
    const remote = { Id: IDS[0], source: "mock" };
    expect(send(truto, "DELETE", engagement(IDS[0], KEAP_ACCOUNT, "&engagement_type=email"))).toEqual({ status: 200, body: { remote_data: remote }, stream: false });
    expect(send(truto, "DELETE", engagement(IDS[0], ACCOUNT))).toEqual({ status: 200, body: { id: IDS[0], remote_data: remote }, stream: false });
    expect(send(truto, "DELETE", engagement(IDS[0], PLANHAT_ACCOUNT))).toEqual({ status: 200, body: PLANHAT_23423523, stream: false });
    // Planhat's fields are those generated/support.ts gives it, with Truto's own.
    const planhatFills = Object.entries(fieldSupport["crm.engagements.delete"]).filter(([, support]) => support === "all" || "planhat" in support).map(([field]) => field);
    expect(Object.keys(PLANHAT_23423523).sort()).toEqual(planhatFills.sort());
  });

  it("truto_exclude_fields removes fields, truto_ignore_remote_data removes remote_data", () => {
    const truto = engagementsTruto();
    const { subject: _s, owner: _o, remote_data: _r, ...rest } = PLANHAT_23423523;
    expect(send(truto, "DELETE", engagement(IDS[0], PLANHAT_ACCOUNT, "&truto_exclude_fields[]=subject&truto_exclude_fields[]=owner&truto_ignore_remote_data=true")).body).toEqual(rest);
    expect(send(truto, "DELETE", engagement(IDS[0], KEAP_ACCOUNT, "&engagement_type=email&truto_ignore_remote_data=true")).body).toEqual({});
    expect(send(truto, "DELETE", engagement(IDS[0], ACCOUNT, "&truto_exclude_fields[]=id&truto_ignore_remote_data=false")).body).toEqual({ remote_data: { Id: IDS[0], source: "mock" } });
  });

  it("truto_response_format=raw answers the provider's payload for any integration; stream marks the answer for streaming", () => {
    const truto = engagementsTruto();
    for (const [i, account] of [KEAP_ACCOUNT, ACCOUNT, PLANHAT_ACCOUNT].entries()) {
      const extra = account === KEAP_ACCOUNT ? "&engagement_type=email" : "";
      expect(send(truto, "DELETE", engagement(IDS[i]!, account, `${extra}&truto_response_format=raw`))).toEqual({ status: 200, body: { Id: IDS[i], source: "mock" }, stream: false });
    }
    const unified = send(engagementsTruto(), "DELETE", engagement(IDS[3], PLANHAT_ACCOUNT));
    expect(Object.keys(unified.body as object)).toEqual(Object.keys(PLANHAT_23423523));
    expect(send(truto, "DELETE", engagement(IDS[3], PLANHAT_ACCOUNT, "&truto_response_format=stream"))).toEqual({ ...unified, stream: true });
  });

  it("records keep what was written though the answer omits fields: a create by Initech, then its get (fixture API)", () => {
    const { truto, initech, acme } = ticketsTruto();
    const written = { subject: "Printer on fire", priority: "normal", due_at: "2025-01-31T12:00:00Z" };
    // Initech fills only the id, and has no rules on these fields (Truto ignores what it does not support).
    expect(send(truto, "POST", tickets(initech), { body: written })).toEqual({ status: 201, body: { id: "23423528" }, stream: false });
    expect(send(truto, "GET", ticket("23423528", initech))).toEqual({ status: 200, body: { id: "23423528" }, stream: false });
    expect(send(truto, "GET", ticket("23423528", initech, "&truto_response_format=raw")).body).toEqual({ id: "23423528", ...written });
    // Acme answers subject and priority, not due_at, which is kept all the same.
    expect(send(truto, "POST", tickets(acme), { body: { subject: "s", priority: "high", due_at: "2025-01-31T12:00:00Z" } }).body).toEqual({ id: "23423528", subject: "s", priority: "high" });
    expect(send(truto, "PATCH", ticket("23423528", acme), { body: { subject: "t" } }).body).toEqual({ id: "23423528", subject: "t", priority: "high" });
    expect(send(truto, "GET", ticket("23423528", acme, "&truto_response_format=raw")).body).toEqual({ id: "23423528", subject: "t", priority: "high", due_at: "2025-01-31T12:00:00Z" });
  });
});

describe("query parsing: every pair and array item kept", () => {
  // Fails on this code: qs's arrayLimit of 100 turned item 101 into an object key (a 400), and its
  // parameterLimit of 1,000 dropped every later pair (here integrated_account_id: a 400).
  it("101 array items are an array; the last one counts", () => {
    const truto = engagementsTruto();
    const excluded = [...Array.from({ length: 100 }, (_, i) => `f${i}`), "subject"].map((field) => `&truto_exclude_fields[]=${field}`).join("");
    const { subject: _subject, ...rest } = PLANHAT_23423523;
    expect(send(truto, "DELETE", engagement(IDS[0], PLANHAT_ACCOUNT, excluded))).toEqual({ status: 200, body: rest, stream: false });
  });

  it("pairs past the 1,000th are read, and checked", () => {
    const truto = engagementsTruto();
    const many = Array.from({ length: 1_000 }, (_, i) => `x${i}=1`).join("&");
    expect(send(truto, "DELETE", `/unified/crm/engagements/${IDS[0]}?${many}&integrated_account_id=${PLANHAT_ACCOUNT}`)).toEqual({ status: 200, body: PLANHAT_23423523, stream: false });
    expect(send(truto, "DELETE", `/unified/crm/engagements/${IDS[1]}?${many}&integrated_account_id=${PLANHAT_ACCOUNT}&a[__proto__]=1`)).toEqual(failure(400, "Bad Request", 'Query parameter "__proto__" is not allowed'));
  });
});

describe("values per integration in arrays", () => {
  it("each item of an array field holds only the integration's values", async () => {
    vi.resetModules();
    vi.doMock("../../generated/support.js", () => ({ fieldSupport: { "x.tags.get": { tags: { acme: { values: ["a", "b"] } } } } }));
    const { shapeRecord } = await import("../../src/mock/shape.js");
    vi.doUnmock("../../generated/support.js");
    const shaped = shapeRecord({ id: "1", tags: ["b", "c", "a"] }, { operationId: "x.tags.get", integration: "acme" as IntegrationSlug, query: {} });
    expect(shaped).toEqual({ id: "1", tags: ["b", "a", "a"] });
  });
});

describe("reset()", () => {
  it("brings back the seeded records, forgets Idempotency-Keys and account tokens", () => {
    const { truto, acme } = ticketsTruto();
    const token = truto.accountToken(acme);
    send(truto, "POST", tickets(acme), { key: "k", body: { subject: "before" } });
    send(truto, "DELETE", ticket(IDS[0], acme));
    truto.reset();
    expect((send(truto, "GET", tickets(acme)).body as { result: { id: string }[] }).result.map((record) => record.id)).toEqual(IDS);
    const again = send(truto, "POST", tickets(acme), { key: "k", body: { subject: "after" } });
    expect(again).toEqual({ status: 201, body: { id: "23423528", subject: "after" }, stream: false });
    expect(send(truto, "GET", TICKETS, { token })).toEqual(failure(401, "Unauthorized", "Invalid API token"));
  });

  it("gives the same records as a new mock: an edited record is seeded again", () => {
    const { truto, acme } = ticketsTruto();
    const seeded = send(truto, "GET", ticket(IDS[2], acme));
    send(truto, "PATCH", ticket(IDS[2], acme), { body: { subject: "edited", priority: null } });
    truto.reset();
    expect(send(truto, "GET", ticket(IDS[2], acme))).toEqual(seeded);
    expect(seeded).toEqual(send(ticketsTruto().truto, "GET", ticket(IDS[2], acme)));
  });
});

describe("options, checked when the mock is made", () => {
  it.each([
    ["a seed that is not an integer", { seed: 1.5 }, '"seed" must be an integer'],
    ["an empty token", { token: "" }, '"token" must be a non-empty string'],
    ["an id with a slash", { ids: ["a/b"] }, '"ids" must be an array of at most 10,000 non-empty strings without "/"'],
    ["an empty id", { ids: [""] }, '"ids" must be an array of at most 10,000 non-empty strings without "/"'],
    ["10,001 ids", { ids: Array.from({ length: 10_001 }, (_, i) => String(i)) }, '"ids" must be an array of at most 10,000 non-empty strings without "/"'],
    ["port 65536", { port: 65_536 }, '"port" must be an integer from 0 to 65535'],
    ["port -1", { port: -1 }, '"port" must be an integer from 0 to 65535'],
    [
      "an unknown integration",
      { integrations: { [ACCOUNT]: "nope" } },
      `"integrations" maps "${ACCOUNT}" to "nope", not one of: affinity, capsule, close, copper, keap, mondaycrm, onepagecrm, pipedrive, pipeliner, planhat, zohocrm`,
    ],
    // Fails on this code: accepted, and every request for the account was then a 400 (not a UUID).
    ["an account id that is not a UUID", { integrations: { "acct-1": "keap" } }, '"integrations" has the account id "acct-1", not a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'],
    // Fails on this code: accepted, and paging lost records (one record under two sequence numbers).
    ["a repeated id", { ids: ["a", "b", "a"] }, '"ids" has "a" more than once'],
  ])("%s: createTruto throws a TypeError naming the option", (_, options, message) => {
    expect(() => createTruto(options as MockTrutoOptions)).toThrow(new TypeError(`createMockTruto: ${message}`));
  });

  it("the default accounts: one fixed UUID per integration, in the tables' order", () => {
    expect(createTruto().accounts).toEqual({
      affinity: "00000000-0000-4000-8000-000000000001",
      capsule: "00000000-0000-4000-8000-000000000002",
      close: "00000000-0000-4000-8000-000000000003",
      copper: "00000000-0000-4000-8000-000000000004",
      keap: "00000000-0000-4000-8000-000000000005",
      mondaycrm: "00000000-0000-4000-8000-000000000006",
      onepagecrm: "00000000-0000-4000-8000-000000000007",
      pipedrive: "00000000-0000-4000-8000-000000000008",
      pipeliner: "00000000-0000-4000-8000-000000000009",
      planhat: "00000000-0000-4000-8000-000000000010",
      zohocrm: "00000000-0000-4000-8000-000000000011",
    });
    const truto = createTruto();
    expect(send(truto, "DELETE", engagement(IDS[0], truto.accounts.capsule)).body).toEqual({ id: IDS[0], remote_data: { Id: IDS[0], source: "mock" } });
  });

  it("with `integrations`, accounts has each integration it names with its first account, and only those", () => {
    // Fails on this code: accounts still listed the eleven default accounts, which then answered 404.
    const SECOND_CAPSULE = "3c7d1e5a-9b2f-4a6c-8d0e-1f2a3b4c5d6e";
    const truto = engagementsTruto({ integrations: { [ACCOUNT]: "capsule", [SECOND_CAPSULE]: "capsule", [KEAP_ACCOUNT]: "keap" } });
    expect(truto.accounts).toEqual({ capsule: ACCOUNT, keap: KEAP_ACCOUNT });
    expect(send(truto, "DELETE", engagement(IDS[0], truto.accounts.capsule)).status).toBe(200);
    expect(truto.accountToken(truto.accounts.keap)).toMatch(/^iat_/);
  });
});

describe("limit on a list that does not declare it (Truto's reference pages list none)", () => {
  let noLimit: { createTruto: typeof createTruto };
  /** The fixture's tables with `limit` taken out of the list's query parameters. */
  const withoutLimit = (tables: Record<string, any>) => {
    const list = tables.mockOperations["fixture.tickets.list"];
    const { limit: _limit, ...properties } = list.query.properties;
    return { ...tables, mockOperations: { ...tables.mockOperations, "fixture.tickets.list": { ...list, query: { ...list.query, properties } } } };
  };
  beforeAll(async () => {
    vi.resetModules();
    vi.doMock("../../generated/endpoints.js", () => fixtureGenerated("endpoints.ts"));
    vi.doMock("../../generated/support.js", () => fixtureGenerated("support.ts"));
    vi.doMock("../../generated/mock.js", async () => withoutLimit(await fixtureGenerated("mock.ts")));
    noLimit = await import("../../src/mock/truto.js");
    vi.doUnmock("../../generated/endpoints.js");
    vi.doUnmock("../../generated/support.js");
    vi.doUnmock("../../generated/mock.js");
  });
  const idsOf = (reply: Reply) => (reply.body as { result: { id: string }[] }).result.map((record) => record.id);

  it("limit sets the page size all the same (it arrives as text, not coerced by the spec)", () => {
    // Fails on this code: only a number was honoured, so limit=2 answered all five records.
    const truto = noLimit.createTruto({ token: TOKEN });
    const acme = truto.accounts["acme" as IntegrationSlug];
    const first = send(truto, "GET", tickets(acme, "&limit=2"));
    expect([first.status, idsOf(first), (first.body as { result_count: number }).result_count]).toEqual([200, IDS.slice(0, 2), 2]);
    const next = (first.body as { next_cursor: string }).next_cursor;
    expect(idsOf(send(truto, "GET", tickets(acme, `&limit=2&next_cursor=${next}`)))).toEqual(IDS.slice(2, 4));
    expect(idsOf(send(truto, "GET", tickets(acme, "&limit=5000")))).toEqual(IDS);
  });

  it.each(["0", "-1", "1.5", "abc", "", "2&limit=3"])("limit=%s is a 400", (limit) => {
    const truto = noLimit.createTruto({ token: TOKEN });
    expect(send(truto, "GET", tickets(truto.accounts["acme" as IntegrationSlug], `&limit=${limit}`))).toEqual(failure(400, "Bad Request", 'Query parameter "limit" must be an integer >= 1'));
  });
});
