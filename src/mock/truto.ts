// The mock Truto's answers, with no I/O: answer(request) takes a request as text and returns the
// reply, acting on the records like Truto would. server.ts is the HTTP layer over it.
//
// It checks like Truto: the Bearer token (or an integrated account token), the path, query and
// body against the spec, then the rules of the integration behind the account. Each integrated
// account has its own records (Truto's accounts are different CRMs), seeded alike. Answers carry
// the fields the account's integration fills (shape.ts). An Idempotency-Key on POST and PATCH is
// scoped to the account: the same key with the same request replays the first answer; with another
// request it is a 422. A request with more than one Authorization header is a 401: which of them
// would be the credential is a guess, and a guess must not authenticate.
import { randomBytes } from "node:crypto";
import { STATUS_CODES } from "node:http";
import qs from "qs";
import { mockResources } from "../../generated/mock.js";
import { integrations as knownIntegrations } from "../../generated/support.js";
import type { IntegrationSlug, JsonSchema } from "../model.js";
import { routeChecks, type Failure, type RouteChecks } from "./checks.js";
import { exampleOf, hash } from "./data.js";
import { loadRoutes, type MockRoute } from "./routes.js";
import { shapeRecord } from "./shape.js";
import { Store, type StoredRecord } from "./store.js";

export interface MockTrutoOptions {
  /** Integrated account id (a UUID, as Truto's) -> integration slug. Default: one account per integration (see `accounts`). */
  integrations?: Record<string, IntegrationSlug>;
  /** Seed of the stored records; the same seed gives the same data. Default 1. */
  seed?: number;
  /** The only API token accepted. Default: any non-empty Bearer token. */
  token?: string;
  /** Ids stored at start for each resource of each account. Default ["23423523", …, "23423527"] (five). */
  ids?: string[];
  /** The port to listen on (127.0.0.1); default a free one. */
  port?: number;
}

/** A request as the HTTP layer read it. */
export interface MockHttpRequest {
  method: string;
  /** The request target as it arrived: path and query, nothing decoded. */
  url: string;
  /** Lower-case names; a header sent more than once as the list of its values. */
  headers: Record<string, string | readonly string[] | undefined>;
  /** The body as text ("" for none). */
  body: string;
}

/** What answer() decided: a status, a JSON body (or none), headers, and whether to stream it. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  stream?: boolean;
  /** The first answer to this Idempotency-Key, replayed without acting again. */
  replayed?: true;
}

export interface MockTrutoCore {
  accounts: Record<IntegrationSlug, string>;
  accountToken(integratedAccountId: string): string;
  answer(request: MockHttpRequest): Reply;
  /** Back to the start: seeded records, no idempotency records, no account tokens. */
  reset(): void;
}

const DEFAULT_IDS = ["23423523", "23423524", "23423525", "23423526", "23423527"];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1_000;
/** Keys that would reach an object's prototype if a careless merge copied them. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const MAX_BODY_DEPTH = 64;
const ACCOUNT = "integrated_account_id";
/** ajv-formats' "uuid", which the spec's integrated_account_id has. */
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const CURSOR = "next_cursor";

export function errorReply(status: number, message: string, details?: unknown): Reply {
  return { status, body: { statusCode: status, error: STATUS_CODES[status] ?? "Error", message, ...(details === undefined ? {} : { details }) } };
}

const invalidBody = (failures: Failure[]): Reply => errorReply(400, failures[0]!.message, { failures });

