// What the client puts on the wire: Truto's bracket query format and path parameters encoded into
// one segment (dot segments refused before any request).
import { describe, expect, it } from "vitest";
import { TrutoValidationError } from "../../src/index.js";
import { ACCOUNT, clientTestServer } from "../helpers/client.js";

const { server, client } = await clientTestServer();

describe("query format", () => {
  it("sends arrays, records, nested objects, arrays of objects and booleans in Truto's bracket format", async () => {
    await client().crm.engagements.delete("1", {
      integrated_account_id: ACCOUNT,
      truto_exclude_fields: ["id", "name"],
      remote_query: { filter: { status: "open", tags: ["a b", "c&d"] }, "weird key=": "x#y+z" },
      account: { id: "acc 1" },
      contact: [{ id: "c1" }, { id: "c2" }],
      truto_ignore_remote_data: true,
      created_at: "2024-01-31T12:00:00Z",
      subject: "Café ☕",
    });
    expect(server.requests[0]!.rawUrl).toBe(
      "/unified/crm/engagements/1?integrated_account_id=62f44730-dd91-461e-bd6a-aedd9e0ad79d" +
        "&truto_exclude_fields[]=id&truto_exclude_fields[]=name" +
        "&remote_query[filter][status]=open&remote_query[filter][tags][]=a%20b&remote_query[filter][tags][]=c%26d" +
        "&remote_query[weird%20key%3D]=x%23y%2Bz" +
        "&account[id]=acc%201" +
        "&contact[0][id]=c1&contact[1][id]=c2" +
        "&truto_ignore_remote_data=true" +
        "&created_at=2024-01-31T12%3A00%3A00Z" +
        "&subject=Caf%C3%A9%20%E2%98%95",
    );
  });
});

describe("path parameters", () => {
  it("are encoded into one segment", async () => {
    await client().crm.engagements.delete("a/b?c#d e%f", { integrated_account_id: ACCOUNT });
    expect(server.requests[0]!.rawUrl).toBe(`/unified/crm/engagements/a%2Fb%3Fc%23d%20e%25f?integrated_account_id=${ACCOUNT}`);
  });

  it.each(["", ".", "..", "%2e%2E"])("refuse %j before any request", async (id) => {
    const call = client().crm.engagements.delete(id, { integrated_account_id: ACCOUNT });
    await expect(call).rejects.toBeInstanceOf(TrutoValidationError);
    await expect(call).rejects.toMatchObject({ parameter: "id" });
    expect(server.requests).toHaveLength(0);
  });

  it("refuse a missing path object in openapi-fetch-style calls", async () => {
    // @ts-expect-error path is required
    const call = client().DELETE("/unified/crm/engagements/{id}", { params: { query: { integrated_account_id: ACCOUNT } } });
    await expect(call).rejects.toThrow(new TrutoValidationError("id", 'Path parameter "id" is required, got undefined'));
    expect(server.requests).toHaveLength(0);
  });
});
