// createMockTruto: a node:http server that answers like Truto for every operation of the generated
// tables: bearer and integrated account tokens, spec and integration checks, a seeded store per
// resource (lists with cursors, get, create, update, delete, custom methods), Idempotency-Key
// replays, Truto's error bodies, injected faults. Every request gets an answer.
import { randomBytes } from "node:crypto";
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import qs from "qs";
import { mockResources, type JsonSchema } from "../../generated/mock.js";
import { integrations as knownIntegrations, type IntegrationSlug } from "../../generated/support.js";
import { exampleOf, hash } from "./data.js";
import { MAX_FAULT_TIMES, checkFault, type Fault } from "./faults.js";
import { loadRoutes, type MockRoute } from "./routes.js";
import { Store, type StoredRecord } from "./store.js";
import { routeChecks, type Failure, type RouteChecks } from "./validate-request.js";

export type { Fault } from "./faults.js";

export interface MockTrutoOptions {
  /** Integrated account id -> integration slug. Default: one account per integration (see `accounts`). */
  integrations?: Record<string, IntegrationSlug>;
  /** Seed of the stored records; the same seed gives the same data. Default 1. */
  seed?: number;
  /** The only API token accepted. Default: any non-empty Bearer token. */
  token?: string;
  /** Ids stored at start for each resource. Default ["23423523", …, "23423527"] (five). */
  ids?: string[];
  port?: number;
}

export interface MockRequest {
  method: string;
  rawUrl: string;
  requestLine: string;
  /** The answer's status; 0 for a dropped connection (`reset`, `lost`). */
  status: number;
  /** The request body as text ("" for none; "" too for a body refused as too large). */
  body: string;
  /** The Idempotency-Key header, when sent. */
  idempotencyKey?: string;
  /** True when the answer replayed the first response for this Idempotency-Key. */
  replayed?: true;
}

export interface MockTruto {
  url: string;
  /** Every request answered, in order of answer. */
  requests: MockRequest[];
  /** The default account ids: integration slug -> integrated account id. */
  accounts: Record<IntegrationSlug, string>;
  /** The next `times` requests (default 1, at most 10,000) get this fault; a bad fault throws a TypeError here. */
  inject(fault: Fault, times?: number): void;
  /**
   * A new integrated account token for this account: calls with it need no `integrated_account_id`,
   * and it may call only `/unified/*` (anything else answers 403, like Truto).
   */
  accountToken(integratedAccountId: string): string;
  close(): Promise<void>;
}

/** Bodies above 1 MiB are refused with 413 (read to the end, up to MAX_DRAIN, so the answer arrives). */
export /** A browser's preflight is answered before auth: it carries no Authorization header. */
const CORS_PREFLIGHT = {
  "access-control-allow-methods": "GET, POST, PATCH, PUT, DELETE",
  "access-control-allow-headers": "authorization, content-type, idempotency-key",
  "access-control-max-age": "600",
};
const MAX_BODY_BYTES = 1_048_576;
const MAX_DRAIN_BYTES = 64 * MAX_BODY_BYTES;
const DEFAULT_IDS = ["23423523", "23423524", "23423525", "23423526", "23423527"];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1_000;
/** Keys that would reach an object's prototype if a careless merge copied them. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const ACCOUNT = "integrated_account_id";
const CURSOR = "next_cursor";

/** What answer() decided: a status, a JSON body (or none), headers, and whether to stream it. */
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  stream?: boolean;
}

/** One fixed uuid per integration, so tests and demos can name accounts without setup. */
function defaultAccounts(): Record<IntegrationSlug, string> {
  const slugs = Object.keys(knownIntegrations) as IntegrationSlug[];
  return Object.fromEntries(slugs.map((slug, i) => [slug, `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`])) as Record<IntegrationSlug, string>;
}

const error = (status: number, message: string, details?: unknown): Reply => ({
  status,
  body: { statusCode: status, error: STATUS_CODES[status] ?? "Error", message, ...(details === undefined ? {} : { details }) },
});

const invalidBody = (failures: Failure[]): Reply => error(400, failures[0]!.message, { failures });

/** decodeURIComponent that answers undefined instead of throwing a URIError. */
function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A query key that names a prototype property (`__proto__`, `a[constructor]`, …), if any. */
function forbiddenQueryKey(rawQuery: string): string | undefined {
  for (const pair of rawQuery.split("&", 1_001)) {
    const key = pair.split("=", 1)[0]!.replace(/\+/g, " ");
    const name = decode(key) ?? key;
    for (const part of name.split(/[[\]]/)) if (FORBIDDEN_KEYS.has(part)) return part;
  }
  return undefined;
}

