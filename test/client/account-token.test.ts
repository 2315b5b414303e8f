// Integrated account tokens and token functions, through the real client on the loopback server:
// no integrated_account_id needed, a refresh after a 401 with one resend, redaction of every token.
import { describe, expect, it, vi } from "vitest";
import { AuthenticationError, TrutoError, TrutoValidationError, createTrutoClient } from "../../src/index.js";
import { ACCOUNT, ENGAGEMENT, clientTestServer } from "../helpers/client.js";
import { trutoError } from "../helpers/server.js";

const { server, lines } = await clientTestServer();
const DELETE_1 = "DELETE /unified/crm/engagements/1 HTTP/1.1";

describe("integratedAccountToken", () => {
  it("calls without integrated_account_id: none in the URL, the account token as Bearer", async () => {
    server.reply({ status: 200, body: ENGAGEMENT });
    const truto = createTrutoClient({ integratedAccountToken: "iat_page_123", baseUrl: server.url });
    expect(await truto.crm.engagements.delete("1", {})).toEqual(ENGAGEMENT);
    expect(lines()).toEqual([DELETE_1]);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer iat_page_123");
  });

  it("still sends integrated_account_id when given, and checks it and every other rule", async () => {
    const keap = createTrutoClient({ integratedAccountToken: "iat", baseUrl: server.url, integration: "keap" });
    await keap.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, engagement_type: "email" });
    expect(lines()).toEqual([`DELETE /unified/crm/engagements/1?integrated_account_id=${ACCOUNT}&engagement_type=email HTTP/1.1`]);
    await expect(keap.crm.engagements.delete("1", { integrated_account_id: "nope", engagement_type: "email" })).rejects.toThrow(
      new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'),
    );
    await expect(keap.crm.engagements.delete("1", {} as never)).rejects.toThrow('Query parameter "engagement_type" is required for Keap (allowed: email, meeting)');
    expect(server.requests).toHaveLength(1);
  });

  it("makes truto.DELETE(...) skip the integrated_account_id check too", async () => {
    const truto = createTrutoClient({ integratedAccountToken: "iat", baseUrl: server.url });
    await truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: {} as never } });
    expect(lines()).toEqual([DELETE_1]);
  });

  it("an API-token client still requires integrated_account_id", async () => {
    const truto = createTrutoClient({ token: "tok", baseUrl: server.url });
    await expect(truto.crm.engagements.delete("1", {} as never)).rejects.toThrow(new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" is required'));
  });
});

describe("a token function", () => {
  it("is called before the first request; after a 401 it is called again and the call completes with one resend", async () => {
    const tokens = ["expired", "fresh"];
    const fn = vi.fn(async () => tokens.shift()!);
    server.reply(trutoError(401, "Token expired"), { status: 200, body: ENGAGEMENT });
    const truto = createTrutoClient({ token: fn, baseUrl: server.url });
    expect(await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).toEqual(ENGAGEMENT);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer expired", "Bearer fresh"]);
  });

  it("gets one refresh per call: a second 401 is an AuthenticationError, not a loop", async () => {
    let n = 0;
    server.reply(trutoError(401, "no"), trutoError(401, "still no"));
    const truto = createTrutoClient({ integratedAccountToken: () => `iat_${++n}`, baseUrl: server.url });
    await expect(truto.crm.engagements.delete("1", {})).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(2);
  });

  it("fails as a TrutoError with the cause, before anything is sent", async () => {
    const cause = new Error("session expired");
    const truto = createTrutoClient({ integratedAccountToken: () => Promise.reject(cause), baseUrl: server.url });
    await expect(truto.crm.engagements.delete("1", {})).rejects.toMatchObject({ constructor: TrutoError, message: 'createTrutoClient: the "integratedAccountToken" function failed', cause });
    expect(server.requests).toHaveLength(0);
  });

  it("has every token it gave scrubbed from errors, like a fixed one", async () => {
    const tokens = ["tok_old_aaaa", "tok_new_bbbb"];
    server.reply(trutoError(401, "bad"), trutoError(403, "tok_new_bbbb and tok_old_aaaa are not allowed", undefined, { "x-request-id": "tok_new_bbbb" }));
    const truto = createTrutoClient({ token: () => tokens.shift()!, baseUrl: server.url });
    const error = await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, message: "403 [REDACTED] and [REDACTED] are not allowed", requestId: "[REDACTED]" });
    expect(JSON.stringify(error)).not.toMatch(/tok_(old|new)/);
  });

  it("leaves no listener on the caller's signal after a refreshed call", async () => {
    const tokens = ["a_old", "a_new"];
    server.reply(trutoError(401, "expired"), { status: 200, body: ENGAGEMENT });
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, "addEventListener");
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    const truto = createTrutoClient({ token: () => tokens.shift()!, baseUrl: server.url });
    await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { signal: controller.signal });
    expect(server.requests).toHaveLength(2);
    expect(removed.mock.calls.length).toBe(added.mock.calls.length);
  });

  it("sets its header on truto.DELETE(...) with a fetch of the caller's too", async () => {
    const truto = createTrutoClient({ token: () => "fn_tok", baseUrl: server.url });
    await truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } }, fetch: (request: Request) => fetch(request) });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer fn_tok"]);
  });
});
