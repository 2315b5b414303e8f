// printModule's literals: what a generated table holds is what the data held, whatever the keys.
import { describe, expect, it } from "vitest";
import { emitEndpoints } from "../../scripts/lib/emit-endpoints.js";
import type { ApiModel, ParameterModel } from "../../scripts/lib/model.js";
import { tsLiteral } from "../../scripts/lib/print.js";

describe("tsLiteral", () => {
  it("prints identifiers bare, other keys quoted, and __proto__ computed so that it stays an own entry", () => {
    const value = Object.fromEntries([["id", 1], ["a-b", 2], ["__proto__", 3]]);
    const printed = tsLiteral(value);
    expect(printed).toBe('{ id: 1, "a-b": 2, ["__proto__"]: 3 }');
    expect(Object.entries(new Function(`return ${printed}`)())).toEqual([["id", 1], ["a-b", 2], ["__proto__", 3]]);
  });
});

describe("emitEndpoints", () => {
  it("keeps a query parameter named __proto__ in the operation's table", () => {
    const param = (name: string): ParameterModel => ({ name, in: "query", required: false, schema: {}, rule: { format: "uuid" }, support: {} });
    const model: ApiModel = {
      integrations: {},
      resources: {},
      operations: [
        {
          operationId: "crm.things.list",
          summary: "List things",
          method: "GET",
          path: "/unified/crm/things",
          parameters: [param("__proto__"), param("kind")],
          success: { status: 200 },
          mock: { kind: "list", resource: "/unified/crm/things", reply: "example" },
        },
      ],
    };
    expect(emitEndpoints(model, "x.yaml")).toContain('query: { ["__proto__"]: { format: "uuid" }, kind: { format: "uuid" } },');
  });
});
