// The two call styles on the mock Truto: the README's resource method and the openapi-fetch-style
// calls (truto.DELETE, truto.request). Both go through one pipeline: the same request on the wire,
// the same checks, the same middleware; the raw style keeps openapi-fetch's { data, error, response }.
import { describe, expect, it, vi } from "vitest";
import { TrutoConnectionError, TrutoTimeoutError, TrutoValidationError, createTrutoClient, serializeQuery } from "../../src/index.js";
import { fastRetries, mockServer } from "../helpers/client.js";
import { ACCOUNT, DELETE_PATH, IDS, KEAP_ACCOUNT, OTHER_TOKEN, TOKEN } from "../helpers/constants.js";

const { mock, client, lines } = await mockServer();

/** What the mock answers for a delete on a Capsule account: the id (the only field Capsule fills) and Truto's remote_data. */
const capsuleRecord = (id: string) => ({ id, remote_data: { Id: id, source: "mock" } });
const params = (id: string) => ({ params: { path: { id }, query: { integrated_account_id: ACCOUNT } } });
const urlOf = (id: string) => `${mock.url}/unified/crm/engagements/${id}?integrated_account_id=${ACCOUNT}`;
const lineOf = (id: string) => `DELETE /unified/crm/engagements/${id}?integrated_account_id=${ACCOUNT} HTTP/1.1`;

describe("the README example", () => {
  it("a resource method deletes the engagement and returns the record Truto answered", async () => {
    const truto = createTrutoClient({ token: TOKEN, baseUrl: mock.url });
    expect(await truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT })).toEqual(capsuleRecord(IDS[0]));
    expect(lines()).toEqual([lineOf(IDS[0])]);
    const [request] = mock.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.headers["content-type"]).toBeUndefined();
    expect(request!.headers["idempotency-key"]).toBeUndefined();
    expect(request!.body).toBe("");
  });
});

