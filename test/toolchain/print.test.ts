// printModule's literals: what a generated table holds is what the data held, whatever the keys.
import { describe, expect, it } from "vitest";
import { emitEndpoints } from "../../scripts/lib/emit-endpoints.js";
import type { OperationModel, ParameterModel } from "../../scripts/lib/model.js";
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
  const operation = (operationId: string, parameters: ParameterModel[] = []): OperationModel => ({
    operationId,
    summary: "A thing",
    method: "GET",
    path: "/unified/crm/things",
    parameters,
    success: { status: 200 },
    mock: { kind: "list", resource: "/unified/crm/things", reply: "example" },
  });
  const emit = (...operations: OperationModel[]) => emitEndpoints({ integrations: {}, resources: {}, operations }, "x.yaml");

  it("keeps a query parameter named __proto__ in the operation's table", () => {
    const param = (name: string): ParameterModel => ({ name, in: "query", required: false, schema: {}, rule: { format: "uuid" }, support: {} });
    expect(emit(operation("crm.things.list", [param("__proto__"), param("kind")]))).toContain('query: { ["__proto__"]: { format: "uuid" }, kind: { format: "uuid" } },');
  });

  it("takes names every object inherits (constructor) as methods and namespaces", () => {
    const printed = emit(operation("crm.constructor.archive"), operation("crm.things.constructor"));
    expect(printed.slice(printed.indexOf("export const endpoints"), printed.indexOf(" as const satisfies EndpointTree;"))).toBe(
      'export const endpoints = {\n  crm: {\n    constructor: { archive: "crm.constructor.archive" },\n    things: { constructor: "crm.things.constructor" },\n  },\n}',
    );
  });

  it("still refuses an operationId used twice, or a method that is also a namespace", () => {
    expect(() => emit(operation("crm.things.get"), operation("crm.things.get"))).toThrow('operationId "crm.things.get" is used twice, or "get" is also a namespace');
    expect(() => emit(operation("crm.things"), operation("crm.things.get"))).toThrow('operationId "crm.things.get" uses "things" as a namespace and as a method');
  });
});
