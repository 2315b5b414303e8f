// truto-crm-openapi/support on the real spec's tables: supportFor and whoSupports answer from the
// generated tables exactly (no second source), and name what they refuse.
import { describe, expect, it } from "vitest";
import { bodySupport, fieldSupport, integrations, parameterSupport } from "../../generated/support.js";
import { supportFor, whoSupports } from "../../src/support.js";

const DELETE = "crm.engagements.delete";

describe("supportFor", () => {
  it("Keap on the delete: engagement_type required with its values, no path parameter, body or result field", () => {
    expect(supportFor("keap")[DELETE]).toEqual({ path: {}, query: { engagement_type: { required: true, values: ["email", "meeting"] } }, body: {}, result: [] });
  });

  it("Capsule fills only id; Planhat its ten fields and more, in the schema's order, Truto's own (remote_data) left out", () => {
    expect(supportFor("capsule")[DELETE]).toEqual({ path: {}, query: {}, body: {}, result: ["id"] });
    const planhat = supportFor("planhat")[DELETE];
    expect(planhat.result).toEqual(["id", "account", "contact", "content", "created_at", "custom_fields", "engagement_type", "owner", "start_time", "status", "subject"]);
    expect(planhat.query).toEqual({ engagement_type: {}, content: {}, subject: {}, created_at: {}, status: {}, account: {}, contact: {} });
  });

  it("is the tables, read per integration, for every integration and operation", () => {
    for (const slug of Object.keys(integrations) as (keyof typeof integrations)[]) {
      const answer = supportFor(slug)[DELETE];
      const supported = (table: Record<string, unknown>) => Object.entries(table).filter(([, support]) => support !== "all" && Object.hasOwn(support as object, slug));
      expect(Object.keys({ ...answer.path, ...answer.query }), slug).toEqual(supported(parameterSupport[DELETE]).map(([name]) => name));
      for (const [name, support] of supported(parameterSupport[DELETE])) expect({ ...answer.path, ...answer.query }[name as never], `${slug} ${name}`).toBe((support as Record<string, unknown>)[slug]);
      expect(answer.result, slug).toEqual(supported(fieldSupport[DELETE]).map(([name]) => name).filter((name) => !name.includes(".")));
    }
    expect(bodySupport).toEqual({});
  });

  it("refuses an unknown integration, naming the known ones", () => {
    expect(() => supportFor("hubspot" as never)).toThrow(new TypeError(`supportFor: unknown integration "hubspot"; expected one of: ${Object.keys(integrations).join(", ")}`));
    expect(() => supportFor(3 as never)).toThrow(/^supportFor: unknown integration number;/);
  });
});

describe("whoSupports", () => {
  it("answers the slug -> entry map of a parameter or result field, exactly the table's", () => {
    expect(whoSupports(DELETE, "query", "engagement_type")).toBe(parameterSupport[DELETE].engagement_type);
    expect(whoSupports(DELETE, "query", "sort_by")).toEqual({ pipeliner: {} });
    expect(whoSupports(DELETE, "path", "id")).toEqual({});
    expect(whoSupports(DELETE, "result", "id")).toEqual({ capsule: {}, copper: {}, mondaycrm: {}, pipedrive: {}, pipeliner: {}, planhat: {}, zohocrm: {} });
  });

  it('answers "all" for Truto\'s own parameters and fields', () => {
    expect(whoSupports(DELETE, "query", "integrated_account_id")).toBe("all");
    expect(whoSupports(DELETE, "result", "remote_data")).toBe("all");
  });

  it("refuses what the operation does not have at that location, naming what it has", () => {
    expect(() => whoSupports(DELETE, "query", "id" as never)).toThrow(
      new TypeError(`whoSupports: ${DELETE} has no query parameter "id"; it has: ${Object.keys(parameterSupport[DELETE]).filter((name) => name !== "id").join(", ")}`),
    );
    expect(() => whoSupports(DELETE, "path", "engagement_type" as never)).toThrow(new TypeError(`whoSupports: ${DELETE} has no path parameter "engagement_type"; it has: id`));
    expect(() => whoSupports(DELETE, "body", "subject" as never)).toThrow(new TypeError(`whoSupports: ${DELETE} has no body field "subject"; it has: none`));
    expect(() => whoSupports(DELETE, "result", "colour" as never)).toThrow(/^whoSupports: crm\.engagements\.delete has no result field "colour"; it has: id, account, /);
    expect(() => whoSupports("crm.contacts.list" as never, "query", "x" as never)).toThrow(new TypeError(`whoSupports: unknown operation "crm.contacts.list"; expected one of: ${DELETE}`));
    expect(() => whoSupports(DELETE, "headers" as never, "x" as never)).toThrow(new TypeError('whoSupports: location must be one of path, query, body, result; got "headers"'));
  });
});
