// Checks before a request leaves: the spec's rules and, with an integration, that integration's
// rules (required parameters, allowed values, unsupported parameters), named in the error.
import { describe, expect, it, vi } from "vitest";
import { TrutoValidationError } from "../../src/index.js";
import { integrationProblems } from "../../src/validate.js";
import { ACCOUNT, clientTestServer, type ClientOptions } from "../helpers/client.js";

const { server, client } = await clientTestServer();
const ROUTE = "DELETE /unified/crm/engagements/{id}";

describe("pre-flight checks", () => {
  const cases: [string, ClientOptions, Record<string, unknown>, string][] = [
    ["missing integrated_account_id", {}, {}, 'Query parameter "integrated_account_id" is required'],
    ["integrated_account_id not a uuid", {}, { integrated_account_id: "acct-1" }, 'Query parameter "integrated_account_id" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'],
    ["enum value outside the spec", {}, { integrated_account_id: ACCOUNT, engagement_type: "sms" }, 'Query parameter "engagement_type" must be one of call, chat, email, meeting, note; got "sms"'],
    ["bad date-time", {}, { integrated_account_id: ACCOUNT, created_at: "yesterday" }, 'Query parameter "created_at" must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date'],
    ["value Keap does not allow", { integration: "keap" }, { integrated_account_id: ACCOUNT, engagement_type: "note" }, 'Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"'],
    ["parameter Keap requires", { integration: "keap" }, { integrated_account_id: ACCOUNT }, 'Query parameter "engagement_type" is required for Keap (allowed: email, meeting)'],
    ["parameter Zoho CRM requires", { integration: "zohocrm" }, { integrated_account_id: ACCOUNT }, 'Query parameter "engagement_type" is required for Zoho CRM (allowed: call, meeting)'],
    ["sort_by value outside the spec's enum, Pipeliner set: the spec's rule speaks first", { integration: "pipeliner" }, { integrated_account_id: ACCOUNT, engagement_type: "call", sort_by: "name" }, 'Query parameter "sort_by" must be one of created_at, updated_at; got "name"'],
  ];

  it.each(cases)("reject %s, naming it, before the network", async (_, options, query, message) => {
    const call = client(options).crm.engagements.delete("1", query as never);
    await expect(call).rejects.toThrow(message);
    await expect(call).rejects.toBeInstanceOf(TrutoValidationError);
    expect(server.requests).toHaveLength(0);
  });

  // Pipeliner's list equals the spec's enum, so through the client the spec's rule always speaks
  // first; Pipeliner's own rule is tested on the integration rules alone (integrationProblems).
  it("sort_by value Pipeliner allows only from its list", () => {
    expect(integrationProblems(ROUTE, "query", { integrated_account_id: ACCOUNT, engagement_type: "call", sort_by: "name" }, "pipeliner")).toEqual([
      { parameter: "sort_by", message: 'Query parameter "sort_by" must be one of created_at, updated_at for Pipeliner; got "name"', integration: "Pipeliner" },
    ]);
    expect(integrationProblems(ROUTE, "query", { integrated_account_id: ACCOUNT, engagement_type: "call", sort_by: "updated_at" }, "pipeliner")).toEqual([]);
  });

  it("name the integration on the error", async () => {
    const error = await client({ integration: "keap" }).crm.engagements.delete("1", { integrated_account_id: ACCOUNT } as never).catch((e) => e);
    expect(error).toMatchObject({ parameter: "engagement_type", integration: "Keap" });
  });

  it("let a call override the client's integration", async () => {
    const truto = client({ integration: "keap" });
    await truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, engagement_type: "call" } as never, { integration: "zohocrm" });
    await expect(truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, engagement_type: "call" } as never)).rejects.toThrow(
      'Query parameter "engagement_type" must be one of email, meeting for Keap; got "call"',
    );
    expect(server.requests).toHaveLength(1);
  });

  it("reject an unknown integration at creation and per call", async () => {
    expect(() => client({ integration: "hubspot" as never })).toThrow(
      new TrutoValidationError("integration", 'Unknown integration "hubspot"; expected one of: affinity, capsule, close, copper, keap, mondaycrm, onepagecrm, pipedrive, pipeliner, planhat, zohocrm'),
    );
    await expect(client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }, { integration: "zoho" as never })).rejects.toThrow('Unknown integration "zoho"');
  });

  it("allow, warn about or refuse parameters the integration does not support", async () => {
    const query = { integrated_account_id: ACCOUNT, engagement_type: "email", subject: "Hi" } as const;
    await client({ integration: "keap" }).crm.engagements.delete("1", query);
    const warn = vi.fn();
    await client({ integration: "keap", unsupportedParameters: "warn", logger: { warn } }).crm.engagements.delete("1", query);
    expect(warn).toHaveBeenCalledExactlyOnceWith('Query parameter "subject" is not supported by Keap (supported by: Planhat); Truto ignores it');
    await expect(client({ integration: "keap", unsupportedParameters: "error" }).crm.engagements.delete("1", query)).rejects.toThrow(
      'Query parameter "subject" is not supported by Keap (supported by: Planhat); Truto ignores it',
    );
    await expect(
      client({ integration: "keap" }).crm.engagements.delete("1", { ...query, direction: "in" }, { unsupportedParameters: "error" }),
    ).rejects.toThrow('Query parameter "subject" is not supported by Keap (supported by: Planhat); Truto ignores it');
    expect(server.requests).toHaveLength(2);
  });

  it("accept a Date for date-time parameters and send it as ISO 8601", async () => {
    await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT, created_at: new Date(Date.UTC(2024, 0, 31, 12)) as never });
    expect(server.requests[0]!.rawUrl).toBe(`/unified/crm/engagements/1?integrated_account_id=${ACCOUNT}&created_at=2024-01-31T12%3A00%3A00.000Z`);
  });
});
