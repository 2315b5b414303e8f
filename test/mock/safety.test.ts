// The mock Truto under hostile input and load, on the fixture API's tables (test/fixtures/shapes/,
// served to src/ through vi.mock): raw-socket requests with bad percent-encoding, malformed JSON,
// prototype keys and deep bodies get a 400 in Truto's shape (never a crash or a changed prototype);
// 200 parallel requests, mixed and with injected faults, lose nothing.
import { connect } from "node:net";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import * as client from "../../src/index.js";
import { createMockTruto, type MockTruto } from "../../src/mock/index.js";
import { IDS, TOKEN } from "../helpers/constants.js";
import { removeFixtureGenerated, TICKETS } from "../helpers/fixture-api.js";

vi.mock("../../generated/endpoints.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("endpoints.ts"));
vi.mock("../../generated/support.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("support.ts"));
vi.mock("../../generated/mock.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("mock.ts"));
// src/'s types describe this repo's spec, not the fixture's.
const lib: Record<string, any> = client;

const mocks: MockTruto[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.close()));
});
afterAll(removeFixtureGenerated);

async function start(options: Parameters<typeof createMockTruto>[0] = {}): Promise<{ mock: MockTruto; acme: string }> {
  const mock = await createMockTruto({ token: TOKEN, ...options });
  mocks.push(mock);
  return { mock, acme: (mock.accounts as unknown as Record<string, string>).acme! };
}

/** Sends bytes on a fresh socket and reads the whole answer (the request says Connection: close). */
function rawRequest(url: string, head: string, body: string = ""): Promise<{ status: number; body: unknown }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer within 10 s")));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const payload = text.slice(text.indexOf("\r\n\r\n") + 4);
      try {
        resolve({ status, body: payload ? JSON.parse(payload) : undefined });
      } catch (error) {
        reject(new Error(`not one JSON body: ${JSON.stringify(text.slice(0, 300))}`, { cause: error }));
      }
    });
    const length = Buffer.byteLength(body);
    socket.write(`${head}\r\nHost: mock\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n${length ? `Content-Type: application/json\r\nContent-Length: ${length}\r\n` : ""}\r\n`);
    socket.end(body);
  });
}

const truto400 = (message: string) => ({ status: 400, body: { statusCode: 400, error: "Bad Request", message } });
const protoFailure = (key: string) => ({
  status: 400,
  body: { statusCode: 400, error: "Bad Request", message: `Body field "${key}" is not allowed`, details: { failures: [{ parameter: `body.${key}`, message: `Body field "${key}" is not allowed` }] } },
});