describe("openapi-fetch-style calls", () => {
  it("send the same request as the resource method, with the same headers", async () => {
    const truto = client();
    await truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT });
    await truto.DELETE(DELETE_PATH, params(IDS[0]));
    await truto.request("delete", DELETE_PATH, params(IDS[0]));
    expect(lines()).toEqual([lineOf(IDS[0]), lineOf(IDS[0]), lineOf(IDS[0])]);
    const [first, second, third] = mock.requests;
    expect(second!.headers).toEqual(first!.headers);
    expect(third!.headers).toEqual(first!.headers);
  });

  it("resolve to { data, error, response }: data for a 2xx, Truto's error body otherwise", async () => {
    const truto = client();
    const ok = await truto.DELETE(DELETE_PATH, params(IDS[0]));
    expect(ok.data).toEqual(capsuleRecord(IDS[0]));
    expect(ok.error).toBeUndefined();
    expect(ok.response.status).toBe(200);
    // The record is gone: the same delete again is the mock's own 404, returned, not thrown.
    const missing = await truto.DELETE(DELETE_PATH, params(IDS[0]));
    expect(missing.data).toBeUndefined();
    expect(missing.error).toEqual({ statusCode: 404, error: "Not Found", message: `No record with id "${IDS[0]}" in /unified/crm/engagements` });
    expect(missing.response.status).toBe(404);
    expect(mock.requests.map((r) => r.status)).toEqual([200, 404]);
  });

  it("scrub the token from `error`, as resource methods scrub it from their errors", async () => {
    mock.inject({ reply: { status: 401, body: { statusCode: 401, error: "Unauthorized", message: `Invalid token ${TOKEN}`, echo: [`Bearer ${TOKEN}`] } } });
    mock.inject({ reply: { status: 400, body: `echo: Authorization: Bearer ${TOKEN}` } });
    const truto = client({ maxRetries: 0 });
    const json = await truto.DELETE(DELETE_PATH, params(IDS[0]));
    expect(json.error).toEqual({ statusCode: 401, error: "Unauthorized", message: "Invalid token [REDACTED]", echo: ["Bearer [REDACTED]"] });
    const text = await truto.DELETE(DELETE_PATH, params(IDS[0]));
    expect(text.error).toBe("echo: Authorization: Bearer [REDACTED]");
  });

  it("are checked before the network like resource methods (spec and integration rules)", async () => {
    const truto = client({ integration: "keap" });
    const ok = await truto.DELETE(DELETE_PATH, { params: { path: { id: IDS[0] }, query: { integrated_account_id: KEAP_ACCOUNT, engagement_type: "email" } } });
    expect(ok.data).toEqual({ remote_data: { Id: IDS[0], source: "mock" } });
    await expect(truto.DELETE(DELETE_PATH, { params: { path: { id: IDS[1] }, query: { integrated_account_id: KEAP_ACCOUNT } } })).rejects.toThrow(
      new TrutoValidationError("engagement_type", 'Query parameter "engagement_type" is required for Keap (allowed: email, meeting)', "Keap"),
    );
    await expect(
      // @ts-expect-error integrated_account_id is required by the spec
      truto.DELETE(DELETE_PATH, { params: { path: { id: IDS[1] }, query: {} } }),
    ).rejects.toThrow(new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" is required'));
    expect(lines()).toEqual([`DELETE /unified/crm/engagements/${IDS[0]}?integrated_account_id=${KEAP_ACCOUNT}&engagement_type=email HTTP/1.1`]);
  });

  it("with no init, or an init without params, are refused by the first missing parameter, not a TypeError", async () => {
    const truto = client() as any;
    await expect(truto.DELETE(DELETE_PATH)).rejects.toThrow(new TrutoValidationError("id", 'Path parameter "id" is required, got undefined'));
    await expect(truto.DELETE(DELETE_PATH, {})).rejects.toThrow(new TrutoValidationError("id", 'Path parameter "id" is required, got undefined'));
    await expect(truto.DELETE(DELETE_PATH, { params: { query: { integrated_account_id: ACCOUNT } } })).rejects.toThrow(
      new TrutoValidationError("id", 'Path parameter "id" is required, got undefined'),
    );
    await expect(truto.DELETE(DELETE_PATH, { params: { path: { id: IDS[0] } } })).rejects.toThrow(
      new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" is required'),
    );
    expect(mock.requests).toEqual([]);
  });

  it("truto.request with a method that is not HTTP's rejects with a TrutoValidationError, never a synchronous TypeError", async () => {
    const truto = client() as any;
    for (const [method, got] of [["FETCH", '"FETCH"'], ["", '""'], [undefined, "undefined"], [7, "number"], ["constructor", '"constructor"']]) {
      let pending: Promise<unknown> | undefined;
      expect(() => (pending = truto.request(method, DELETE_PATH, params(IDS[0])))).not.toThrow();
      await expect(pending).rejects.toThrow(
        new TrutoValidationError("method", `truto.request: "method" must be one of GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE, got ${got}`),
      );
    }
    expect(mock.requests).toEqual([]);
  });

  it.each([
    ["timeoutMs", 5_000],
    ["maxRetries", 0],
    ["integration", "keap"],
    // openapi-fetch would send the request, token included, to this other host.
    ["baseUrl", "https://elsewhere.example"],
  ])("refuse the client's %s in their init (openapi-fetch would ignore it, or act on it), before anything is sent", async (name, value) => {
    const truto = client() as any;
    const init = { ...params(IDS[0]), [name]: value };
    await expect(truto.DELETE(DELETE_PATH, init)).rejects.toThrow(
      new TrutoValidationError(name, `DELETE ${DELETE_PATH}: "${name}" is not a call option; expected one of fetch, headers, signal`),
    );
    await expect(truto.GET("/unified/crm/other", { [name]: value })).rejects.toThrow(
      new TrutoValidationError(name, `GET /unified/crm/other: "${name}" is not a call option; expected one of fetch, headers, signal`),
    );
    expect(mock.requests).toEqual([]);
  });

  it("send a route the spec does not have as openapi-fetch would, unchecked, with the token", async () => {
    const truto = client() as any;
    const result = await truto.GET("/unified/crm/other", { params: { query: { anything: "x y" } } });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ statusCode: 404, error: "Not Found", message: "No route for GET /unified/crm/other" });
    expect(lines()).toEqual(["GET /unified/crm/other?anything=x%20y HTTP/1.1"]);
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("headers on both call styles", () => {
  it("a plain object or a Headers instance is sent, added to the client's; null removes a client header; none replaces the token", async () => {
    const truto = client({ headers: { "x-app": "crm-sync" } });
    await truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT }, { headers: { "x-trace": "t1", authorization: `Bearer ${OTHER_TOKEN}` } });
    await truto.crm.engagements.delete(IDS[1], { integrated_account_id: ACCOUNT }, { headers: new Headers({ "x-trace": "t2", Authorization: `Bearer ${OTHER_TOKEN}` }) });
    await truto.DELETE(DELETE_PATH, { ...params(IDS[2]), headers: { "x-trace": "t3", Authorization: `Bearer ${OTHER_TOKEN}`, "x-app": null } });
    await truto.DELETE(DELETE_PATH, { ...params(IDS[3]), headers: new Headers({ "x-trace": "t4", Authorization: `Bearer ${OTHER_TOKEN}` }) });
    expect(mock.requests.map((r) => [r.headers["x-trace"], r.headers["x-app"], r.headers.authorization])).toEqual([
      ["t1", "crm-sync", `Bearer ${TOKEN}`],
      ["t2", "crm-sync", `Bearer ${TOKEN}`],
      ["t3", undefined, `Bearer ${TOKEN}`],
      ["t4", "crm-sync", `Bearer ${TOKEN}`],
    ]);
  });

  it("a call's header replaces the client's of the same name in any letter case (a list too, never appended to it)", async () => {
    const truto = client({ headers: { "X-Tags": "client" } });
    await truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT }, { headers: { "x-tags": ["b", "c"] } });
    await truto.crm.engagements.delete(IDS[1], { integrated_account_id: ACCOUNT }, { headers: { "X-TAGS": "d" } });
    await truto.DELETE(DELETE_PATH, { ...params(IDS[2]), headers: { "x-tags": ["e", "f"] } });
    await truto.DELETE(DELETE_PATH, { params: { ...params(IDS[3]).params, header: { "x-Tags": ["g"] } } } as never);
    await truto.crm.engagements.delete(IDS[4], { integrated_account_id: ACCOUNT }, { headers: { "x-tags": null } });
    expect(mock.requests.map((r) => r.headers["x-tags"])).toEqual(["b, c", "d", "e, f", "g", undefined]);
  });
});

