// Type tests of truto-crm-openapi/support: operation ids, slugs, locations and names autocomplete
// (anything else is a compile error), and the answers are literal.
import { describe, expectTypeOf, it } from "vitest";
import { supportFor, whoSupports } from "../../src/support.js";

describe("supportFor", () => {
  it("types Keap's delete literally", () => {
    const keap = supportFor("keap")["crm.engagements.delete"];
    expectTypeOf(keap.query).toEqualTypeOf<{ readonly engagement_type: { readonly required: true; readonly values: readonly ["email", "meeting"] } }>();
    expectTypeOf(keap.path).toEqualTypeOf<{}>();
    expectTypeOf(keap.body).toEqualTypeOf<{}>();
    expectTypeOf(keap.result).toEqualTypeOf<readonly never[]>();
  });

  it("types the result fields an integration fills as their names", () => {
    expectTypeOf(supportFor("capsule")["crm.engagements.delete"].result).toEqualTypeOf<readonly "id"[]>();
    expectTypeOf(supportFor("planhat")["crm.engagements.delete"].result).items.toEqualTypeOf<
      "id" | "account" | "contact" | "content" | "created_at" | "custom_fields" | "engagement_type" | "owner" | "start_time" | "status" | "subject"
    >();
    expectTypeOf(supportFor("pipeliner")["crm.engagements.delete"].query).toEqualTypeOf<{
      readonly engagement_type: { readonly required: true; readonly values: readonly ["call", "email"] };
      readonly sort_by: {};
    }>();
  });

  // supportFor(slug) answers one integration's support: for a slug typed as several, the answer is
  // one of theirs, never a merge (Keap's engagement_type typed present for Capsule's answer, which
  // has none).
  it("types a slug that may be several integrations as one of their answers", () => {
    const slug = Math.random() > 0.5 ? "keap" : "capsule";
    const answer = supportFor(slug)["crm.engagements.delete"];
    expectTypeOf(answer.query).toEqualTypeOf<{ readonly engagement_type: { readonly required: true; readonly values: readonly ["email", "meeting"] } } | {}>();
    // @ts-expect-error Capsule's answer has no engagement_type: narrow first ("engagement_type" in answer.query)
    void answer.query.engagement_type.values;
    expectTypeOf(answer.result).toEqualTypeOf<readonly never[] | readonly "id"[]>();
    if ("engagement_type" in answer.query) expectTypeOf(answer.query.engagement_type.values).toEqualTypeOf<readonly ["email", "meeting"]>();
  });

  it("refuses an unknown slug and operation id", () => {
    // @ts-expect-error not an integration of the spec
    supportFor("hubspot");
    // @ts-expect-error not an operation of the spec
    void supportFor("keap")["crm.contacts.list"];
  });
});

describe("whoSupports", () => {
  it("answers the table's entry, literally", () => {
    expectTypeOf(whoSupports("crm.engagements.delete", "query", "sort_by")).toEqualTypeOf<{ readonly pipeliner: {} }>();
    expectTypeOf(whoSupports("crm.engagements.delete", "query", "integrated_account_id")).toEqualTypeOf<"all">();
    expectTypeOf(whoSupports("crm.engagements.delete", "path", "id")).toEqualTypeOf<{}>();
    expectTypeOf(whoSupports("crm.engagements.delete", "result", "remote_data")).toEqualTypeOf<"all">();
  });

  it("takes only names of that location", () => {
    // @ts-expect-error id is a path parameter, not a query parameter
    whoSupports("crm.engagements.delete", "query", "id");
    // @ts-expect-error engagement_type is a query parameter
    whoSupports("crm.engagements.delete", "path", "engagement_type");
    // @ts-expect-error the delete has no body
    whoSupports("crm.engagements.delete", "body", "subject");
    // @ts-expect-error not a location
    whoSupports("crm.engagements.delete", "headers", "x");
  });
});