describe("bad input from a raw socket: a 400, never a crash", () => {
  it.each([
    ["%", "", 'Path parameter "id" is not valid percent-encoding'],
    ["%E0%A4%A", "", 'Path parameter "id" is not valid percent-encoding'],
    ["%E0%A4%A", "?integrated_account_id=ACME", 'Path parameter "id" is not valid percent-encoding'],
    ["1", "?integrated_account_id=ACME&__proto__[polluted]=1", 'Query parameter "__proto__" is not allowed'],
    ["1", "?integrated_account_id=ACME&constructor[prototype][polluted]=1", 'Query parameter "constructor" is not allowed'],
    ["1", "?integrated_account_id=ACME&a[%5F_proto__]=1", 'Query parameter "__proto__" is not allowed'],
    ["1", "?integrated_account_id=ACME&a[prototype]=1", 'Query parameter "prototype" is not allowed'],
  ])("DELETE /tickets/%s%s", async (id, query, message) => {
    const { mock, acme } = await start();
    expect(await rawRequest(mock.url, `DELETE ${TICKETS}/${id}${query.replace("ACME", acme)} HTTP/1.1`)).toEqual(truto400(message));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The server is still there and still right.
    const ok = await rawRequest(mock.url, `DELETE ${TICKETS}/${IDS[0]}?integrated_account_id=${acme} HTTP/1.1`);
    expect(ok).toEqual({ status: 200, body: { id: IDS[0], subject: expect.any(String), priority: expect.any(String) } });
    expect(mock.requests.map((r) => r.status)).toEqual([400, 200]);
  });

  it("malformed JSON, and JSON with prototype keys at any depth, are 400s; no prototype changes", async () => {
    const { mock, acme } = await start();
    const create = `POST ${TICKETS}?integrated_account_id=${acme} HTTP/1.1`;
    expect(await rawRequest(mock.url, create, '{"subject": "a",')).toEqual(truto400("The request body is not valid JSON"));
    expect(await rawRequest(mock.url, create, '{"subject":"a","__proto__":{"polluted":true}}')).toEqual(protoFailure("__proto__"));
    expect(await rawRequest(mock.url, create, '{"subject":"a","nested":{"constructor":{"prototype":{"polluted":true}}}}')).toEqual(protoFailure("nested.constructor"));
    expect(await rawRequest(mock.url, create, '{"subject":"a","list":[{"ok":1},{"prototype":1}]}')).toEqual(protoFailure("list[1].prototype"));
    const patch = `PATCH ${TICKETS}/${IDS[0]}?integrated_account_id=${acme} HTTP/1.1`;
    expect(await rawRequest(mock.url, patch, '{"__proto__":{"polluted":true}}')).toEqual(protoFailure("__proto__"));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    // Nothing was stored: the next create takes the first new id.
    expect(await rawRequest(mock.url, create, '{"subject":"fine"}')).toEqual({ status: 201, body: { id: "23423528", subject: "fine" } });
  });

  it("a body nested past 64 levels is a 400, however deep (no stack overflow); 64 levels are read", async () => {
    const { mock, acme } = await start();
    const create = `POST ${TICKETS}?integrated_account_id=${acme} HTTP/1.1`;
    const deep = `{"subject":"a","due_at":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    expect(await rawRequest(mock.url, create, deep)).toEqual(truto400("The JSON body is nested deeper than 64 levels"));
    const deepObject = `{"subject":"a","extra":${'{"a":'.repeat(65)}1${"}".repeat(65)}}`;
    expect(await rawRequest(mock.url, create, deepObject)).toEqual(truto400("The JSON body is nested deeper than 64 levels"));
    // 64 levels below the body (level 0) pass the depth check and reach the schema's; 65 (above) do not.
    const allowed = `{"subject":"a","due_at":${"[".repeat(64)}${"]".repeat(64)}}`;
    expect(await rawRequest(mock.url, create, allowed)).toMatchObject({ status: 400, body: { message: 'Body field "due_at" must be of type string, got an array' } });
  });
});

describe("load: 200 parallel requests", () => {
  it("200 parallel deletes: each answered once, none lost; then every record is gone", async () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(i + 1));
    const { mock, acme } = await start({ ids });
    const truto = lib.createTrutoClient({ token: TOKEN, baseUrl: mock.url });
    const deleted = await Promise.all(ids.map((id) => truto.fixture.tickets.delete(id, { integrated_account_id: acme })));
    expect(deleted.map((record: { id: string }) => record.id)).toEqual(ids);
    expect(mock.requests).toHaveLength(200);
    expect(mock.requests.every((r) => r.status === 200)).toBe(true);
    const again = await Promise.all(ids.map((id) => fetch(`${mock.url}${TICKETS}/${id}?integrated_account_id=${acme}`, { method: "DELETE", headers: { authorization: `Bearer ${TOKEN}` } })));
    expect(new Set(again.map((r) => r.status))).toEqual(new Set([404]));
    expect((await lib.createTrutoClient({ token: TOKEN, baseUrl: mock.url }).fixture.tickets.list({ integrated_account_id: acme })).result).toEqual([]);
  });

  it("200 mixed requests with injected faults: every one answered; created records listed once, deleted never, updates kept", async () => {
    const seeded = Array.from({ length: 60 }, (_, i) => String(i + 1));
    const { mock, acme } = await start({ ids: seeded });
    const q = { integrated_account_id: acme };
    const truto = lib.createTrutoClient({ token: TOKEN, baseUrl: mock.url, maxRetries: 3 });
    mock.inject({ status: 503, retryAfter: 0 }, 20);
    mock.inject({ slow: 30 }, 10);
    mock.inject({ status: 429, retryAfter: 0 }, 10);
    const created: string[] = [];
    const deleted: string[] = [];
    const updated: string[] = [];
    const calls = Array.from({ length: 200 }, (_, i): Promise<unknown> => {
      const slot = Math.floor(i / 5);
      switch (i % 5) {
        case 0:
          return truto.fixture.tickets.create({ subject: `created ${i}` }, q).then((record: { id: string }) => created.push(record.id));
        case 1:
          updated.push(String(slot + 1));
          return truto.fixture.tickets.update(String(slot + 1), { subject: `updated ${slot + 1}` }, q);
        case 2:
          return truto.fixture.tickets.list({ ...q, limit: 7 });
        case 3:
          if (slot >= 20) return truto.fixture.tickets.get(String(slot - 19), q);
          deleted.push(String(41 + slot));
          return truto.fixture.tickets.delete(String(41 + slot), q);
        default:
          return truto.fixture.tickets.get(String(slot + 1), q);
      }
    });
    const settled = await Promise.allSettled(calls);
    expect(settled.filter((result) => result.status === "rejected")).toEqual([]);
    const statuses = mock.requests.map((r) => r.status);
    expect(mock.requests).toHaveLength(230);
    expect(statuses.filter((s) => s === 503)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(200);

    const listed: { id: string; subject: string }[] = [];
    for await (const record of truto.fixture.tickets.list({ ...q, limit: 25 })) listed.push(record);
    const listedIds = listed.map((record) => record.id);
    expect(new Set(listedIds).size).toBe(listedIds.length);
    expect(created).toHaveLength(40);
    const gone = new Set(deleted);
    expect(gone.size).toBe(20);
    expect(listedIds).toEqual([...seeded.filter((id) => !gone.has(id)), ...[...created].sort((a, b) => Number(a) - Number(b))]);
    for (const id of updated) expect(listed.find((record) => record.id === id)?.subject).toBe(`updated ${id}`);
  });
});
