// The mock's view of the spec: generated/openapi.json loaded at run time, its operations turned
// into routes with resolved parameters. Nothing here is written per endpoint.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: "path" | "query";
  required?: boolean;
  schema?: Schema;
}

export interface Route {
  method: string;
  template: string;
  operationId: string;
  /** Matches a request path; groups are the path parameters, in `pathParams` order. */
  pattern: RegExp;
  pathParams: string[];
  parameters: Parameter[];
  /** The 200 JSON body schema, $refs resolved. */
  body: Schema | undefined;
}

/** generated/openapi.json sits at the package root: found from src/mock/ and from dist/src/mock/. */
function findSpec(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++, dir = dirname(dir)) {
    const candidate = join(dir, "generated", "openapi.json");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("createMockTruto: generated/openapi.json not found above " + fileURLToPath(import.meta.url));
}

export function loadRoutes(): Route[] {
  const spec = JSON.parse(readFileSync(findSpec(), "utf8")) as Schema;
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (node === null || typeof node !== "object") return node;
    const { $ref, ...rest } = node as Schema;
    // Keys beside a $ref (description, x-truto-*) win over the target's, as in OpenAPI 3.1.
    const target = typeof $ref === "string" ? (resolve($ref.slice(2).split("/").reduce((at: any, key) => at[key], spec)) as Schema) : {};
    return Object.fromEntries(Object.entries({ ...target, ...rest }).map(([key, value]) => [key, resolve(value)]));
  };
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(spec.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, raw] of Object.entries(item)) {
      const operation = resolve(raw) as { operationId: string; parameters?: Parameter[]; responses: Record<string, Schema> };
      const pathParams = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
      const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "([^/]+)");
      const ok = operation.responses["200"] as { content?: Record<string, { schema?: Schema }> } | undefined;
      routes.push({
        method: method.toUpperCase(),
        template,
        operationId: operation.operationId,
        pattern: new RegExp(`^${source}$`),
        pathParams,
        parameters: operation.parameters ?? [],
        body: ok?.content?.["application/json"]?.schema,
      });
    }
  }
  return routes;
}
