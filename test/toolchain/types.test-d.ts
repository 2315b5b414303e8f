// Type tests (run by vitest's typecheck) on the real operation, keyed by operationId: spec types,
// per-integration narrowing of queries, and results narrowed to what one integration fills and to
// what the query excludes (truto_exclude_fields, truto_ignore_remote_data).
import { describe, expectTypeOf, it } from "vitest";
import {
  createTrutoClient,
  type BodyFor,
  type CallOptions,
  type OperationId,
  type QueryFor,
  type RequestOptions,
  type ResultFor,
  type Schemas,
  type SuccessFor,
  type TrutoClient,
  type TrutoClientOptions,
} from "../../src/index.js";
import { ACCOUNT, TOKEN } from "../helpers/constants.js";

type Id = "crm.engagements.delete";
type Engagement = Schemas["Engagement"];
type Field = keyof Engagement;
/** The record with the fields `K` as the schema has them and every other field absent. */
type Only<K extends Field> = { [P in keyof Engagement as P extends K ? P : never]: Engagement[P] } & { [P in Exclude<Field, K>]?: undefined };
/** The record with the fields `K` absent and the others as the schema has them. */
type Without<K extends Field> = Omit<Engagement, K> & { [P in K]?: undefined };
/** What Planhat fills: every field its x-truto-support lists, and Truto's remote_data. */
type PlanhatField = "id" | "account" | "contact" | "content" | "created_at" | "custom_fields" | "engagement_type" | "owner" | "remote_data" | "start_time" | "status" | "subject";

const query = { integrated_account_id: ACCOUNT };

describe("operation ids", () => {
  it("are the keys of every public type", () => {
    expectTypeOf<OperationId>().toEqualTypeOf<"crm.engagements.delete">();
    expectTypeOf<QueryFor<Id>["integrated_account_id"]>().toEqualTypeOf<string>();
    expectTypeOf<ResultFor<Id>>().toEqualTypeOf<Promise<Engagement>>();
    // @ts-expect-error a route string is not an operation id
    expectTypeOf<QueryFor<"DELETE /unified/crm/engagements/{id}">>();
  });

  it("BodyFor is never for an operation without a request body (as types.ts documents it)", () => {
    expectTypeOf<BodyFor<Id>>().toBeNever();
  });
});