/** JSON.parse that answers undefined for text that is not JSON. */
function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

export const MAX_BODY_DEPTH = 64;

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
  for (const [account, slug] of Object.entries(options.integrations ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(knownIntegrations, slug)) refuse(`"integrations" maps "${account}" to "${String(slug)}", not one of: ${Object.keys(knownIntegrations).join(", ")}`);
  }
}

export async function createMockTruto(options: MockTrutoOptions = {}): Promise<MockTruto> {
  checkOptions(options);
  const seed = options.seed ?? 1;
  const accounts = defaultAccounts();
  const byAccount: Record<string, IntegrationSlug> = options.integrations ?? Object.fromEntries(Object.entries(accounts).map(([slug, id]) => [id, slug as IntegrationSlug]));
  const routes = loadRoutes().map((route) => ({ route, checks: routeChecks(route) }));
  const ids = options.ids ?? DEFAULT_IDS;
  const stores = new Map<string, Store>(Object.entries(mockResources as Record<string, { record: JsonSchema }>).map(([resource, { record }]) => [resource, new Store(resource, record, ids, seed)]));
  const schemas = mockResources as Record<string, { record: JsonSchema }>;
  /** Idempotency-Key -> the first 2xx answer, per method and path. */
  const replies = new Map<string, Reply>();
  const accountTokens = new Map<string, string>();
  const faults: Fault[] = [];
  const requests: MockRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  function record(req: IncomingMessage, body: string, status: number, replayed = false): void {
    const key = req.headers["idempotency-key"];
    requests.push({
      method: req.method ?? "",
      rawUrl: req.url ?? "",
      requestLine: `${req.method} ${req.url} HTTP/${req.httpVersion}`,
      status,
      body,
      ...(typeof key === "string" ? { idempotencyKey: key } : {}),
      ...(replayed ? { replayed: true as const } : {}),
    });
  }

  function deliver(req: IncomingMessage, res: ServerResponse, body: string, reply: Reply, replayed = false): void {
    record(req, body, reply.status, replayed);
    if (reply.body === undefined) return void res.writeHead(reply.status, reply.headers ?? {}).end();
    const text = JSON.stringify(reply.body);
    if (!reply.stream) return void res.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...reply.headers }).end(text);
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    const half = Math.ceil(text.length / 2);
    res.write(text.slice(0, half));
    later(20, () => res.end(text.slice(half)));
  }

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }

  /** Decides the answer to one request (acting on the store), or replays an Idempotency-Key's first one. */
  function answer(req: IncomingMessage, text: string): { reply: Reply; replayed?: boolean } {
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    const rawUrl = req.url ?? "/";
    const queryAt = rawUrl.indexOf("?");
    const pathname = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const rawQuery = queryAt === -1 ? "" : rawUrl.slice(queryAt + 1);
    const tokenAccount = accountTokens.get(token);
    if (tokenAccount === undefined && (!token || (options.token !== undefined && token !== options.token))) return { reply: error(401, "Invalid API token") };
    if (tokenAccount !== undefined && !pathname.startsWith("/unified/")) return { reply: error(403, `An integrated account token can only call /unified/*, not ${pathname}`) };

    const found = routes.find(({ route }) => route.method === req.method && route.pattern.test(pathname));
    if (!found) return { reply: error(404, `No route for ${req.method} ${pathname}`) };
    const { route, checks } = found;
    const path: Record<string, string> = {};
    const groups = route.pattern.exec(pathname)!;
    for (const [i, name] of route.operation.pathParams.entries()) {
      const value = decode(groups[i + 1]!);
      if (value === undefined) return { reply: error(400, `Path parameter "${name}" is not valid percent-encoding`) };
      path[name] = value;
    }

    const key = req.headers["idempotency-key"];
    const replayKey = typeof key === "string" && (req.method === "POST" || req.method === "PATCH") ? `${req.method} ${pathname} ${key}` : undefined;
    const first = replayKey === undefined ? undefined : replies.get(replayKey);
    if (first) return { reply: first, replayed: true };
    const reply = act(route, checks, path, rawQuery, text, tokenAccount);
    if (replayKey !== undefined && reply.status >= 200 && reply.status < 300) replies.set(replayKey, reply);
    return { reply };
  }

  function act(route: MockRoute, checks: RouteChecks, path: Record<string, string>, rawQuery: string, text: string, tokenAccount: string | undefined): Reply {
    const forbidden = forbiddenQueryKey(rawQuery);
    if (forbidden) return error(400, `Query parameter "${forbidden}" is not allowed`);
    const query = qs.parse(rawQuery, { depth: 10, arrayLimit: 100, parameterLimit: 1000 }) as Record<string, unknown>;
    let body: unknown;
    if (route.mock.body && text !== "") {
      const parsed = parseJson(text);
      if (!parsed) return error(400, "The request body is not valid JSON");
      const unsafe = unsafeBody(parsed.value);
      if (unsafe && "tooDeep" in unsafe) return error(400, `The JSON body is nested deeper than ${MAX_BODY_DEPTH} levels`);
      if (unsafe) return invalidBody([{ parameter: `body.${unsafe.forbidden}`, message: `Body field "${unsafe.forbidden}" is not allowed` }]);
      body = parsed.value;
    }

    const pathProblem = checks.path(path);
    if (pathProblem) return error(400, pathProblem);
    if (tokenAccount !== undefined) {
      const given = query[ACCOUNT];
      if (given !== undefined && given !== tokenAccount) return error(403, "This integrated account token is for another integrated account");
      query[ACCOUNT] = tokenAccount;
    }
    // ajv coerces types in place ("true" -> true), so the answer is shaped from the coerced query.
    const queryProblem = checks.query(query);
    if (queryProblem) return error(400, queryProblem);
    const integration = byAccount[query[ACCOUNT] as string];
    if (!integration) return error(404, "Integrated account not found");
    const unsupported = checks.queryIntegration(query, integration);
    if (unsupported) return error(400, unsupported);
    const failures = checks.body(body, integration);
    if (failures.length > 0) return invalidBody(failures);

    const { kind, resource, reply } = route.mock;
    const store = stores.get(resource)!;
    const status = route.operation.status;
    const id = path[route.operation.pathParams.at(-1) ?? ""] ?? "";
    const missing = () => error(404, `No record with id "${id}" in ${resource}`);
    const one = (stored: StoredRecord): Reply => ({ status, ...respondWith(route, stored, query) });
    switch (kind) {
      case "list": {
        if (reply !== "page") return { status, ...(reply === "none" ? {} : { body: exampleOf(route.mock.response ?? {}, route.route, seed) }) };
        const limit = Math.min(typeof query.limit === "number" && query.limit >= 1 ? Math.floor(query.limit) : DEFAULT_LIMIT, MAX_LIMIT);
        const cursor = typeof query[CURSOR] === "string" && query[CURSOR] !== "" ? (query[CURSOR] as string) : undefined;
        const page = store.page(cursor, limit);
        if (!page) return error(400, `Query parameter "${CURSOR}" is not a cursor this server gave`);
        const shaped = page.records.map((stored) => shape(stored, query).json);
        return { status, body: { result: shaped, next_cursor: page.next, result_count: shaped.length }, stream: query.truto_response_format === "stream" };
      }
      case "get": {
        const stored = store.get(id);
        return stored ? one(stored) : missing();
      }
      case "delete": {
        const stored = store.delete(id);
        return stored ? one(stored) : missing();
      }
      case "update": {
        const stored = store.update(id, body);
        return stored ? one(stored) : missing();
      }
      case "create":
        return one(store.create(body));
      case "custom":
        return custom(route, store, body, query);
    }
  }

  /** A record (or the fields the success body lists) shaped by Truto's response parameters. */
  function respondWith(route: MockRoute, stored: StoredRecord, query: Record<string, unknown>): Omit<Reply, "status"> {
    const { reply, fields } = route.mock;
    if (reply === "none") return {};
    if (reply !== "record") return { body: exampleOf(route.mock.response ?? {}, route.route, seed) };
    const projected = fields ? Object.fromEntries(fields.filter((field) => field in stored).map((field) => [field, stored[field]])) : stored;
    const { json, stream } = shape(projected, query);
    return { body: json, stream };
  }

  /**
   * A custom method (`POST /…/{method}`) answers `{ result }`: the stored record its body names by
   * `id` (404 if unknown; the first record if it names none), the records it names by `ids` (all if
   * none), or an example of the success schema. It does not change the store.
   */
  function custom(route: MockRoute, store: Store, body: unknown, query: Record<string, unknown>): Reply {
    const status = route.operation.status;
    const { reply, resource } = route.mock;
    const fields = (body !== null && typeof body === "object" ? body : {}) as Record<string, unknown>;
    if (reply === "none") return { status };
    if (reply === "result-record") {
      const id = fields.id;
      const stored = id === undefined ? store.first() : store.get(String(id));
      if (!stored) {
        if (id !== undefined) return error(404, `No record with id "${String(id)}" in ${resource}`);
        return { status, body: { result: exampleOf(schemas[resource]!.record, route.route, seed) } };
      }
      return { status, body: { result: shape(stored, query).json } };
    }
    if (reply === "result-records") {
      const named = Array.isArray(fields.ids) ? fields.ids.map(String) : undefined;
      const records = named ? named.map((id) => store.get(id)).filter((stored) => stored !== undefined) : store.all().slice(0, MAX_LIMIT);
      return { status, body: { result: records.map((stored) => shape(stored, query).json) } };
    }
    return { status, body: exampleOf(route.mock.response ?? {}, route.route, seed ^ hash(JSON.stringify(fields) ?? "")) };
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const fault = faults.shift();
    if (!fault) {
      const { reply, replayed } = answer(req, body);
      return deliver(req, res, body, reply, replayed);
    }
    if ("reset" in fault) {
      record(req, body, 0);
      return void req.socket.destroy();
    }
    if ("lost" in fault) {
      answer(req, body);
      record(req, body, 0);
      return void req.socket.destroy();
    }
    if ("slow" in fault) {
      return later(fault.slow, () => {
        const { reply, replayed } = answer(req, body);
        deliver(req, res, body, reply, replayed);
      });
    }
    if ("remote" in fault) {
      const remote = { statusCode: fault.status, error: STATUS_CODES[fault.status] ?? "Error", message: fault.message, truto_is_remote_error: true, raw_response: fault.rawResponse };
      return deliver(req, res, body, { status: fault.status, body: remote, ...(fault.headers ? { headers: fault.headers } : {}) });
    }
    const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
    deliver(req, res, body, { ...error(fault.status, fault.message ?? STATUS_CODES[fault.status] ?? "Error"), headers });
  }

  /** Every request gets an answer: an unexpected throw becomes a 500 in Truto's shape, never a crash. */
  function safely(req: IncomingMessage, res: ServerResponse, run: () => void): void {
    try {
      run();
    } catch (thrown) {
      if (res.headersSent) return void res.destroy();
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      try {
        deliver(req, res, "", error(500, `The mock failed: ${message}`));
      } catch {
        res.destroy();
      }
    }
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    // Pages call it across origins, as a page with an integrated account token calls Truto.
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-expose-headers", "*");
    if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
      req.resume();
      return void res.writeHead(204, CORS_PREFLIGHT).end();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.socket.destroy();
    });
    req.on("error", () => req.socket.destroy());
    req.on("end", () =>
      safely(req, res, () => {
        if (size > MAX_BODY_BYTES) return deliver(req, res, "", error(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`));
        const body = Buffer.concat(chunks).toString("utf8");
        handle(req, res, body);
      }),
    );
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    accounts,
    inject(fault, times = 1) {
      checkFault(fault, times);
      if (faults.length + times > MAX_FAULT_TIMES) throw new TypeError(`mock.inject: at most ${MAX_FAULT_TIMES} faults may wait`);
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    accountToken(integratedAccountId) {
      if (typeof integratedAccountId !== "string" || !Object.prototype.hasOwnProperty.call(byAccount, integratedAccountId)) {
        throw new TypeError(`mock.accountToken: no integrated account ${typeof integratedAccountId === "string" ? `"${integratedAccountId}"` : typeof integratedAccountId} (see mock.accounts or the integrations option)`);
      }
      const token = `iat_${randomBytes(16).toString("hex")}`;
      accountTokens.set(token, integratedAccountId);
      return token;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Applies Truto's response parameters: excluded fields, remote_data, and the response format. */
function shape(record: StoredRecord, query: Record<string, unknown>): { json: unknown; stream: boolean } {
  const format = query.truto_response_format ?? "unified";
  if (format === "raw") return { json: record.remote_data ?? record, stream: false };
  const excluded = new Set<unknown>(Array.isArray(query.truto_exclude_fields) ? query.truto_exclude_fields : []);
  if (query.truto_ignore_remote_data === true) excluded.add("remote_data");
  const json = Object.fromEntries(Object.entries(record).filter(([key]) => !excluded.has(key)));
  return { json, stream: format === "stream" };
}
