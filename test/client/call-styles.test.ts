// Both call styles against a loopback server: the README's resource method and the openapi-fetch-style
// calls (same request, { data, error, response }, use() middleware, the same pre-flight checks).
import { describe, expect, it } from "vitest";
import { TrutoValidationError, createTrutoClient } from "../../src/index.js";
import { ACCOUNT, ENGAGEMENT, TOKEN, clientTestServer } from "../helpers/client.js";
import { trutoError } from "../helpers/server.js";

const { server, client, lines } = await clientTestServer();

describe("README example", () => {
  it("deletes an engagement with a resource method and returns it", async () => {
    server.reply({ status: 200, body: ENGAGEMENT });
    const truto = createTrutoClient({ token: TOKEN, baseUrl: server.url });
    const deleted = await truto.crm.engagements.delete("23423523", { integrated_account_id: ACCOUNT });
    expect(deleted).toEqual(ENGAGEMENT);
    expect(lines()).toEqual([`DELETE /unified/crm/engagements/23423523?integrated_account_id=${ACCOUNT} HTTP/1.1`]);
    const { headers } = server.requests[0]!;
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers["content-type"]).toBeUndefined();
    expect(server.requests[0]!.body).toBe("");
  });
});

describe("openapi-fetch-style calls", () => {
  it("send the same request and keep { data, error, response }", async () => {
    server.reply({ status: 200, body: ENGAGEMENT }, trutoError(404, "Engagement not found"));
    const truto = client();
    const ok = await truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "23423523" }, query: { integrated_account_id: ACCOUNT } } });
    expect(ok.data).toEqual(ENGAGEMENT);
    expect(ok.response.status).toBe(200);
    const missing = await truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } } });
    expect(missing.data).toBeUndefined();
    expect(missing.error).toEqual({ statusCode: 404, error: "Not Found", message: "Engagement not found" });
    expect(lines()).toEqual([
      `DELETE /unified/crm/engagements/23423523?integrated_account_id=${ACCOUNT} HTTP/1.1`,
      `DELETE /unified/crm/engagements/1?integrated_account_id=${ACCOUNT} HTTP/1.1`,
    ]);
  });

  it("run use() middleware on every call, resource methods included", async () => {
    const truto = client();
    const seen: string[] = [];
    truto.use({ onRequest: ({ request }) => { seen.push(`${request.method} ${new URL(request.url).pathname}`); request.headers.set("x-trace", "t1"); } });
    await truto.crm.engagements.delete("7", { integrated_account_id: ACCOUNT });
    await truto.request("delete", "/unified/crm/engagements/{id}", { params: { path: { id: "8" }, query: { integrated_account_id: ACCOUNT } } });
    expect(seen).toEqual(["DELETE /unified/crm/engagements/7", "DELETE /unified/crm/engagements/8"]);
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["t1", "t1"]);
  });

  it("a middleware that throws rejects the call with its error, with or without a signal, in both styles", async () => {
    const truto = client();
    const broken = new Error("middleware failed");
    truto.use({ onRequest: () => { throw broken; } });
    for (const options of [undefined, { signal: new AbortController().signal }]) {
      await expect(truto.crm.engagements.delete("7", { integrated_account_id: ACCOUNT }, options)).rejects.toBe(broken);
      await expect(truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "7" }, query: { integrated_account_id: ACCOUNT } }, ...options })).rejects.toBe(broken);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("are checked before the network too", async () => {
    const truto = client({ integration: "keap" });
    await expect(
      truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT, engagement_type: "email" } } }),
    ).resolves.toMatchObject({ response: { status: 200 } });
    await expect(
      // @ts-expect-error integrated_account_id is required by the spec
      truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: {} } }),
    ).rejects.toThrow(new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" is required'));
    expect(server.requests).toHaveLength(1);
  });
});

describe("openapi-fetch-style calls: what init may hold", () => {
  const ROUTE = "/unified/crm/engagements/{id}";
  const URL_7 = `https://api.test/unified/crm/engagements/7?integrated_account_id=${ACCOUNT}`;

  /** A client on an in-memory fetch that records each request's URL and Authorization and trace headers. */
  function recorded(options: { token?: string | (() => string) } = {}) {
    const seen: string[] = [];
    const fetch = async (request: Request) => {
      seen.push(`${request.method} ${request.url} auth=${request.headers.get("authorization")} trace=${request.headers.get("x-trace")}`);
      return Response.json(ENGAGEMENT);
    };
    const truto = createTrutoClient({ token: options.token ?? TOKEN, baseUrl: "https://api.test", fetch, maxRetries: 0 }) as any;
    return { truto, seen };
  }
  const params = { path: { id: "7" }, query: { integrated_account_id: ACCOUNT } };

  it("no init, or one without params, is refused by the first missing parameter, not a TypeError", async () => {
    const { truto, seen } = recorded();
    await expect(truto.DELETE(ROUTE)).rejects.toThrow(new TrutoValidationError("id", 'Path parameter "id" is required, got undefined'));
    await expect(truto.DELETE(ROUTE, {})).rejects.toThrow(new TrutoValidationError("id", 'Path parameter "id" is required, got undefined'));
    await expect(truto.DELETE(ROUTE, { params: { path: { id: "7" } } })).rejects.toThrow(
      new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" is required'),
    );
    expect(seen).toEqual([]);
  });

  it("a route the spec does not have is sent as openapi-fetch would, unchecked", async () => {
    const { truto, seen } = recorded();
    const { data } = await truto.GET("/unified/crm/other");
    expect(data).toEqual(ENGAGEMENT);
    expect(seen).toEqual([`GET https://api.test/unified/crm/other auth=Bearer ${TOKEN} trace=null`]);
  });

  it("headers as a Headers instance or a plain object reach the request", async () => {
    const { truto, seen } = recorded();
    await truto.DELETE(ROUTE, { params, headers: new Headers({ "x-trace": "h1" }) });
    await truto.DELETE(ROUTE, { params, headers: { "x-trace": "h2" } });
    expect(seen).toEqual([`DELETE ${URL_7} auth=Bearer ${TOKEN} trace=h1`, `DELETE ${URL_7} auth=Bearer ${TOKEN} trace=h2`]);
  });

  it("a fetch of the caller's replaces the transport, with or without a signal, and still gets the token", async () => {
    for (const token of [TOKEN, () => TOKEN]) {
      const { truto, seen } = recorded({ token });
      const own: string[] = [];
      const fetch = async (request: Request) => {
        own.push(`${request.method} ${request.url} auth=${request.headers.get("authorization")}`);
        return Response.json({ id: "own" });
      };
      const plain = await truto.DELETE(ROUTE, { params, fetch });
      const signalled = await truto.DELETE(ROUTE, { params, fetch, signal: new AbortController().signal });
      expect([plain.data, signalled.data]).toEqual([{ id: "own" }, { id: "own" }]);
      expect(own).toEqual([`DELETE ${URL_7} auth=Bearer ${TOKEN}`, `DELETE ${URL_7} auth=Bearer ${TOKEN}`]);
      expect(seen).toEqual([]);
    }
  });
});

describe("createTrutoClient's argument", () => {
  it.each([[undefined], [null], ["tok"], [42]])("%j is refused, saying what is expected", (options) => {
    const create = () => createTrutoClient(options as never);
    expect(create).toThrow(new TrutoValidationError("options", "createTrutoClient: expected an options object with { token } or { integratedAccountToken }"));
  });
});