export function createTruto(options: MockTrutoOptions = {}): MockTrutoCore {
  checkOptions(options);
  const seed = options.seed ?? 1;
  const ids = options.ids ?? DEFAULT_IDS;
  const byAccount: Record<string, IntegrationSlug> = options.integrations ?? defaultIntegrations();
  const accounts = firstAccounts(byAccount);
  const routes = loadRoutes().map((route) => ({ route, checks: routeChecks(route) }));
  const schemas = mockResources as Record<string, { record: JsonSchema }>;
  /** Per account and resource, created on first use. */
  const stores = new Map<string, Store>();
  /** Per account, method, path and Idempotency-Key: the request it came with and the first 2xx answer. */
  const replies = new Map<string, { request: string; reply: Reply }>();
  const accountTokens = new Map<string, string>();

  const storeOf = (account: string, resource: string): Store => {
    const key = `${account} ${resource}`;
    let store = stores.get(key);
    if (!store) stores.set(key, (store = new Store(key, schemas[resource]!.record, ids, seed)));
    return store;
  };

  function answer(request: MockHttpRequest): Reply {
    const auth = request.headers.authorization ?? "";
    if (typeof auth !== "string") return errorReply(401, `Send one Authorization header, not ${auth.length}`);
    // The scheme is case-insensitive (RFC 9110).
    const token = /^bearer /i.test(auth) ? auth.slice(7) : "";
    const queryAt = request.url.indexOf("?");
    const pathname = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
    const rawQuery = queryAt === -1 ? "" : request.url.slice(queryAt + 1);
    const tokenAccount = accountTokens.get(token);
    if (tokenAccount === undefined && (!token || (options.token !== undefined && token !== options.token))) return errorReply(401, "Invalid API token");
    if (tokenAccount !== undefined && !pathname.startsWith("/unified/")) return errorReply(403, `An integrated account token can only call /unified/*, not ${pathname}`);

    const found = routes.find(({ route }) => route.operation.method === request.method && route.pattern.test(pathname));
    if (!found) return errorReply(404, `No route for ${request.method} ${pathname}`);
    const { route, checks } = found;
    const path: Record<string, string> = {};
    const groups = route.pattern.exec(pathname)!;
    for (const [i, name] of route.operation.pathParams.entries()) {
      const value = decode(groups[i + 1]!);
      if (value === undefined) return errorReply(400, `Path parameter "${name}" is not valid percent-encoding`);
      path[name] = value;
    }
    const read = readRequest(route, checks, path, rawQuery, request.body, tokenAccount);
    if ("reply" in read) return read.reply;
    const { query, body, account, integration } = read;

    const keyHeader = request.headers["idempotency-key"];
    const key = typeof keyHeader === "string" ? keyHeader : keyHeader?.join(", ");
    const keyed = key !== undefined && (request.method === "POST" || request.method === "PATCH");
    // By the decoded path parameters: /tickets/%32%33 and /tickets/23 are the same record.
    const replayKey = JSON.stringify([account, route.operationId, path, key]);
    const fingerprint = canonicalJson([query, body ?? null]);
    const first = keyed ? replies.get(replayKey) : undefined;
    if (first && first.request !== fingerprint) return errorReply(422, `Idempotency-Key "${key}" was used with another request (a different body or query); use a new key for a new request`);
    if (first) return { ...first.reply, replayed: true };
    const reply = act(route, path, query, body, account, integration);
    if (keyed && reply.status >= 200 && reply.status < 300) replies.set(replayKey, { request: fingerprint, reply });
    return reply;
  }

  type Read = { query: Record<string, unknown>; body: unknown; account: string; integration: IntegrationSlug } | { reply: Reply };

  /** The request's query and body parsed and checked, and the account it is for; or the error reply. */
  function readRequest(route: MockRoute, checks: RouteChecks, path: Record<string, string>, rawQuery: string, text: string, tokenAccount: string | undefined): Read {
    const forbidden = forbiddenQueryKey(rawQuery);
    if (forbidden) return { reply: errorReply(400, `Query parameter "${forbidden}" is not allowed`) };
    const query = parseQuery(rawQuery);
    let body: unknown;
    if (route.mock.body && text !== "") {
      const parsed = parseJson(text);
      if (!parsed) return { reply: errorReply(400, "The request body is not valid JSON") };
      const unsafe = unsafeBody(parsed.value);
      if (unsafe && "tooDeep" in unsafe) return { reply: errorReply(400, `The JSON body is nested deeper than ${MAX_BODY_DEPTH} levels`) };
      if (unsafe) return { reply: invalidBody([{ parameter: `body.${unsafe.forbidden}`, message: `Body field "${unsafe.forbidden}" is not allowed` }]) };
      body = parsed.value;
    }
    const pathProblem = checks.path(path);
    if (pathProblem) return { reply: errorReply(400, pathProblem) };
    if (tokenAccount !== undefined) {
      const given = query[ACCOUNT];
      if (given !== undefined && given !== tokenAccount) return { reply: errorReply(403, "This integrated account token is for another integrated account") };
      query[ACCOUNT] = tokenAccount;
    }
    // ajv coerces types in place ("true" -> true), so the answer is shaped from the coerced query.
    const queryProblem = checks.query(query);
    if (queryProblem) return { reply: errorReply(400, queryProblem) };
    const account = query[ACCOUNT] as string;
    const integration = Object.hasOwn(byAccount, account) ? byAccount[account] : undefined;
    if (!integration) return { reply: errorReply(404, "Integrated account not found") };
    const unsupported = checks.queryIntegration(query, integration);
    if (unsupported) return { reply: errorReply(400, unsupported) };
    const failures = checks.body(body, integration);
    if (failures.length > 0) return { reply: invalidBody(failures) };
    return { query, body, account, integration };
  }

  function act(route: MockRoute, path: Record<string, string>, query: Record<string, unknown>, body: unknown, account: string, integration: IntegrationSlug): Reply {
    const { kind, resource, reply } = route.mock;
    const store = storeOf(account, resource);
    const { status, pathParams } = route.operation;
    const id = path[pathParams.at(-1) ?? ""] ?? "";
    const shape = (stored: StoredRecord) => shapeRecord(stored, { operationId: route.operationId, integration, query });
    const stream = query.truto_response_format === "stream";
    const missing = () => errorReply(404, `No record with id "${id}" in ${resource}`);
    const one = (stored: StoredRecord | undefined): Reply => {
      if (!stored) return missing();
      if (reply === "none") return { status };
      if (reply !== "record") return { status, body: exampleOf(route.mock.response ?? {}, route.operationId, seed) };
      const { fields } = route.mock;
      const projected = fields ? Object.fromEntries(fields.filter((field) => Object.hasOwn(stored, field)).map((field) => [field, stored[field]])) : stored;
      return { status, body: shape(projected), stream };
    };
    switch (kind) {
      case "list": {
        if (reply !== "page") return { status, ...(reply === "none" ? {} : { body: exampleOf(route.mock.response ?? {}, route.operationId, seed) }) };
        const limit = pageSize(query.limit);
        if (limit === undefined) return errorReply(400, 'Query parameter "limit" must be an integer >= 1');
        const cursor = typeof query[CURSOR] === "string" && query[CURSOR] !== "" ? (query[CURSOR] as string) : undefined;
        const page = store.page(cursor, limit);
        if (!page) return errorReply(400, `Query parameter "${CURSOR}" is not a cursor this server gave`);
        const result = page.records.map(shape);
        return { status, body: { result, next_cursor: page.next, prev_cursor: page.prev, result_count: result.length }, stream };
      }
      case "get":
        return one(store.get(id));
      case "delete":
        return one(store.delete(id));
      case "update":
        return one(store.update(id, body));
      case "create":
        return one(store.create(body));
      case "custom":
        return custom(route, store, body, shape);
    }
  }

  /**
   * A custom method (`POST /…/{method}`) answers `{ result }`: the stored record its body names by
   * `id` (404 if unknown; the first record if it names none), the records it names by `ids` (all if
   * none), or an example of the success schema. It does not change the store.
   */
  function custom(route: MockRoute, store: Store, body: unknown, shape: (stored: StoredRecord) => unknown): Reply {
    const { status } = route.operation;
    const { reply, resource } = route.mock;
    const fields = (body !== null && typeof body === "object" ? body : {}) as Record<string, unknown>;
    if (reply === "none") return { status };
    if (reply === "result-record") {
      const id = fields.id;
      const stored = id === undefined ? store.first() : store.get(String(id));
      if (stored) return { status, body: { result: shape(stored) } };
      if (id !== undefined) return errorReply(404, `No record with id "${String(id)}" in ${resource}`);
      return { status, body: { result: exampleOf(schemas[resource]!.record, route.operationId, seed) } };
    }
    if (reply === "result-records") {
      const named = Array.isArray(fields.ids) ? fields.ids.map(String) : undefined;
      const records = named ? named.map((id) => store.get(id)).filter((stored) => stored !== undefined) : store.all().slice(0, MAX_LIMIT);
      return { status, body: { result: records.map(shape) } };
    }
    return { status, body: exampleOf(route.mock.response ?? {}, route.operationId, seed ^ hash(JSON.stringify(fields) ?? "")) };
  }

  return {
    accounts,
    answer,
    accountToken(integratedAccountId) {
      if (typeof integratedAccountId !== "string" || !Object.hasOwn(byAccount, integratedAccountId)) {
        throw new TypeError(`mock.accountToken: no integrated account ${typeof integratedAccountId === "string" ? `"${integratedAccountId}"` : typeof integratedAccountId} (see mock.accounts or the integrations option)`);
      }
      const token = `iat_${randomBytes(16).toString("hex")}`;
      accountTokens.set(token, integratedAccountId);
      return token;
    },
    reset() {
      stores.clear();
      replies.clear();
      accountTokens.clear();
    },
  };
}

