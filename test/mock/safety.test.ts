// The mock Truto under hostile input and load: raw-socket requests with bad percent-encoding, bad
// or huge bodies and prototype keys get a 4xx in Truto's shape (never a crash or a changed
// prototype); inject() and createMockTruto() refuse bad arguments when called; 200 parallel mixed
// requests with injected faults lose nothing.
import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTrutoClient } from "../../src/index.js";
import { createMockTruto, type MockTruto } from "../../src/mock/index.js";
import { buildFixtureApi, type FixtureApi } from "../helpers/fixture-api.js";

let api: FixtureApi;
let fixture: { createMockTruto: typeof createMockTruto; lib: Record<string, any> };
const mocks: MockTruto[] = [];
beforeAll(async () => {
  api = await buildFixtureApi();
  fixture = { createMockTruto: (await api.load("src/mock/index.ts")).createMockTruto, lib: await api.load("src/index.ts") };
});
afterAll(() => api.remove());
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.close()));
});

async function start(make = createMockTruto, options?: Parameters<typeof createMockTruto>[0]): Promise<MockTruto> {
  const mock = await make(options);
  mocks.push(mock);
  return mock;
}

/** Sends bytes on a fresh socket and reads the whole answer (the request says Connection: close). */
function rawRequest(url: string, head: string, body: string | Buffer = ""): Promise<{ status: number; body: unknown }> {
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
    socket.write(`${head}\r\nHost: mock\r\nAuthorization: Bearer tok\r\nConnection: close\r\n${length ? `Content-Type: application/json\r\nContent-Length: ${length}\r\n` : ""}\r\n`);
    socket.end(body);
  });
}

const truto400 = (message: string) => ({ status: 400, body: { statusCode: 400, error: "Bad Request", message } });