describe("without an integration: the spec's types", () => {
  const truto = createTrutoClient({ token: TOKEN });

  it("returns the Engagement, a raw payload or a stream by truto_response_format", () => {
    expectTypeOf(truto.crm.engagements.delete("1", query)).resolves.toEqualTypeOf<Engagement>();
    expectTypeOf(truto.crm.engagements.delete(1, { ...query, truto_response_format: "raw" })).resolves.toBeUnknown();
    expectTypeOf(truto.crm.engagements.delete("1", { ...query, truto_response_format: "stream" })).resolves.toEqualTypeOf<ReadableStream<Uint8Array>>();
    expectTypeOf<SuccessFor<Id>>().toEqualTypeOf<Engagement>();
  });

  it("a format not known to be one literal is refused: the answer would be a stream, a raw payload or the record", () => {
    const format = Math.random() > 0.5 ? "stream" : "unified";
    // @ts-expect-error a stream or an Engagement: the call is typed once the format is known
    truto.crm.engagements.delete("1", { ...query, truto_response_format: format });
    const raw: "raw" | "normalized" = Math.random() > 0.5 ? "raw" : "normalized";
    // @ts-expect-error a raw payload or an Engagement
    truto.crm.engagements.delete("1", { ...query, truto_response_format: raw });
    const unified: "unified" | "normalized" = Math.random() > 0.5 ? "unified" : "normalized";
    expectTypeOf(truto.crm.engagements.delete("1", { ...query, truto_response_format: unified })).resolves.toEqualTypeOf<Engagement>();
  });

  it("accepts every enum value of the spec and requires integrated_account_id", () => {
    truto.crm.engagements.delete("1", { ...query, engagement_type: "note", sort_by: "updated_at" });
    // @ts-expect-error integrated_account_id is required
    truto.crm.engagements.delete("1", { engagement_type: "call" });
    expectTypeOf<QueryFor<Id>["engagement_type"]>().toEqualTypeOf<"call" | "chat" | "email" | "meeting" | "note" | undefined>();
  });

  it("takes a Date for a date-time parameter (sent as its ISO text), and still a string", () => {
    truto.crm.engagements.delete("1", { ...query, created_at: new Date("2024-01-31T12:00:00Z"), updated_at: "2024-01-31T12:00:00Z" });
    expectTypeOf<QueryFor<Id>["created_at"]>().toEqualTypeOf<string | Date | undefined>();
    // @ts-expect-error a number is no date-time
    truto.crm.engagements.delete("1", { ...query, created_at: 1706702400000 });
  });

  it("rejects a wrong parameter name or enum value", () => {
    // @ts-expect-error no such parameter (a typo of engagement_type)
    truto.crm.engagements.delete("1", { ...query, engagement_kind: "call" });
    // @ts-expect-error no such parameter, also beside truto_exclude_fields
    truto.crm.engagements.delete("1", { ...query, truto_exclude_fields: ["status"], engagement_kind: "call" });
    // @ts-expect-error "sms" is not an engagement_type
    truto.crm.engagements.delete("1", { ...query, engagement_type: "sms" });
    // @ts-expect-error truto_exclude_fields is a string array
    truto.crm.engagements.delete("1", { ...query, truto_exclude_fields: "id" });
    // @ts-expect-error truto_ignore_remote_data is a boolean
    truto.crm.engagements.delete("1", { ...query, truto_ignore_remote_data: "true" });
    // @ts-expect-error the path parameter comes first
    truto.crm.engagements.delete({ integrated_account_id: ACCOUNT });
  });

  it("keeps openapi-fetch's typed calls", () => {
    const call = truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query } });
    expectTypeOf(call).resolves.toHaveProperty("data").toEqualTypeOf<Engagement | undefined>();
    // @ts-expect-error "sms" is not an engagement_type
    truto.DELETE("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query: { ...query, engagement_type: "sms" } } });
    // @ts-expect-error no GET on this path in the spec
    truto.GET("/unified/crm/engagements/{id}", { params: { path: { id: "1" }, query } });
  });

  // The runtime refuses, before sending, every option name a raw init does not take (README: "set
  // them on the client"); openapi-fetch's init type takes any extra key, and baseUrl.
  it("a raw call's init takes the options whose place is raw, and refuses the client's and the resource methods'", () => {
    const path = { params: { path: { id: "1" }, query } } as const;
    truto.DELETE("/unified/crm/engagements/{id}", { ...path, signal: AbortSignal.timeout(1_000), headers: { "X-Trace": "1" }, fetch: globalThis.fetch, parseAs: "text", cache: "no-store" });
    truto.request("delete", "/unified/crm/engagements/{id}", { ...path, headers: { "X-Trace": "1" } });
    // @ts-expect-error timeoutMs is set on the client
    truto.DELETE("/unified/crm/engagements/{id}", { ...path, timeoutMs: 5_000 });
    // @ts-expect-error baseUrl is set on the client (a raw init would send the token there)
    truto.DELETE("/unified/crm/engagements/{id}", { ...path, baseUrl: "https://proxy.example.com" });
    // @ts-expect-error maxRetries is set on the client
    truto.request("delete", "/unified/crm/engagements/{id}", { ...path, maxRetries: 0 });
    // @ts-expect-error integration is the client's or a resource method call's
    truto.DELETE("/unified/crm/engagements/{id}", { ...path, integration: "keap" });
    // @ts-expect-error idempotencyKey is a resource method call's
    truto.DELETE("/unified/crm/engagements/{id}", { ...path, idempotencyKey: "k-1" });
    expectTypeOf(truto.request("delete", "/unified/crm/engagements/{id}", path)).resolves.toHaveProperty("data").toEqualTypeOf<Engagement | undefined>();
  });
});