describe("use() middleware", () => {
  it("runs on every call, resource methods included, and a header it sets is sent", async () => {
    const truto = client();
    const seen: string[] = [];
    truto.use({
      onRequest: ({ request }) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        request.headers.set("x-trace", "t1");
      },
    });
    await truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT });
    await truto.request("delete", DELETE_PATH, params(IDS[1]));
    expect(seen).toEqual([`DELETE /unified/crm/engagements/${IDS[0]}`, `DELETE /unified/crm/engagements/${IDS[1]}`]);
    expect(mock.requests.map((r) => r.headers["x-trace"])).toEqual(["t1", "t1"]);
  });

  it("cannot replace Authorization: the client sets its token after middleware ran", async () => {
    const truto = client();
    truto.use({ onRequest: ({ request }) => void request.headers.set("Authorization", `Bearer ${OTHER_TOKEN}`) });
    expect(await truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT })).toEqual(capsuleRecord(IDS[0]));
    expect((await truto.DELETE(DELETE_PATH, params(IDS[1]))).data).toEqual(capsuleRecord(IDS[1]));
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it("that throws rejects the call with its very error, with or without a signal, in both styles; nothing is sent", async () => {
    const truto = client();
    const broken = new Error("middleware failed");
    truto.use({
      onRequest: () => {
        throw broken;
      },
    });
    for (const options of [{}, { signal: new AbortController().signal }]) {
      await expect(truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT }, options)).rejects.toBe(broken);
      await expect(truto.DELETE(DELETE_PATH, { ...params(IDS[0]), ...options })).rejects.toBe(broken);
    }
    expect(mock.requests).toEqual([]);
  });

  it.each([
    ["an Error", new Error("middleware failed on the answer")],
    ["a TypeError (a bug in the middleware)", new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])("that throws %s in onResponse rejects the call with that very error, not as a lost connection", async (_, broken) => {
    const truto = client();
    truto.use({
      onResponse: () => {
        throw broken;
      },
    });
    await expect(truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT })).rejects.toBe(broken);
    await expect(truto.DELETE(DELETE_PATH, params(IDS[1]))).rejects.toBe(broken);
    // A call's own middleware, on a raw call, the same.
    await expect(client().DELETE(DELETE_PATH, { ...params(IDS[2]), middleware: [{ onResponse: () => Promise.reject(broken) }] })).rejects.toBe(broken);
    expect(mock.requests.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("that hands on a clone of the response: a connection lost while its body is read is still a TrutoConnectionError", async () => {
    const truto = client();
    truto.use({ onResponse: ({ response }) => response.clone() });
    for (const call of [() => truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT }), () => truto.DELETE(DELETE_PATH, params(IDS[0]))]) {
      mock.inject({ cut: true });
      await expect(call()).rejects.toEqual(new TrutoConnectionError("DELETE", urlOf(IDS[0]), "Connection lost while reading the response body"));
    }
  });

  it("every hook runs on the middleware itself: what onRequest, onResponse and onError keep on `this` is the caller's object", async () => {
    const truto = client({ maxRetries: 0 });
    const meter = {
      requests: 0,
      responses: 0,
      errors: 0,
      onRequest() {
        this.requests++;
      },
      onResponse() {
        this.responses++;
      },
      onError() {
        this.errors++;
      },
    };
    truto.use(meter);
    await truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT });
    // A raw call's own middleware, whose fetch fails: onError runs.
    const lost = () => Promise.reject(new TypeError("fetch failed"));
    const own = { ...meter, requests: 0, responses: 0, errors: 0 };
    await expect(truto.DELETE(DELETE_PATH, { ...params(IDS[1]), middleware: [own], fetch: lost } as never)).rejects.toBeInstanceOf(TrutoConnectionError);
    expect([meter.requests, meter.responses, meter.errors]).toEqual([2, 1, 1]);
    expect([own.requests, own.responses, own.errors]).toEqual([1, 0, 1]);
  });

  it("that throws a TypeError in onError rejects the call with that very error, not as a lost connection", async () => {
    const broken = new TypeError("Cannot read properties of undefined (reading 'status')");
    // A 500 whose body fails while it is read: the transport's TrutoConnectionError goes to onError.
    const failing = new ReadableStream({ pull: (controller) => controller.error(new TypeError("terminated")) });
    const truto = client({ maxRetries: 0, fetch: async () => new Response(failing, { status: 500 }) });
    truto.use({
      onError: () => {
        throw broken;
      },
    });
    await expect(truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT })).rejects.toBe(broken);
  });

  it("that answers a stream call itself leaves no timer running once the call resolves", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const truto = client({ timeoutMs: 3_000 });
    truto.use({ onRequest: () => new Response("streamed") });
    const { data } = await truto.DELETE(DELETE_PATH, { ...params(IDS[0]), parseAs: "stream" });
    expect(vi.getTimerCount()).toBe(0);
    expect(await new Response(data as ReadableStream).text()).toBe("streamed");
    expect(mock.requests).toEqual([]);
  });

  it("eject() takes off what use() added; the middleware keeps `this`", async () => {
    const truto = client();
    const counter = {
      seen: 0,
      onResponse() {
        this.seen++;
      },
    };
    truto.use(counter);
    await truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT });
    truto.eject(counter);
    await truto.crm.engagements.delete(IDS[1], { integrated_account_id: ACCOUNT });
    expect([counter.seen, mock.requests.length]).toEqual([1, 2]);
  });
});

