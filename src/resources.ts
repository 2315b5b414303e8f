// Resource methods (truto.crm.engagements.delete(...)): a loop over the generated endpoint map.
import { operations } from "../generated/endpoints.js";
import type { CallOptions, Route } from "./types.js";

export type CallResource = (route: Route, path: Record<string, unknown>, query: unknown, options: CallOptions | undefined) => Promise<unknown>;

type Tree = { readonly [name: string]: string | Tree };

/** Mirrors the endpoint map: each "METHOD /path" leaf becomes a function calling `call`. */
export function buildResources(tree: Tree, call: CallResource): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, node] of Object.entries(tree)) {
    out[name] = typeof node === "string" ? resourceMethod(node as Route, call) : buildResources(node, call);
  }
  return out;
}

/** Positional path parameters (in path order), then the query object, then call options. */
function resourceMethod(route: Route, call: CallResource) {
  const names: readonly string[] = operations[route].pathParams;
  return (...args: unknown[]) => {
    const path: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) path[names[i]!] = args[i];
    return call(route, path, args[names.length], args[names.length + 1] as CallOptions | undefined);
  };
}
