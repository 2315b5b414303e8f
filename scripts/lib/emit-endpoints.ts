// Prints generated/endpoints.ts from the model: the resource-method tree and, per operation, what
// the client needs to make the call.
import type { EndpointTree, Operation, ValueRule } from "../../src/model.js";
import type { ApiModel, OperationModel } from "./model.js";
import { printModule } from "./print.js";

export function emitEndpoints(model: ApiModel, source: string): string {
  const endpoints: Record<string, unknown> = Object.create(null);
  for (const { operationId } of model.operations) addMethod(endpoints, operationId);
  const operations = Object.fromEntries(model.operations.map((op) => [op.operationId, operationEntry(op)]));
  return printModule(source, [
    { doc: "Resource methods, Octokit-style: namespace -> method -> operationId (its dotted name).", name: "endpoints", value: endpoints, satisfies: "EndpointTree" },
    { doc: "Per operationId, what a call needs (see Operation in src/model.ts).", name: "operations", value: operations, satisfies: "OperationTable" },
  ]);
}

function operationEntry(op: OperationModel): Operation {
  // fromEntries makes every name an own property (an assignment of `__proto__` would not).
  const query: Record<string, ValueRule> = Object.fromEntries(op.parameters.filter((param) => param.in === "query").map((param) => [param.name, param.rule]));
  const body = op.body && {
    ...(op.body.required ? { required: true as const } : {}),
    ...(op.body.type ? { type: op.body.type } : {}),
    properties: Object.fromEntries(op.body.fields.map((field) => [field.name, field.rule])),
    ...(op.body.closed ? { closed: true as const } : {}),
  };
  return {
    method: op.method,
    path: op.path,
    pathParams: op.parameters.filter((p) => p.in === "path").map((p) => p.name),
    query,
    ...(body ? { body } : {}),
    status: op.success.status,
    ...(op.records ? { records: op.records.at } : {}),
    ...(op.pages ? { pages: op.pages } : {}),
    ...(op.idempotencyKey ? { idempotencyKey: op.idempotencyKey } : {}),
  };
}

/** "crm.engagements.delete" -> endpoints.crm.engagements.delete = "crm.engagements.delete". */
function addMethod(tree: Record<string, unknown>, operationId: string): EndpointTree {
  const names = operationId.split(".");
  if (names.length < 2) throw new Error(`operationId "${operationId}" must be dotted, e.g. "crm.engagements.delete"`);
  let node = tree;
  for (const name of names.slice(0, -1)) {
    // Objects without a prototype: `??=` and `in` then see no inherited name such as `constructor`.
    node = (node[name] ??= Object.create(null)) as Record<string, unknown>;
    if (typeof node !== "object") throw new Error(`operationId "${operationId}" uses "${name}" as a namespace and as a method`);
  }
  const method = names[names.length - 1]!;
  if (method in node) throw new Error(`operationId "${operationId}" is used twice, or "${method}" is also a namespace`);
  node[method] = operationId;
  return tree as EndpointTree;
}
