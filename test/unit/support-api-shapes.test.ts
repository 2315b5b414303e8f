// truto-crm-openapi/support on every shape of the fixture API (its tables in place of generated/,
// through vi.mock): body fields per integration, records inside list envelopes and custom methods'
// { result }, and path parameters apart from query parameters.
import { afterAll, describe, expect, it, vi } from "vitest";
import { removeFixtureGenerated } from "../helpers/fixture-api.js";

vi.mock("../../generated/endpoints.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("endpoints.ts"));
vi.mock("../../generated/support.js", async () => (await import("../helpers/fixture-api.js")).fixtureGenerated("support.ts"));
const { supportFor, whoSupports } = await import("../../src/support.js");
afterAll(removeFixtureGenerated);

const TICKET_FIELDS = { acme: ["id", "subject", "priority"], globex: ["id", "subject", "priority", "due_at"], initech: ["id"] } as const;

describe("supportFor on the fixture API", () => {
  it.each(Object.entries(TICKET_FIELDS))("%s: the ticket fields it fills, for every operation that answers tickets", (slug, fields) => {
    const support = supportFor(slug as never) as Record<string, { result: readonly string[] }>;
    for (const id of ["fixture.tickets.list", "fixture.tickets.get", "fixture.tickets.create", "fixture.tickets.update", "fixture.tickets.delete", "fixture.tickets.merge"]) {
      expect(support[id]!.result, `${slug} ${id}`).toEqual(fields);
    }
    // 204: no records.
    expect(support["fixture.tickets.archive"]!.result).toEqual([]);
  });

  it("splits body fields, path and query parameters per integration, entries as the spec gives them", () => {
    const acme = supportFor("acme" as never) as Record<string, { path: object; query: object; body: object }>;
    expect(acme["fixture.tickets.create"]!.body).toEqual({ subject: { required: true }, priority: { values: ["low", "high"] } });
    expect(acme["fixture.tickets.list"]!.query).toEqual({ priority: { values: ["low", "high"] } });
    const globex = supportFor("globex" as never) as Record<string, { path: object; query: object; body: object }>;
    expect(globex["fixture.tickets.create"]!.body).toEqual({ subject: {}, priority: { required: true, values: ["low", "normal", "high"] }, due_at: {} });
    expect(globex["fixture.tickets.list"]!.query).toEqual({ priority: {}, owner: { required: true } });
    expect(globex["fixture.tickets.get"]!.path).toEqual({});
  });
});

describe("whoSupports on the fixture API", () => {
  it("reads body fields, record fields inside envelopes, and Truto's own envelope parameters", () => {
    expect(whoSupports("fixture.tickets.create" as never, "body" as never, "priority" as never)).toEqual({ acme: { values: ["low", "high"] }, globex: { required: true, values: ["low", "normal", "high"] } });
    expect(whoSupports("fixture.tickets.list" as never, "result" as never, "due_at" as never)).toEqual({ globex: {} });
    expect(whoSupports("fixture.tickets.list" as never, "query" as never, "next_cursor" as never)).toBe("all");
    expect(whoSupports("fixture.tickets.get" as never, "path" as never, "id" as never)).toEqual({});
  });
});
