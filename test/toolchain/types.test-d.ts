// Type tests (run by vitest's typecheck): spec types, per-integration narrowing, return types.
import { describe, expectTypeOf, it } from "vitest";
import { createTrutoClient, type Engagement, type QueryFor, type TrutoClient, type TrutoClientOptions } from "../../src/index.js";

const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
type Route = "DELETE /unified/crm/engagements/{id}";

describe("without an integration: the spec's types", () => {
  const truto = createTrutoClient({ token: "t" });

  it("returns the Engagement, a raw payload or a stream by truto_response_format", () => {
    expectTypeOf(truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT })).resolves.toEqualTypeOf<Engagement>();
    expectTypeOf(truto.crm.engagements.delete(1, { integrated_account_id: ACCOUNT, truto_response_format: "raw" })).resolves.toBeUnknown();
    expectTypeOf(truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, truto_response_format: "stream" })).resolves.toEqualTypeOf<ReadableStream<Uint8Array>>();
  });

  it("accepts every enum value of the spec and requires integrated_account_id", () => {
    truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, engagement_type: "note", sort_by: "updated_at" });
    // @ts-expect-error integrated_account_id is required
    truto.crm.engagements.delete("1", { engagement_type: "call" });
    expectTypeOf<QueryFor<Route, undefined>["engagement_type"]>().toEqualTypeOf<"call" | "chat" | "email" | "meeting" | "note" | undefined>();
  });

  it("rejects a wrong parameter name or enum value", () => {
    // @ts-expect-error no such parameter
    truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, engagement_kind: "call" });
    // @ts-expect-error "sms" is not an engagement_type
    truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, engagement_type: "sms" });
    // @ts-expect-error truto_exclude_fields is a string array
    truto.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, truto_exclude_fields: "id" });
    // @ts-expect-error the path parameter comes first
    truto.crm.engagements.delete({ integrated_account_id: ACCOUNT });
  });

  it("keeps openapi-fetch's typed calls", () => {
    const call = truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } } });
    expectTypeOf(call).resolves.toHaveProperty("data").toEqualTypeOf<Engagement | undefined>();
    // @ts-expect-error "sms" is not an engagement_type
    truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT, engagement_type: "sms" } } });
    // @ts-expect-error no GET on this path in the spec
    truto.GET("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { integrated_account_id: ACCOUNT } } });
  });
});

describe("with integration: \"keap\": Keap's rules in the types", () => {
  const keap = createTrutoClient({ token: "t", integration: "keap" });

  it("narrows engagement_type to Keap's values and makes it required", () => {
    keap.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, engagement_type: "email" });
    // @ts-expect-error Keap allows email and meeting only
    keap.crm.engagements.delete("1", { integrated_account_id: ACCOUNT, engagement_type: "note" });
    // @ts-expect-error Keap requires engagement_type
    keap.crm.engagements.delete("1", { integrated_account_id: ACCOUNT });
    expectTypeOf<QueryFor<Route, "keap">["engagement_type"]>().toEqualTypeOf<"email" | "meeting">();
  });

  it("leaves other parameters as the spec has them", () => {
    expectTypeOf<QueryFor<Route, "keap">["sort_by"]>().toEqualTypeOf<"created_at" | "updated_at" | undefined>();
    expectTypeOf<QueryFor<Route, "keap">["integrated_account_id"]>().toEqualTypeOf<string>();
    expectTypeOf(keap).toEqualTypeOf<TrutoClient<"keap">>();
  });

  it("narrows per integration: Planhat supports engagement_type without requiring it", () => {
    expectTypeOf<QueryFor<Route, "planhat">["engagement_type"]>().toEqualTypeOf<"call" | "chat" | "email" | "meeting" | "note" | undefined>();
    expectTypeOf<QueryFor<Route, "close">["engagement_type"]>().toEqualTypeOf<"call" | "meeting" | "note" | "email">();
    expectTypeOf<QueryFor<Route, "pipeliner">["sort_by"]>().toEqualTypeOf<"created_at" | "updated_at" | undefined>();
  });

  it("rejects an unknown integration slug", () => {
    // @ts-expect-error not an integration on Truto's page
    createTrutoClient({ token: "t", integration: "hubspot" });
  });
});

describe("integrated account tokens: integrated_account_id optional in the types", () => {
  it("an account-token client may leave it out; an API-token client may not", () => {
    const page = createTrutoClient({ integratedAccountToken: async () => "iat" });
    expectTypeOf(page.crm.engagements.delete("1", {})).resolves.toEqualTypeOf<Engagement>();
    page.crm.engagements.delete("1", { integrated_account_id: ACCOUNT });
    expectTypeOf<QueryFor<Route, undefined, true>["integrated_account_id"]>().toEqualTypeOf<string | undefined>();
    const server = createTrutoClient({ token: () => "t" });
    // @ts-expect-error an API token needs integrated_account_id
    server.crm.engagements.delete("1", {});
  });

  it("keeps the integration's rules, and takes exactly one token option", () => {
    const keap = createTrutoClient({ integratedAccountToken: "iat", integration: "keap" });
    keap.crm.engagements.delete("1", { engagement_type: "email" });
    // @ts-expect-error Keap requires engagement_type
    keap.crm.engagements.delete("1", {});
    // @ts-expect-error both tokens
    createTrutoClient({ token: "t", integratedAccountToken: "iat" });
    // @ts-expect-error neither token
    createTrutoClient({ baseUrl: "https://api.truto.one" });
  });
});

describe("integration unions and option types", () => {
  it("narrows nothing for a union of integrations (a call must satisfy the spec, not one of them)", () => {
    expectTypeOf<QueryFor<Route, "keap" | "close">["engagement_type"]>().toEqualTypeOf<"call" | "chat" | "email" | "meeting" | "note" | undefined>();
  });

  it("accepts options typed as TrutoClientOptions, keeping integrated_account_id required", () => {
    const options: TrutoClientOptions = Math.random() > 0.5 ? { token: "t" } : { integratedAccountToken: "iat" };
    const truto = createTrutoClient(options);
    // @ts-expect-error not known to be an account-token client
    truto.crm.engagements.delete("1", {});
  });
});