describe("with integration: \"keap\": Keap's rules in the query types", () => {
  const keap = createTrutoClient({ token: TOKEN, integration: "keap" });

  it("narrows engagement_type to Keap's values and makes it required", () => {
    keap.crm.engagements.delete("1", { ...query, engagement_type: "email" });
    // @ts-expect-error Keap allows email and meeting only
    keap.crm.engagements.delete("1", { ...query, engagement_type: "note" });
    // @ts-expect-error Keap requires engagement_type
    keap.crm.engagements.delete("1", query);
    expectTypeOf<QueryFor<Id, "keap">["engagement_type"]>().toEqualTypeOf<"email" | "meeting">();
  });

  it("leaves other parameters as the spec has them", () => {
    expectTypeOf<QueryFor<Id, "keap">["sort_by"]>().toEqualTypeOf<"created_at" | "updated_at" | undefined>();
    expectTypeOf<QueryFor<Id, "keap">["integrated_account_id"]>().toEqualTypeOf<string>();
    expectTypeOf(keap).toEqualTypeOf<TrutoClient<"keap">>();
  });

  it("narrows per integration: Planhat supports engagement_type without requiring it", () => {
    expectTypeOf<QueryFor<Id, "planhat">["engagement_type"]>().toEqualTypeOf<"call" | "chat" | "email" | "meeting" | "note" | undefined>();
    expectTypeOf<QueryFor<Id, "close">["engagement_type"]>().toEqualTypeOf<"call" | "meeting" | "note" | "email">();
    expectTypeOf<QueryFor<Id, "pipeliner">["sort_by"]>().toEqualTypeOf<"created_at" | "updated_at" | undefined>();
  });

  it("rejects an unknown integration slug", () => {
    // @ts-expect-error not an integration on Truto's page
    createTrutoClient({ token: TOKEN, integration: "hubspot" });
  });
});

describe("results narrowed to the fields one integration fills", () => {
  it("Keap fills no field of the page: a deleted engagement's id is absent (the schema requires it), remote_data keeps its type", async () => {
    const keap = createTrutoClient({ token: TOKEN, integration: "keap" });
    const deleted = await keap.crm.engagements.delete("1", { ...query, engagement_type: "email" });
    expectTypeOf(deleted.id).toEqualTypeOf<undefined>();
    // @ts-expect-error Keap does not fill id: it is not a string
    const id: string = deleted.id;
    expectTypeOf(deleted.remote_data).toEqualTypeOf<Engagement["remote_data"]>();
    expectTypeOf(deleted).branded.toEqualTypeOf<Only<"remote_data">>();
    expectTypeOf<SuccessFor<Id, "keap">>().branded.toEqualTypeOf<Only<"remote_data">>();
    return id;
  });

  it("Capsule fills id (still required) and nothing else of the page", async () => {
    const capsule = createTrutoClient({ token: TOKEN, integration: "capsule" });
    const deleted = await capsule.crm.engagements.delete("1", query);
    expectTypeOf(deleted.id).toEqualTypeOf<string>();
    expectTypeOf(deleted.status).toEqualTypeOf<undefined>();
    // @ts-expect-error Capsule does not fill status
    const status: string = deleted.status;
    expectTypeOf(deleted).branded.toEqualTypeOf<Only<"id" | "remote_data">>();
    return status;
  });

  it("Planhat keeps what it fills (status, content, …) and not what it does not (direction, …)", async () => {
    const planhat = createTrutoClient({ token: TOKEN, integration: "planhat" });
    const deleted = await planhat.crm.engagements.delete("1", query);
    expectTypeOf(deleted.status).toEqualTypeOf<string | undefined>();
    expectTypeOf(deleted.content).toEqualTypeOf<string | undefined>();
    expectTypeOf(deleted.account).toEqualTypeOf<Engagement["account"]>();
    expectTypeOf(deleted.id).toEqualTypeOf<string>();
    expectTypeOf(deleted.direction).toEqualTypeOf<undefined>();
    expectTypeOf(deleted).branded.toEqualTypeOf<Only<PlanhatField>>();
  });

  it("narrows nothing with several integrations, or none: the schema's types", () => {
    expectTypeOf<SuccessFor<Id, "keap" | "capsule">>().toEqualTypeOf<Engagement>();
    expectTypeOf<SuccessFor<Id, undefined>>().toEqualTypeOf<Engagement>();
    const either = createTrutoClient({ token: TOKEN, integration: Math.random() > 0.5 ? "keap" : "capsule" });
    expectTypeOf(either.crm.engagements.delete("1", { ...query, engagement_type: "call" })).resolves.toEqualTypeOf<Engagement>();
  });

  it("keeps the narrowing for an integrated-account-token client", () => {
    const page = createTrutoClient({ integratedAccountToken: TOKEN, integration: "capsule" });
    expectTypeOf(page.crm.engagements.delete("1", {})).resolves.branded.toEqualTypeOf<Only<"id" | "remote_data">>();
  });
});

