// The caller's signal stays linked until the body is read: a body that stalls after the response
// headers is still cancelled by it (resource methods, truto.DELETE, a stream, a 503 on the last
// attempt), and once the call is over no listener is left on the signal.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { InternalServerError, createTrutoClient, type TrutoClient } from "../../src/index.js";
import { startServer, type TestServer } from "../helpers/server.js";

const TOKEN = "tok_live_5f2b9c0e41d8a7";
const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
const PARAMS = { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } } };

let server: TestServer;
let truto: TrutoClient;
beforeAll(async () => {
  server = await startServer();
  truto = createTrutoClient({ token: TOKEN, baseUrl: server.url }) as TrutoClient;
});
afterEach(() => {
  server.reset();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

/** How `promise` settled, or "still pending" after 5 s (a bound, so a regression fails instead of hanging). */
function settled(promise: Promise<unknown>): Promise<unknown> {
  return Promise.race([
    promise.then((value) => ({ value }), (error: unknown) => ({ error })),
    new Promise((resolve) => setTimeout(resolve, 5_000, "still pending")),
  ]);
}

/** A signal with spies counting its listeners; aborts once the server has the request. */
function callerSignal() {
  const controller = new AbortController();
  const added = vi.spyOn(controller.signal, "addEventListener");
  const removed = vi.spyOn(controller.signal, "removeEventListener");
  const reason = new Error("user navigated away");
  const abortWhenSent = async () => {
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20)); // headers are on their way
    controller.abort(reason);
  };
  return { signal: controller.signal, added, removed, reason, abortWhenSent, abort: () => controller.abort(reason) };
}

describe("a body that stalls after the headers", () => {
  it("a resource method rejects with the caller's abort reason", async () => {
    server.reply({ kind: "stall" });
    const { signal, reason, abortWhenSent } = callerSignal();
    const call = truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal });
    await abortWhenSent();
    expect(await settled(call)).toEqual({ error: reason });
  });

  it("truto.DELETE rejects with the caller's abort reason", async () => {
    server.reply({ kind: "stall" });
    const { signal, reason, abortWhenSent } = callerSignal();
    const call = truto.DELETE("/unified/crm/engagements/{id}", { ...PARAMS, signal });
    await abortWhenSent();
    expect(await settled(call)).toEqual({ error: reason });
  });

  it("a 503 whose body stalls on the last attempt: both call styles reject with the reason", async () => {
    for (const style of ["resource", "openapi-fetch"] as const) {
      server.reply({ kind: "stall", status: 503, start: '{"statusCode":503,' });
      const { signal, reason, abortWhenSent } = callerSignal();
      const call =
        style === "resource"
          ? truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal, maxRetries: 0 })
          : createTrutoClient({ token: TOKEN, baseUrl: server.url, maxRetries: 0 }).DELETE("/unified/crm/engagements/{id}", { ...PARAMS, signal });
      await abortWhenSent();
      expect(await settled(call)).toEqual({ error: reason });
      server.reset();
    }
  });

  it("a stream that stalls after its first chunk is cancelled by the signal", async () => {
    server.reply({ kind: "stall", start: '{"Id":' });
    const { signal, reason, added, removed, abort } = callerSignal();
    const stream = await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, truto_response_format: "stream" }, { signal });
    const reader = stream.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('{"Id":');
    // Still linked while the stream is open.
    expect([added.mock.calls.length, removed.mock.calls.length]).toEqual([1, 0]);
    const next = reader.read();
    abort();
    expect(await settled(next)).toEqual({ error: reason });
  });
});

describe("no listener is kept once the body is read", () => {
  it("after JSON bodies, error bodies and streams read to the end or cancelled, on both call styles", async () => {
    const { signal, added, removed } = callerSignal();
    server.reply(
      { status: 200, body: { id: "1" } },
      { status: 200, body: { id: "2" } },
      { status: 404, body: { statusCode: 404, error: "Not Found", message: "nope" } },
      { status: 404, body: { statusCode: 404, error: "Not Found", message: "nope" } },
      { kind: "stream", chunks: ['{"Id":', '"1"}'], intervalMs: 5 },
      { kind: "stream", chunks: ['{"Id":', '"1"}'], intervalMs: 5 },
    );
    expect(await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal })).toEqual({ id: "1" });
    expect((await truto.DELETE("/unified/crm/engagements/{id}", { ...PARAMS, signal })).data).toEqual({ id: "2" });
    await expect(truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal, maxRetries: 0 })).rejects.toThrow("404 nope");
    expect((await truto.DELETE("/unified/crm/engagements/{id}", { ...PARAMS, signal })).error).toEqual({ statusCode: 404, error: "Not Found", message: "nope" });
    const read = await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, truto_response_format: "stream" }, { signal });
    expect(await new Response(read).text()).toBe('{"Id":"1"}');
    const cancelled = await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, truto_response_format: "stream" }, { signal });
    await cancelled.cancel();
    expect(added).toHaveBeenCalledTimes(6);
    expect(removed).toHaveBeenCalledTimes(6);
    expect(removed.mock.calls.map((call) => call[1])).toEqual(added.mock.calls.map((call) => call[1]));
  });

  it("after a stream whose connection is lost mid-body", async () => {
    const { signal, added, removed } = callerSignal();
    server.reply({ kind: "reset" });
    const stream = await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, truto_response_format: "stream" }, { signal });
    await expect(new Response(stream).text()).rejects.toThrow();
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed.mock.calls.map((call) => call[1])).toEqual(added.mock.calls.map((call) => call[1]));
  });

  it("a 503 retried before the last attempt releases that attempt's link at once", async () => {
    const { signal, added, removed } = callerSignal();
    server.reply({ status: 503, body: "busy", headers: { "retry-after": "0" } }, { status: 200, body: { id: "1" } });
    expect(await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal })).toEqual({ id: "1" });
    expect(added.mock.calls.length).toBe(removed.mock.calls.length);
    expect(server.requests).toHaveLength(2);
  });

  it("an abort after the call is over changes nothing", async () => {
    const { signal, abort } = callerSignal();
    server.reply({ status: 503, body: "down" });
    const error = await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal, maxRetries: 0 }).catch((e: unknown) => e);
    abort();
    expect(error).toBeInstanceOf(InternalServerError);
  });
});
