// Client options: each bad one refused with a TrutoValidationError naming it; extra headers sent.
import { describe, expect, it } from "vitest";
import { TrutoValidationError, createTrutoClient } from "../../src/index.js";
import { ACCOUNT, TOKEN, clientTestServer } from "../helpers/client.js";

const { server, client } = await clientTestServer();

describe("client options", () => {
  it.each([
    [{ token: undefined }, "token", 'createTrutoClient: give exactly one of "token" (a Truto API token, for servers) and "integratedAccountToken" (one account\'s token, for browsers)'],
    [{ integratedAccountToken: "iat" }, "token", 'createTrutoClient: give exactly one of "token" (a Truto API token, for servers) and "integratedAccountToken" (one account\'s token, for browsers)'],
    [{ token: "" }, "token", 'createTrutoClient: "token" must be a non-empty string (or a function returning one), got an empty string'],
    [{ token: 42 }, "token", 'createTrutoClient: "token" must be a non-empty string (or a function returning one), got number'],
    [{ token: "tok en" }, "token", 'createTrutoClient: "token" must not contain spaces, line breaks or non-ASCII characters'],
    [{ baseUrl: "api.truto.one" }, "baseUrl", 'createTrutoClient: "baseUrl" must be an absolute http(s) URL without query, fragment or credentials, e.g. https://api.truto.one'],
    [{ maxRetries: -1 }, "maxRetries", 'createTrutoClient: "maxRetries" must be a whole number >= 0, got -1'],
    [{ timeoutMs: 0 }, "timeoutMs", 'createTrutoClient: "timeoutMs" must be a number of milliseconds > 0 and <= 2147483647, or Infinity for none, got 0'],
    [{ unsupportedParameters: "ignore" }, "unsupportedParameters", 'createTrutoClient: "unsupportedParameters" must be one of allow, warn, error'],
  ])("reject %j", (options, parameter, message) => {
    expect(() => createTrutoClient({ token: TOKEN, ...options } as never)).toThrow(new TrutoValidationError(parameter, message));
  });

  it("send extra headers but never let them replace the token", async () => {
    await client({ headers: { "x-app": "crm-sync", authorization: "Bearer other" } }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT });
    expect(server.requests[0]!.headers["x-app"]).toBe("crm-sync");
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});
