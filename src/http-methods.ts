// openapi-fetch-style calls (truto.DELETE(url, init), truto.request(method, url, init)): a thin
// adapter over call.ts. A path of the spec gets its operation's checks and Idempotency-Key; any
// other path is sent unchecked. The answer is openapi-fetch's { data, error, response }.
import { operations } from "../generated/endpoints.js";
import { callRaw, type CallRequest, type ClientContext, type RawResult } from "./call.js";
import { TrutoValidationError } from "./errors.js";
import { describe } from "./messages.js";
import type { Operation } from "./model.js";
import { OPTIONS } from "./options.js";

const HTTP_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
const OPTION_NAMES = Object.keys(OPTIONS);

type Init = { params?: CallRequest["params"]; body?: unknown; headers?: unknown; signal?: unknown; fetch?: unknown; [field: string]: unknown };
type Method = (url: string, init?: Init) => Promise<RawResult>;

/** `GET` … `TRACE` and `request`, each sending through the call pipeline. */
export function httpMethods(client: ClientContext): Record<(typeof HTTP_METHODS)[number] | "request", unknown> {
  // "METHOD /path" -> the operation: the spec's paths get its checks.
  const routes = new Map(Object.entries(operations as Record<string, Operation>).map(([operationId, op]) => [`${op.method} ${op.path}`, { ...op, operationId }]));
  const methods = {} as Record<(typeof HTTP_METHODS)[number], Method>;
  for (const method of HTTP_METHODS) {
    methods[method] = async (url, given) => {
      const at = `${method} ${url}`;
      if (given != null && typeof given !== "object") throw new TrutoValidationError("init", `${at}: the init argument must be an object, got ${describe(given)}`);
      const init = given ?? {};
      // Every name of the client's options is read as one, so that those a raw call does not take
      // (timeoutMs, baseUrl…) are refused rather than passed to openapi-fetch (which would ignore
      // them, or send the token to another baseUrl).
      const options = Object.fromEntries(OPTION_NAMES.filter((name) => Object.hasOwn(init, name)).map((name) => [name, init[name]]));
      // The rest of init goes to openapi-fetch as it is; call.ts sets what the pipeline owns.
      return callRaw(client, { method, path: url, operation: routes.get(at), params: init.params ?? {}, body: init.body, options, place: "raw", init, at });
    };
  }
  const request = (method: unknown, url: string, init?: Init) => {
    const send = methods[String(method).toUpperCase() as (typeof HTTP_METHODS)[number]];
    return send ? send(url, init) : Promise.reject(new TrutoValidationError("method", `truto.request: "method" must be one of ${HTTP_METHODS.join(", ")}, got ${describe(method)}`));
  };
  return { ...methods, request };
}
