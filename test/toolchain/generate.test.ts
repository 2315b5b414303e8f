// npm run generate is deterministic and what is committed in generated/ is what it writes.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { GENERATED_PREFIX } from "../../scripts/lib/generated-header.js";
import { renderGenerated } from "../../scripts/lib/render.js";
import { buildFixtureApi } from "../helpers/fixture-api.js";

describe("generate", () => {
  it("renders byte-identical files on two runs, equal to the committed generated/", async () => {
    const first = await renderGenerated();
    const second = await renderGenerated();
    expect(Object.keys(first)).toEqual(["openapi.json", "schema.d.ts", "support.ts", "endpoints.ts", "mock.ts", "README.md"]);
    for (const [name, content] of Object.entries(first)) {
      expect(second[name], name).toBe(content);
      expect(await readFile(`generated/${name}`, "utf8"), `generated/${name} is stale: run npm run generate`).toBe(content);
    }
  });

  it("marks every generated file as generated, naming the source and the command", async () => {
    const files = await renderGenerated();
    const header = `${GENERATED_PREFIX} from openapi/openapi.yaml (npm run generate). Do not edit.`;
    for (const name of ["schema.d.ts", "support.ts", "endpoints.ts"]) {
      expect(files[name]!.split("\n")[0], name).toBe(`// ${header}`);
    }
    expect(JSON.parse(files["openapi.json"]!)["x-generated"]).toBe(header);
    expect(Object.keys(JSON.parse(files["openapi.json"]!))[0]).toBe("x-generated");
    expect(files["README.md"]).toContain("DO NOT EDIT FILES IN THIS DIRECTORY");
  });

  it("derives the support table and endpoint map from the extensions", async () => {
    const { parameterSupport, fieldSupport, integrations } = await import("../../generated/support.js");
    const { endpoints, operations } = await import("../../generated/endpoints.js");
    expect(endpoints).toEqual({ crm: { engagements: { delete: "DELETE /unified/crm/engagements/{id}" } } });
    const support = parameterSupport["crm.engagements.delete"];
    expect(support.engagement_type.keap).toEqual({ required: true, values: ["email", "meeting"] });
    expect(support.integrated_account_id).toBe("all");
    expect(support.direction).toEqual({});
    expect(fieldSupport["crm.engagements.delete"].id).toEqual({ capsule: {}, copper: {}, mondaycrm: {}, pipedrive: {}, pipeliner: {}, planhat: {}, zohocrm: {} });
    expect(Object.keys(fieldSupport["crm.engagements.delete"])).toHaveLength(22);
    expect(integrations.zohocrm).toEqual({ name: "Zoho CRM" });
    const route = operations["DELETE /unified/crm/engagements/{id}"];
    expect(route.pathParams).toEqual(["id"]);
    expect(route.query.integrated_account_id).toEqual({ required: true, format: "uuid" });
    expect(route.query.sort_by).toEqual({ enum: ["created_at", "updated_at"] });
  });

  it("merges path-item parameters into each operation and allOf request bodies into one object (fixture API)", async () => {
    const api = await buildFixtureApi();
    try {
      const { operations } = await api.load("generated/endpoints.ts");
      expect(operations["GET /unified/fixture/tickets/{id}"]).toEqual({
        operationId: "fixture.tickets.get",
        pathParams: ["id"],
        query: { integrated_account_id: { required: true, format: "uuid" } },
        status: 200,
      });
      expect(operations["POST /unified/fixture/tickets/merge"].body).toEqual({
        required: true,
        type: "object",
        properties: { id: { required: true, type: "string" }, other_ids: { required: true, type: "array" } },
      });
    } finally {
      await api.remove();
    }
  });
});