describe("bad input from a raw socket: a 4xx, never a crash", () => {
  it.each([
    ["/unified/crm/engagements/%", 'Path parameter "id" is not valid percent-encoding'],
    ["/unified/crm/engagements/%E0%A4%A", 'Path parameter "id" is not valid percent-encoding'],
    ["/unified/crm/engagements/%E0%A4%A?integrated_account_id=00000000-0000-4000-8000-000000000010", 'Path parameter "id" is not valid percent-encoding'],
    ["/unified/crm/engagements/1?integrated_account_id=00000000-0000-4000-8000-000000000010&__proto__[polluted]=1", 'Query parameter "__proto__" is not allowed'],
    ["/unified/crm/engagements/1?integrated_account_id=00000000-0000-4000-8000-000000000010&constructor[prototype][polluted]=1", 'Query parameter "constructor" is not allowed'],
    ["/unified/crm/engagements/1?integrated_account_id=00000000-0000-4000-8000-000000000010&a[%5F_proto__]=1", 'Query parameter "__proto__" is not allowed'],
  ])("DELETE %s", async (path, message) => {
    const mock = await start();
    expect(await rawRequest(mock.url, `DELETE ${path} HTTP/1.1`)).toEqual(truto400(message));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The server is still there and still right.
    const ok = await rawRequest(mock.url, `DELETE /unified/crm/engagements/23423523?integrated_account_id=${mock.accounts.planhat} HTTP/1.1`);
    expect(ok.status).toBe(200);
    expect(mock.requests.map((r) => r.status)).toEqual([400, 200]);
  });

  const tickets = (mock: MockTruto) => `POST /unified/fixture/tickets?integrated_account_id=${(mock.accounts as Record<string, string>).acme} HTTP/1.1`;

  it("malformed JSON, and JSON with prototype keys at any depth, are 400s; no prototype changes", async () => {
    const mock = await start(fixture.createMockTruto);
    expect(await rawRequest(mock.url, tickets(mock), '{"subject": "a",')).toEqual(truto400("The request body is not valid JSON"));
    const protoFailure = (key: string) => ({
      status: 400,
      body: { statusCode: 400, error: "Bad Request", message: `Body field "${key}" is not allowed`, details: { failures: [{ parameter: `body.${key}`, message: `Body field "${key}" is not allowed` }] } },
    });
    expect(await rawRequest(mock.url, tickets(mock), '{"subject":"a","__proto__":{"polluted":true}}')).toEqual(protoFailure("__proto__"));
    expect(await rawRequest(mock.url, tickets(mock), '{"subject":"a","nested":{"constructor":{"prototype":{"polluted":true}}}}')).toEqual(protoFailure("nested.constructor"));
    const deep = `{"subject":"a","due_at":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    expect(await rawRequest(mock.url, tickets(mock), deep)).toEqual(truto400("The JSON body is nested deeper than 64 levels"));
    const patch = `PATCH /unified/fixture/tickets/23423523?integrated_account_id=${(mock.accounts as Record<string, string>).acme} HTTP/1.1`;
    expect(await rawRequest(mock.url, patch, '{"__proto__":{"polluted":true}}')).toEqual(protoFailure("__proto__"));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect((await rawRequest(mock.url, tickets(mock), '{"subject":"fine"}')).body).toEqual({ id: "23423528", subject: "fine" });
  });

  it("a body over 1 MiB is a 413, read to the end; exactly 1 MiB is read", async () => {
    const mock = await start(fixture.createMockTruto);
    const big = JSON.stringify({ subject: "x".repeat(1_048_576) });
    expect(await rawRequest(mock.url, tickets(mock), big)).toEqual({
      status: 413,
      body: { statusCode: 413, error: "Payload Too Large", message: "The request body is larger than 1048576 bytes" },
    });
    const exact = JSON.stringify({ subject: "x".repeat(1_048_576 - 14) });
    expect(Buffer.byteLength(exact)).toBe(1_048_576);
    expect((await rawRequest(mock.url, tickets(mock), exact)).status).toBe(201);
    expect(mock.requests.map((r) => [r.status, r.body.length])).toEqual([
      [413, 0],
      [201, 1_048_576],
    ]);
  });
});

describe("arguments refused when called", () => {
  it.each([
    [{ status: 429, retryAfter: "1\r\nX: 1" }, 1, '"retryAfter" must be a number of seconds or a string without CR, LF or NUL'],
    [{ status: 429, retryAfter: -1 }, 1, '"retryAfter" must be a finite number of seconds >= 0, or a string'],
    [{ status: 200 }, 1, '"status" must be an integer from 400 to 599, got 200'],
    [{ status: "503" }, 1, '"status" must be an integer from 400 to 599, got string'],
    [{ remote: true, status: 409, message: "x", rawResponse: {}, headers: { "x-a": "1\r\nSet-Cookie: a=b" } }, 1, 'header "x-a" must be a string without CR, LF or NUL'],
    [{ remote: true, status: 409, message: "x", rawResponse: {}, headers: { "bad name": "1" } }, 1, 'header name "bad?name" is not a valid HTTP token'],
    [{ remote: true, status: 409, message: "x", rawResponse: {}, headers: { "Content-Length": "1" } }, 1, 'header "Content-Length" is set by the mock'],
    [{ remote: true, status: 409, message: 1, rawResponse: {} }, 1, '"message" must be a string, got number'],
    [{ slow: Infinity }, 1, '"slow" must be a number of milliseconds from 0 to 600000'],
    [{ reset: false }, 1, '"reset" must be true'],
    [null, 1, "the fault must be an object, got null"],
    [{ status: 503 }, 0, '"times" must be an integer from 1 to 10000'],
    [{ status: 503 }, 1.5, '"times" must be an integer from 1 to 10000'],
  ])("inject(%j, %j)", async (fault, times, message) => {
    const mock = await start();
    expect(() => mock.inject(fault as never, times)).toThrow(new TypeError(`mock.inject: ${message}`));
    // Nothing was queued: the next request gets its real answer.
    const truto = createTrutoClient({ token: "tok", baseUrl: mock.url });
    expect((await truto.crm.engagements.delete("23423523", { integrated_account_id: mock.accounts.planhat })).id).toBe("23423523");
  });

  it("a self-referencing rawResponse is refused, and a cyclic one never reaches a request", async () => {
    const mock = await start();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => mock.inject({ remote: true, status: 409, message: "x", rawResponse: cyclic })).toThrow(new TypeError('mock.inject: "rawResponse" must be JSON-serialisable'));
  });

  it("createMockTruto refuses an unknown integration, bad ids and a bad seed", async () => {
    await expect(createMockTruto({ integrations: { a: "nope" as "keap" } })).rejects.toThrow(
      new TypeError('createMockTruto: "integrations" maps "a" to "nope", not one of: affinity, capsule, close, copper, keap, mondaycrm, onepagecrm, pipedrive, pipeliner, planhat, zohocrm'),
    );
    await expect(createMockTruto({ ids: ["a/b"] })).rejects.toThrow('createMockTruto: "ids" must be an array of at most 10,000 non-empty strings without "/"');
    await expect(createMockTruto({ seed: 1.5 })).rejects.toThrow('createMockTruto: "seed" must be an integer');
  });
});

describe("load: 200 parallel mixed requests with injected faults", () => {
  it("answers every request; every created record is listed once, deleted ones never, updates kept", async () => {
    const seeded = Array.from({ length: 60 }, (_, i) => String(i + 1));
    const mock = await start(fixture.createMockTruto, { ids: seeded });
    const acme = (mock.accounts as Record<string, string>).acme!;
    const q = { integrated_account_id: acme };
    const truto = fixture.lib.createTrutoClient({ token: "tok", baseUrl: mock.url, maxRetries: 3 });
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