/** One fixed uuid per integration, so tests and demos can name accounts without setup: account id -> slug. */
function defaultIntegrations(): Record<string, IntegrationSlug> {
  const slugs = Object.keys(knownIntegrations) as IntegrationSlug[];
  return Object.fromEntries(slugs.map((slug, i) => [`00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`, slug]));
}

/** `mock.accounts`: each integration the mock has, with its first account (only accounts that exist). */
function firstAccounts(byAccount: Record<string, IntegrationSlug>): Record<IntegrationSlug, string> {
  const accounts: Partial<Record<IntegrationSlug, string>> = {};
  for (const [account, slug] of Object.entries(byAccount)) accounts[slug] ??= account;
  return accounts as Record<IntegrationSlug, string>;
}

/**
 * The page size `limit` asks for, at most MAX_LIMIT (DEFAULT_LIMIT without one); undefined for a
 * bad one. A list that declares `limit` has it as a number (ajv coerced it); Truto's reference
 * pages declare none, and then it arrives as text.
 */
function pageSize(limit: unknown): number | undefined {
  if (limit === undefined) return DEFAULT_LIMIT;
  const size = typeof limit === "string" && /^\d{1,15}$/.test(limit) ? Number(limit) : limit;
  return Number.isInteger(size) && (size as number) >= 1 ? Math.min(size as number, MAX_LIMIT) : undefined;
}

