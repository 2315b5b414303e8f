// The mock's routes, from the generated tables only: generated/endpoints.ts (what the client knows:
// method, path, path parameters, success status, records, pages, idempotency) and generated/mock.ts
// (kind, resource and JSON schemas). Nothing here is written per endpoint.
import { operations } from "../../generated/endpoints.js";
import { mockOperations } from "../../generated/mock.js";
import type { MockOperation, Operation } from "../model.js";

/** One operation as the mock serves it. */
export interface MockRoute {
  operationId: string;
  operation: Operation;
  mock: MockOperation;
  /** Matches a raw (still percent-encoded) request path; groups are the path parameters in order. */
  pattern: RegExp;
}

const TEMPLATE_PARAM = /\{[^{}]+\}/g;

/** Each `{name}` of a path template is one segment. */
function templatePattern(template: string): RegExp {
  const parts = template.split(TEMPLATE_PARAM).map((literal) => literal.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&"));
  return new RegExp(`^${parts.join("([^/]+)")}$`);
}

/** Every route; literal paths first, so `/tickets/merge` wins over `/tickets/{id}`. */
export function loadRoutes(): MockRoute[] {
  const routes = Object.entries(operations as Record<string, Operation>).map(([operationId, operation]) => {
    const mock = (mockOperations as Record<string, MockOperation>)[operationId];
    if (!mock) throw new Error(`createMockTruto: generated/mock.ts has no entry for ${operationId}: run npm run generate`);
    return { operationId, operation, mock, pattern: templatePattern(operation.path) };
  });
  return routes.sort((a, b) => a.operation.pathParams.length - b.operation.pathParams.length);
}
