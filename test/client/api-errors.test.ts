// HTTP errors as typed errors: status, Truto's message, body, request id, remote (provider) errors.
import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, TrutoApiError } from "../../src/index.js";
import { ACCOUNT, clientTestServer } from "../helpers/client.js";
import { remoteError, trutoError } from "../helpers/server.js";

const { server, client } = await clientTestServer();

describe("API errors", () => {
  it("404 throws NotFoundError with Truto's message, status, body and request id", async () => {
    server.reply(trutoError(404, "Engagement not found", undefined, { "x-request-id": "req_42" }));
    const error = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("404 Engagement not found");
    expect(error).toMatchObject({ status: 404, requestId: "req_42", method: "DELETE", isRemoteError: false });
    expect(error.url).toBe(`${server.url}/unified/crm/engagements/1?integrated_account_id=${ACCOUNT}`);
    expect(error.body).toEqual({ statusCode: 404, error: "Not Found", message: "Engagement not found" });
  });

  it("a remote error tells the provider's refusal from Truto's, with its body and headers", async () => {
    const raw = { code: 409, message: "Record is locked by another process" };
    server.reply(remoteError(409, "Record is locked by another process", raw, { "x-ratelimit-remaining": "12" }));
    const error = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("409 Record is locked by another process");
    expect(error.isRemoteError).toBe(true);
    expect(error.rawResponse).toEqual(raw);
    expect(error.headers.get("x-ratelimit-remaining")).toBe("12");
    expect(server.requests).toHaveLength(1);
  });

  it("a non-JSON error body still gives a TrutoApiError with the status and text", async () => {
    server.reply({ status: 400, body: "Bad things happened", headers: { "content-type": "text/plain" } });
    const error = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(TrutoApiError);
    expect(error.message).toBe("400 Bad things happened");
    expect(error.body).toBe("Bad things happened");
    expect(server.requests).toHaveLength(1);
  });
});