describe("results without the fields the query leaves out", () => {
  const truto = createTrutoClient({ token: TOKEN });

  it("a literal truto_exclude_fields makes those fields absent, inferred with no annotation", () => {
    const deleted = truto.crm.engagements.delete("1", { ...query, truto_exclude_fields: ["status"] });
    expectTypeOf(deleted).resolves.branded.toEqualTypeOf<Without<"status">>();
    expectTypeOf(truto.crm.engagements.delete("1", { ...query, truto_exclude_fields: ["status", "subject"] })).resolves.branded.toEqualTypeOf<Without<"status" | "subject">>();
    // The schema's required id, excluded, is absent too.
    expectTypeOf(truto.crm.engagements.delete("1", { ...query, truto_exclude_fields: ["id"] })).resolves.toHaveProperty("id").toEqualTypeOf<undefined>();
    expectTypeOf<SuccessFor<Id, undefined, ["status"]>>().branded.toEqualTypeOf<Without<"status">>();
  });

  it("a name that is no field of the record excludes nothing (it is still accepted)", () => {
    expectTypeOf(truto.crm.engagements.delete("1", { ...query, truto_exclude_fields: ["name"] })).resolves.branded.toEqualTypeOf<Engagement>();
  });

  it("truto_ignore_remote_data: true removes remote_data; false keeps it", () => {
    expectTypeOf(truto.crm.engagements.delete("1", { ...query, truto_ignore_remote_data: true })).resolves.branded.toEqualTypeOf<Without<"remote_data">>();
    expectTypeOf(truto.crm.engagements.delete("1", { ...query, truto_ignore_remote_data: false })).resolves.toEqualTypeOf<Engagement>();
  });

  it("both, with one integration: Planhat's fields without status and remote_data", async () => {
    const planhat = createTrutoClient({ token: TOKEN, integration: "planhat" });
    const deleted = await planhat.crm.engagements.delete("1", { ...query, truto_exclude_fields: ["status"], truto_ignore_remote_data: true });
    expectTypeOf(deleted.status).toEqualTypeOf<undefined>();
    expectTypeOf(deleted.remote_data).toEqualTypeOf<undefined>();
    expectTypeOf(deleted).branded.toEqualTypeOf<Only<Exclude<PlanhatField, "status" | "remote_data">>>();
  });

  it("a string[] that is not a literal excludes nothing: what it holds is not known", () => {
    const fields: string[] = ["status"];
    expectTypeOf(truto.crm.engagements.delete("1", { ...query, truto_exclude_fields: fields })).resolves.toEqualTypeOf<Engagement>();
    expectTypeOf<SuccessFor<Id, undefined, string[]>>().toEqualTypeOf<Engagement>();
  });

  it("a boolean that is not a literal keeps remote_data: it may be there", () => {
    const ignore: boolean = Math.random() > 0.5;
    expectTypeOf(truto.crm.engagements.delete("1", { ...query, truto_ignore_remote_data: ignore })).resolves.toEqualTypeOf<Engagement>();
  });

  it("the method's ReturnType is the schema's record (no exclusion, no integration)", () => {
    expectTypeOf<Awaited<ReturnType<typeof truto.crm.engagements.delete>>>().toEqualTypeOf<Engagement>();
  });
});

describe("integrated account tokens: integrated_account_id optional in the types", () => {
  it("an account-token client may leave it out; an API-token client may not", () => {
    const page = createTrutoClient({ integratedAccountToken: async () => TOKEN });
    expectTypeOf(page.crm.engagements.delete("1", {})).resolves.toEqualTypeOf<Engagement>();
    page.crm.engagements.delete("1", query);
    expectTypeOf<QueryFor<Id, undefined, true>["integrated_account_id"]>().toEqualTypeOf<string | undefined>();
    const server = createTrutoClient({ token: () => TOKEN });
    // @ts-expect-error an API token needs integrated_account_id
    server.crm.engagements.delete("1", {});
  });

  it("keeps the integration's rules, and takes exactly one token option", () => {
    const keap = createTrutoClient({ integratedAccountToken: TOKEN, integration: "keap" });
    keap.crm.engagements.delete("1", { engagement_type: "email" });
    // @ts-expect-error Keap requires engagement_type
    keap.crm.engagements.delete("1", {});
    // @ts-expect-error both tokens
    createTrutoClient({ token: TOKEN, integratedAccountToken: TOKEN });
    // @ts-expect-error neither token
    createTrutoClient({ baseUrl: "https://api.truto.one" });
  });
});