/** Options are checked when the mock starts, so that no request meets a bad one. */
function checkOptions(options: MockTrutoOptions): void {
  const refuse = (problem: string): never => {
    throw new TypeError(`createMockTruto: ${problem}`);
  };
  if (options.seed !== undefined && !Number.isInteger(options.seed)) refuse('"seed" must be an integer');
  if (options.token !== undefined && (typeof options.token !== "string" || options.token === "")) refuse('"token" must be a non-empty string');
  if (options.ids !== undefined && (!Array.isArray(options.ids) || options.ids.length > 10_000 || options.ids.some((id) => typeof id !== "string" || id === "" || id.includes("/")))) {
    refuse('"ids" must be an array of at most 10,000 non-empty strings without "/"');
  }
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535)) refuse('"port" must be an integer from 0 to 65535');
  const seen = new Set<string>();
  // A repeated id would be one record listed under two sequence numbers: pages would lose records.
  const repeated = options.ids?.find((id) => seen.size === seen.add(id).size);
  if (repeated !== undefined) refuse(`"ids" has "${repeated}" more than once`);
  for (const [account, slug] of Object.entries(options.integrations ?? {})) {
    // Truto's integrated_account_id is a UUID: every request for another id would be a 400.
    if (!UUID.test(account)) refuse(`"integrations" has the account id "${account}", not a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)`);
    if (!Object.hasOwn(knownIntegrations, slug)) refuse(`"integrations" maps "${account}" to "${String(slug)}", not one of: ${Object.keys(knownIntegrations).join(", ")}`);
  }
}

/** decodeURIComponent that answers undefined instead of throwing a URIError. */
function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The query as qs reads it, every pair and array item kept: a query of n characters has at most n + 1
 * pairs and no array index above n, so these limits never cut a query short (qs drops pairs past
 * parameterLimit and turns arrays past arrayLimit into objects). The query's length is bounded by
 * Node's header-size limit (the request line counts against it), so this bound is one too.
 */
function parseQuery(rawQuery: string): Record<string, unknown> {
  return qs.parse(rawQuery, { depth: 10, arrayLimit: rawQuery.length, parameterLimit: rawQuery.length + 1 }) as Record<string, unknown>;
}

/** A query key that names a prototype property (`__proto__`, `a[constructor]`, …), if any. */
function forbiddenQueryKey(rawQuery: string): string | undefined {
  for (const pair of rawQuery.split("&")) {
    const key = pair.split("=", 1)[0]!.replace(/\+/g, " ");
    const name = decode(key) ?? key;
    for (const part of name.split(/[[\]]/)) if (FORBIDDEN_KEYS.has(part)) return part;
  }
  return undefined;
}

/** JSON with every object's keys sorted: the same request, whatever the order its fields were written in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) =>
    item !== null && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

/** JSON.parse that answers undefined for text that is not JSON. */
function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * What makes a parsed body unsafe to merge: a key naming a prototype property (`__proto__`,
 * `constructor`, `prototype`) at any depth, named by its path, or nesting past MAX_BODY_DEPTH.
 * An explicit stack, so a hostile depth cannot overflow the call stack.
 */
function unsafeBody(value: unknown): { forbidden: string } | { tooDeep: true } | undefined {
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > MAX_BODY_DEPTH) return { tooDeep: true };
    const isArray = Array.isArray(node);
    const entries = Object.entries(node);
    for (const [key] of entries) if (!isArray && FORBIDDEN_KEYS.has(key)) return { forbidden: path ? `${path}.${key}` : key };
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push({ node: child, path: isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return undefined;
}
