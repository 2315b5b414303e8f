// Resource methods (truto.crm.engagements.delete(…)): one per operation of generated/endpoints.ts,
// made on first use. A thin adapter: it reads the positional arguments by the operation's shape
// (path parameters in path order, the body when the operation has one, the query, the options)
// and hands the call to call.ts; a list that pages by cursor is also async-iterable (pages.ts).
import { operations } from "../generated/endpoints.js";
import { callData, type CallRequest, type ClientContext } from "./call.js";
import { TrutoValidationError } from "./errors.js";
import { isPlainObject } from "./messages.js";
import type { EndpointTree, Operation } from "./model.js";
import { NAMES } from "./options.js";
import { paginate } from "./pages.js";

/** Names of call options: a body or query holding one the spec does not declare was meant as the options argument. */
const CALL_OPTIONS = new Set<string>(NAMES.call);

/**
 * Adds the tree's namespaces to `target` as getters: a namespace object, and each method in it, is
 * made on first access and then kept, so creating a client costs the same for 1 or 1,000 operations.
 */
export function defineResources(target: object, tree: EndpointTree, client: ClientContext): void {
  for (const [name, node] of Object.entries(tree)) {
    Object.defineProperty(target, name, {
      configurable: true,
      enumerable: true,
      get() {
        let value: object;
        if (typeof node === "string") value = resourceMethod(node, client);
        else defineResources((value = {}), node, client);
        Object.defineProperty(target, name, { value, enumerable: true });
        return value;
      },
    });
  }
}

function resourceMethod(operationId: string, client: ClientContext): (...args: unknown[]) => Promise<unknown> {
  const operation = { ...(operations as Record<string, Operation>)[operationId]!, operationId };
  const queryAt = operation.pathParams.length + (operation.body ? 1 : 0);
  const call = async (args: unknown[], query: unknown) => callData(client, readArguments(operation, args, query));
  const { pages } = operation;
  if (!pages) return (...args) => call(args, args[queryAt]);
  return (...args) => {
    const query = args[queryAt] as Record<string, unknown> | undefined;
    return paginate({
      first: call(args, query),
      next: (cursor) => call(args, { ...query, [pages.cursor]: cursor }),
      cursorField: pages.cursor,
      itemsField: pages.items,
      operationId,
      startCursor: query?.[pages.cursor],
      stream: query?.truto_response_format === "stream",
    });
  };
}

/** The call of `args` (the query given apart: a page request replaces its cursor), refusing misplaced arguments. */
function readArguments(operation: Operation & { operationId: string }, args: unknown[], query: unknown): CallRequest {
  const { operationId, pathParams } = operation;
  const body = operation.body ? args[pathParams.length] : undefined;
  const options = args[pathParams.length + (operation.body ? 2 : 1)];
  if (!isPlainObject(query)) {
    // What comes before the query in this operation's arguments (a list's query comes first).
    const before = [pathParams.length > 0 ? "the path parameters" : undefined, operation.body ? "the body" : undefined].filter((part) => part !== undefined);
    const where = before.length > 0 ? `after ${before.join(" and ")}` : "as the first argument";
    throw new TrutoValidationError("query", `${operationId}: expected the query parameters object (with integrated_account_id) ${where}`);
  }
  if (options !== undefined && !isPlainObject(options)) throw new TrutoValidationError("options", `${operationId}: call options must be an object`);
  refuseCallOptions(query, operation.query, "query", operationId);
  if (isPlainObject(body)) refuseCallOptions(body, operation.body?.properties ?? {}, "body", operationId);
  return {
    method: operation.method,
    path: operation.path,
    operation,
    params: { path: pathValues(pathParams, args), query },
    body,
    options: options ?? {},
    place: "call",
    init: query.truto_response_format === "stream" ? { parseAs: "stream" } : {},
    at: operationId,
  };
}

/** The path parameters' values, by name, from the first arguments. */
function pathValues(names: readonly string[], args: unknown[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) values[names[i]!] = args[i];
  return values;
}

/**
 * Refuses a body or query holding a call option's name that its schema does not declare: the
 * options object was passed one place too early, and must never be sent as data.
 */
function refuseCallOptions(values: Record<string, unknown>, declared: object, where: "body" | "query", operationId: string): void {
  for (const key of Object.keys(values)) {
    if (CALL_OPTIONS.has(key) && !Object.hasOwn(declared, key)) {
      throw new TrutoValidationError(where, `${operationId}: the ${where} has "${key}", a call option; call options go after the query (path parameters, body, query, options)`);
    }
  }
}