describe("a raw call's body, init and parseAs", () => {
  const OTHER = "/unified/crm/other";

  it("a FormData body is sent as multipart and a urlencoded Content-Type's as a=1&b=2, as openapi-fetch sends them", async () => {
    const truto = client() as any;
    const form = new FormData();
    form.set("name", "Ada");
    await truto.POST(OTHER, { body: form });
    await truto.POST(OTHER, { body: { a: "1", b: "2" }, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    const [multipart, urlencoded] = mock.requests;
    expect(multipart!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(multipart!.body).toContain('Content-Disposition: form-data; name="name"\r\n\r\nAda\r\n');
    expect([urlencoded!.headers["content-type"], urlencoded!.body]).toEqual(["application/x-www-form-urlencoded", "a=1&b=2"]);
  });

  it("a body that serializes to nothing (a function, a symbol, a toJSON returning undefined) is refused, not sent empty", async () => {
    const truto = client() as any;
    const cases: [unknown, string][] = [
      [() => 1, "is a function, which JSON cannot carry"],
      [Symbol("s"), "is a symbol, which JSON cannot carry"],
      [{ toJSON: () => undefined }, "has a toJSON() method that returns nothing JSON can carry"],
    ];
    for (const [body, problem] of cases) {
      await expect(truto.POST(OTHER, { body })).rejects.toThrow(new TrutoValidationError("body", `POST ${OTHER}: The JSON body ${problem}`));
    }
    expect(mock.requests).toEqual([]);
  });

  it("a GET or HEAD with a body is refused naming the body, not fetch's TypeError", async () => {
    const truto = client() as any;
    await expect(truto.GET(OTHER, { body: { a: 1 } })).rejects.toThrow(new TrutoValidationError("body", `GET ${OTHER}: a GET request cannot have a body`));
    await expect(truto.HEAD(OTHER, { body: null })).rejects.toThrow(new TrutoValidationError("body", `HEAD ${OTHER}: a HEAD request cannot have a body`));
    expect(mock.requests).toEqual([]);
  });

  it("a parseAs openapi-fetch cannot read with is refused before sending, not reported as a lost connection", async () => {
    const truto = client() as any;
    for (const [parseAs, got] of [["JSON", '"JSON"'], ["formData", '"formData"'], [1, "number"]]) {
      await expect(truto.DELETE(DELETE_PATH, { ...params(IDS[0]), parseAs })).rejects.toThrow(
        new TrutoValidationError("parseAs", `DELETE ${DELETE_PATH}: "parseAs" must be one of json, text, blob, arrayBuffer, stream, got ${got}`),
      );
    }
    expect(mock.requests).toEqual([]);
    expect((await truto.DELETE(DELETE_PATH, { ...params(IDS[0]), parseAs: "text" })).data).toBe(JSON.stringify(capsuleRecord(IDS[0])));
  });

  it("a null init is none; an init that is not an object is refused; neither throws synchronously", async () => {
    const truto = client() as any;
    let pending: Promise<{ error: unknown }> | undefined;
    expect(() => (pending = truto.GET(OTHER, null))).not.toThrow();
    expect((await pending!).error).toEqual({ statusCode: 404, error: "Not Found", message: `No route for GET ${OTHER}` });
    await expect(truto.GET(OTHER, "params")).rejects.toThrow(new TrutoValidationError("init", `GET ${OTHER}: the init argument must be an object, got "params"`));
    expect(lines()).toEqual([`GET ${OTHER} HTTP/1.1`]);
  });

  it("a query that is not a plain object (a Map, URLSearchParams, a string) is refused, not sent empty or as characters", async () => {
    const truto = client() as any;
    for (const [query, got] of [[new Map([["a", "1"]]), "a Map"], [new URLSearchParams("a=1"), "a URLSearchParams"], ["a=1", "string"]]) {
      await expect(truto.GET(OTHER, { params: { query } })).rejects.toThrow(new TrutoValidationError("query", `GET ${OTHER}: the query must be a plain object of parameters, got ${got}`));
      // On a path of the spec too: refused as a query, not read for its parameters.
      await expect(truto.DELETE(DELETE_PATH, { params: { path: { id: IDS[0] }, query } })).rejects.toThrow(
        new TrutoValidationError("query", `DELETE ${DELETE_PATH}: the query must be a plain object of parameters, got ${got}`),
      );
    }
    expect(serializeQuery.bind(null, new Map() as never)).toThrow(new TrutoValidationError("query", "The query must be a plain object of parameters, got a Map"));
    expect(mock.requests).toEqual([]);
  });
});

describe("a fetch of the caller's in truto.DELETE's init", () => {
  /** A fetch that forwards to the real one and records what the client handed it. */
  function ownFetch() {
    const seen: string[] = [];
    const fetch = vi.fn(async (request: Request, init?: RequestInit) => {
      seen.push(`${request.method} ${request.url} auth=${request.headers.get("authorization")} signal=${init?.signal instanceof AbortSignal}`);
      return globalThis.fetch(request, init);
    });
    return { fetch, seen };
  }
  const url = (id: string) => `${mock.url}/unified/crm/engagements/${id}?integrated_account_id=${ACCOUNT}`;

  it("is the base fetch: the token is set on its request, fixed or from a function, and the client's fetch is not used", async () => {
    for (const token of [TOKEN, () => TOKEN]) {
      const clientFetch = vi.fn(globalThis.fetch);
      const truto = client({ token, fetch: clientFetch });
      const { fetch, seen } = ownFetch();
      const { data } = await truto.DELETE(DELETE_PATH, { ...params(IDS[0]), fetch });
      expect(data).toEqual(capsuleRecord(IDS[0]));
      expect(seen).toEqual([`DELETE ${url(IDS[0])} auth=Bearer ${TOKEN} signal=true`]);
      expect(clientFetch).not.toHaveBeenCalled();
      mock.reset();
    }
  });

  it("is retried like the client's own (a 503, then the answer)", async () => {
    const { onRetry, events } = fastRetries();
    mock.inject({ status: 503, message: "busy" });
    const { fetch, seen } = ownFetch();
    const { data } = await client({ onRetry }).DELETE(DELETE_PATH, { ...params(IDS[0]), fetch });
    expect(data).toEqual(capsuleRecord(IDS[0]));
    expect(seen).toEqual([`DELETE ${url(IDS[0])} auth=Bearer ${TOKEN} signal=true`, `DELETE ${url(IDS[0])} auth=Bearer ${TOKEN} signal=true`]);
    expect(events.map((e) => e.status)).toEqual([503]);
  });

  it("without one (or the client's), globalThis.fetch is looked up at call time", async () => {
    const truto = client();
    const spy = vi.spyOn(globalThis, "fetch");
    await truto.crm.engagements.delete(IDS[0], { integrated_account_id: ACCOUNT });
    await truto.DELETE(DELETE_PATH, params(IDS[1]));
    expect(spy.mock.calls.map(([request]) => (request as Request).url)).toEqual([url(IDS[0]), url(IDS[1])]);
  });

  it("runs under the client's timeout: a hung answer is a TrutoTimeoutError", async () => {
    mock.inject({ hang: true });
    const { fetch } = ownFetch();
    const call = client({ timeoutMs: 100, maxRetries: 0 }).DELETE(DELETE_PATH, { ...params(IDS[0]), fetch });
    await expect(call).rejects.toThrow(new TrutoTimeoutError("DELETE", url(IDS[0]), 100));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(lines()).toEqual([lineOf(IDS[0])]);
  });
});
