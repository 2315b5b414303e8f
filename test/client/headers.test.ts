// Header injection: a CR/LF in a header name or value (client option, resource call, truto.DELETE)
// is a TrutoValidationError naming the header, never its value, and nothing reaches the wire.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TrutoValidationError, createTrutoClient } from "../../src/index.js";
import { startServer, type TestServer } from "../helpers/server.js";

const TOKEN = "tok_live_5f2b9c0e41d8a7";
const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
const SECRET = "s3cret-value";
const INJECTED = `${SECRET}\r\nX-Injected: 1`;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** The error a call rejects (or a creation throws) with; its texts must not hold the value. */
async function failure(run: () => unknown): Promise<TrutoValidationError> {
  let error: unknown;
  try {
    await run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(TrutoValidationError);
  for (const text of [String(error), JSON.stringify(error), (error as Error).stack]) expect(text).not.toContain(SECRET);
  return error as TrutoValidationError;
}

const valueError = (where: string) => new TrutoValidationError("headers", `${where}: header "x-trace" must not contain CR, LF or NUL (its value is not shown)`);

describe("headers with CR or LF", () => {
  it("in the client option: refused at createTrutoClient", async () => {
    const error = await failure(() => createTrutoClient({ token: TOKEN, baseUrl: server.url, headers: { "x-trace": INJECTED } }));
    expect(error).toEqual(valueError("createTrutoClient"));
  });

  it("in a resource call's headers: refused before sending", async () => {
    const truto = createTrutoClient({ token: TOKEN, baseUrl: server.url });
    const error = await failure(() => truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { headers: { "x-trace": INJECTED } }));
    expect(error).toEqual(valueError("crm.engagements.delete"));
    expect(server.requests).toHaveLength(0);
  });

  it("in truto.DELETE's headers: refused before sending, not a raw TypeError", async () => {
    const truto = createTrutoClient({ token: TOKEN, baseUrl: server.url });
    const error = await failure(() =>
      truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, headers: { "x-trace": INJECTED } }),
    );
    expect(error).toEqual(valueError("DELETE /unified/crm/engagements/{id}"));
    expect(server.requests).toHaveLength(0);
  });

  it("in a header name: named by its valid start only", async () => {
    const truto = createTrutoClient({ token: TOKEN, baseUrl: server.url });
    const error = await failure(() => truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { headers: { [`x-a\r\nAuthorization: Bearer ${SECRET}`]: "1" } }));
    expect(error).toEqual(
      new TrutoValidationError("headers", `crm.engagements.delete: header name must be letters, digits and !#$%&'*+-.^_\`|~ only; the one starting "x-a" is not`),
    );
    expect(server.requests).toHaveLength(0);
  });

  it("valid per-call headers are sent on both call styles; neither can replace the token", async () => {
    const truto = createTrutoClient({ token: TOKEN, baseUrl: server.url, headers: { "x-app": "crm-sync" } });
    await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { headers: { "x-trace": "t1", authorization: "Bearer other" } });
    await truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, headers: { "x-trace": "t2", Authorization: "Bearer other", "x-app": null } });
    await truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, headers: new Headers({ "x-trace": "t3" }) });
    expect(server.requests.map((r) => [r.headers["x-trace"], r.headers["x-app"], r.headers.authorization])).toEqual([
      ["t1", "crm-sync", `Bearer ${TOKEN}`],
      ["t2", undefined, `Bearer ${TOKEN}`],
      ["t3", "crm-sync", `Bearer ${TOKEN}`],
    ]);
  });
});

describe("options accepted unchecked before", () => {
  it.each([
    [{ fetch: "nope" }, "fetch", 'createTrutoClient: "fetch" must be a function (input: Request, init?: RequestInit) => Promise<Response>'],
    [{ retryNonIdempotent: "yes" }, "retryNonIdempotent", 'createTrutoClient: "retryNonIdempotent" must be true or false'],
    [
      { headers: new Headers({ "x-app": "crm-sync" }) },
      "headers",
      'createTrutoClient: "headers" must be a plain object of header names and values, e.g. { "x-app": "crm-sync" }, got a Headers instance',
    ],
    [{ logger: {}, unsupportedParameters: "warn" }, "logger", 'createTrutoClient: "logger" must be an object with a warn(message) method, e.g. console'],
    [{ logger: {} }, "logger", 'createTrutoClient: "logger" must be an object with a warn(message) method, e.g. console'],
  ])("%j is refused at createTrutoClient", (options, parameter, message) => {
    expect(() => createTrutoClient({ token: TOKEN, baseUrl: server.url, ...options } as never)).toThrow(new TrutoValidationError(parameter, message));
  });

  it("a resource call's headers given as a Headers instance is refused, not dropped", async () => {
    const truto = createTrutoClient({ token: TOKEN, baseUrl: server.url });
    const call = truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { headers: new Headers({ "x-trace": "t" }) as never });
    await expect(call).rejects.toThrow(
      new TrutoValidationError("headers", 'crm.engagements.delete: "headers" must be a plain object of header names and values, e.g. { "x-app": "crm-sync" }, got a Headers instance'),
    );
    expect(server.requests).toHaveLength(0);
  });
});
