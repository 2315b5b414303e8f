// Successful responses: JSON, raw, streamed bodies, an empty 204 and malformed JSON.
import { describe, expect, it } from "vitest";
import { TrutoError } from "../../src/index.js";
import { ACCOUNT, clientTestServer } from "../helpers/client.js";

const { server, client } = await clientTestServer();

describe("response formats", () => {
  it("raw returns the remote payload as is", async () => {
    server.reply({ status: 200, body: { Id: 9, Subject__c: "raw" } });
    const raw = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT, truto_response_format: "raw" });
    expect(raw).toEqual({ Id: 9, Subject__c: "raw" });
  });

  it("stream returns the body as a ReadableStream before it has all arrived", async () => {
    server.reply({ kind: "stream", chunks: ['{"id":', '"1"}'], intervalMs: 150 });
    const stream = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT, truto_response_format: "stream" });
    expect(stream).toBeInstanceOf(ReadableStream);
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('{"id":');
    expect(decoder.decode((await reader.read()).value)).toBe('"1"}');
    expect((await reader.read()).done).toBe(true);
  });

  it("an empty 204 resolves to undefined", async () => {
    server.reply({ status: 204 });
    await expect(client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).resolves.toBeUndefined();
  });

  it("malformed JSON in a 200 is a TrutoError with the parse error as cause", async () => {
    server.reply({ status: 200, body: '{"id": "1"', headers: { "content-type": "application/json" } });
    const error = await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e) => e);
    expect(error).toBeInstanceOf(TrutoError);
    expect(error.message).toBe("crm.engagements.delete: the response body is not valid JSON");
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});
