// Prints generated/mock.ts from the model: what the mock Truto (src/mock/) needs beyond
// generated/endpoints.ts, so that it never reads the spec at run time. Only src/mock imports this
// file: the client bundle never carries these schemas.
import type { JsonSchema, MockOperation } from "../../src/model.js";
import type { ApiModel, ParameterModel } from "./model.js";
import { printModule } from "./print.js";

export function emitMock(model: ApiModel, source: string): string {
  const operations = Object.fromEntries(model.operations.map((op): [string, MockOperation] => {
    const at = (where: ParameterModel["in"]) => op.parameters.filter((p) => p.in === where);
    return [
      op.operationId,
      {
        ...op.mock,
        path: objectSchema(at("path")),
        query: objectSchema(at("query")),
        ...(op.body ? { body: op.body.schema, bodyRequired: op.body.required } : {}),
        // Only an "example" reply is built from the success schema; records and pages come from the store.
        ...(op.mock.reply === "example" && op.success.schema ? { response: op.success.schema } : {}),
      },
    ];
  }));
  return printModule(source, [
    { doc: "Per operationId: the mock's view of the operation (see MockOperation in src/model.ts).", name: "mockOperations", value: operations, satisfies: "MockOperationTable" },
    { doc: "Per resource collection path: the schema of its stored records.", name: "mockResources", value: model.resources, satisfies: "MockResourceTable" },
  ]);
}

function objectSchema(parameters: ParameterModel[]): JsonSchema {
  const required = parameters.filter((p) => p.required).map((p) => p.name);
  return { type: "object", properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])), ...(required.length > 0 ? { required } : {}) };
}
