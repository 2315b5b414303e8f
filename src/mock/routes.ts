// The mock's routes, from the generated tables only: generated/endpoints.ts (what the client knows:
// path parameters, success status, pages, idempotency) and generated/mock.ts (kind, resource and
// JSON schemas). Nothing here is written per endpoint, and the spec is never read at run time.
import { operations, type Operation } from "../../generated/endpoints.js";
import { mockOperations, type MockOperation } from "../../generated/mock.js";

/** One operation as the mock serves it (`route` is the "METHOD /path" key of both tables). */
export interface MockRoute {
  route: keyof typeof operations;
  method: string;
  template: string;
  operation: Operation;
  mock: MockOperation;
  /** Matches a raw (still percent-encoded) request path; groups are the path parameters in order. */
  pattern: RegExp;
}

const TEMPLATE_PARAM = /\{[^{}]+\}/g;

/** The one place the mock turns a path template into a matcher: each `{name}` is one segment. */
export function templatePattern(template: string): RegExp {
  const parts = template.split(TEMPLATE_PARAM).map((literal) => literal.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&"));
  return new RegExp(`^${parts.join("([^/]+)")}$`);
}

/** Every route; literal paths first, so `/tickets/merge` wins over `/tickets/{id}`. */
export function loadRoutes(): MockRoute[] {
  const routes = Object.entries(operations).map(([route, operation]) => {
    const at = route.indexOf(" ");
    const template = route.slice(at + 1);
    const mock = (mockOperations as Record<string, MockOperation>)[route];
    if (!mock) throw new Error(`createMockTruto: generated/mock.ts has no entry for ${route}: run npm run generate`);
    return { route: route as keyof typeof operations, method: route.slice(0, at), template, operation: operation as Operation, mock, pattern: templatePattern(template) };
  });
  const params = (route: MockRoute) => route.operation.pathParams.length;
  return routes.sort((a, b) => params(a) - params(b));
}