// The runtime checks a call by its own `integration` option when it gives one (README: client,
// call): the types of that call are that integration's too, not the client's.
describe("a call's own integration option", () => {
  const keap = createTrutoClient({ token: TOKEN, integration: "keap" });
  const truto = createTrutoClient({ token: TOKEN });

  it("on a client made for another integration: the call's rules and fields, not the client's", () => {
    const removed = keap.crm.engagements.delete("1", query, { integration: "capsule" });
    expectTypeOf(removed).resolves.branded.toEqualTypeOf<Only<"id" | "remote_data">>();
    // @ts-expect-error Close allows call, meeting, note and email (the client's Keap would take only email and meeting)
    keap.crm.engagements.delete("1", { ...query, engagement_type: "chat" }, { integration: "close" });
    keap.crm.engagements.delete("1", { ...query, engagement_type: "note" }, { integration: "close" });
  });

  it("on a client without one: that integration's rules and fields", () => {
    // @ts-expect-error Keap requires engagement_type (refused before sending)
    truto.crm.engagements.delete("1", query, { integration: "keap" });
    const deleted = truto.crm.engagements.delete("1", { ...query, engagement_type: "email" }, { integration: "keap" });
    expectTypeOf(deleted).resolves.branded.toEqualTypeOf<Only<"remote_data">>();
    expectTypeOf(truto.crm.engagements.delete("1", { ...query, engagement_type: "email", truto_response_format: "stream" }, { integration: "keap" })).resolves.toEqualTypeOf<ReadableStream<Uint8Array>>();
  });

  it("undefined, or an options object not known to hold one literal integration, keeps the client's", () => {
    // @ts-expect-error undefined is not given: Keap's rules still apply
    keap.crm.engagements.delete("1", query, { integration: undefined, timeoutMs: 1_000 });
    const shared: CallOptions = { timeoutMs: 1_000 };
    // @ts-expect-error Keap requires engagement_type
    keap.crm.engagements.delete("1", query, shared);
    expectTypeOf(keap.crm.engagements.delete("1", { ...query, engagement_type: "email" }, shared)).resolves.branded.toEqualTypeOf<Only<"remote_data">>();
    expectTypeOf<Awaited<ReturnType<typeof keap.crm.engagements.delete>>>().branded.toEqualTypeOf<Only<"remote_data">>();
  });
});

describe("integration unions and option types", () => {
  it("narrows nothing for a union of integrations (a call must satisfy the spec, not one of them)", () => {
    expectTypeOf<QueryFor<Id, "keap" | "close">["engagement_type"]>().toEqualTypeOf<"call" | "chat" | "email" | "meeting" | "note" | undefined>();
  });

  it("accepts options typed as TrutoClientOptions, keeping integrated_account_id required", () => {
    const options: TrutoClientOptions = Math.random() > 0.5 ? { token: TOKEN } : { integratedAccountToken: TOKEN };
    const truto = createTrutoClient(options);
    // @ts-expect-error not known to be an account-token client
    truto.crm.engagements.delete("1", {});
  });

  it("a call's options and the client's are those the options table gives each (the runtime refuses the others)", () => {
    const truto = createTrutoClient({ token: TOKEN });
    truto.crm.engagements.delete("1", query, { timeoutMs: 5_000, signal: AbortSignal.timeout(1_000) });
    // @ts-expect-error the delete declares no Idempotency-Key header: the runtime refuses the option before sending
    truto.crm.engagements.delete("1", query, { idempotencyKey: "k-1" });
    // An options object typed CallOptions (shared between calls) is still accepted.
    const shared: CallOptions = { timeoutMs: 5_000 };
    truto.crm.engagements.delete("1", query, shared);
    // @ts-expect-error baseUrl is set on the client only
    truto.crm.engagements.delete("1", query, { baseUrl: "https://proxy.example.com" });
    // @ts-expect-error a token is the client's
    truto.crm.engagements.delete("1", query, { token: TOKEN });
    // @ts-expect-error a key names one call, never a client
    createTrutoClient({ token: TOKEN, idempotencyKey: "k-1" });
    // @ts-expect-error a signal is per call
    createTrutoClient({ token: TOKEN, signal: AbortSignal.timeout(1_000) });
  });

  it("RequestOptions: every option both a client and a call take, from the options table", () => {
    expectTypeOf<keyof RequestOptions>().toEqualTypeOf<"integration" | "maxRetries" | "timeoutMs" | "retryNonIdempotent" | "onRetry" | "unsupportedParameters" | "headers">();
  });
});
