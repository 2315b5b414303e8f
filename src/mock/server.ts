// createMockTruto: a node:http server that answers like Truto for every operation of the spec:
// bearer auth, spec and integration checks, a seeded store, Truto's error bodies, injected faults.
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import qs from "qs";
import { integrations as knownIntegrations, type IntegrationSlug } from "../../generated/support.js";
import { seedRecord } from "./data.js";
import { loadRoutes, type Route } from "./spec.js";
import { checkSupport, compileValidator, type Validator } from "./validate-request.js";

export type Fault =
  /** Truto's error body with this status; `retryAfter` (seconds) adds Retry-After. */
  | { status: number; message?: string; retryAfter?: number }
  /** A failure of the CRM behind Truto: flagged, with the provider's body and headers. */
  | { remote: true; status: number; message: string; rawResponse: unknown; headers?: Record<string, string> }
  /** Answer normally, after `ms`. */
  | { slow: number }
  /** Drop the connection without an answer. */
  | { reset: true };

export interface MockTrutoOptions {
  /** Integrated account id -> integration slug. Default: one account per integration (see `accounts`). */
  integrations?: Record<string, IntegrationSlug>;
  /** Seed of the stored records; the same seed gives the same data. Default 1. */
  seed?: number;
  /** The only API token accepted. Default: any non-empty Bearer token. */
  token?: string;
  /** Ids stored at start for each resource. Default ["23423523", "23423524", "23423525"]. */
  ids?: string[];
  port?: number;
}

export interface MockRequest {
  method: string;
  rawUrl: string;
  requestLine: string;
  status: number;
}

export interface MockTruto {
  url: string;
  /** Every request answered, in order; status 0 for a dropped connection. */
  requests: MockRequest[];
  /** The default account ids: integration slug -> integrated account id. */
  accounts: Record<IntegrationSlug, string>;
  /** The next `times` requests get this fault instead of their answer. */
  inject(fault: Fault, times?: number): void;
  close(): Promise<void>;
}

/** One fixed uuid per integration, so tests and demos can name accounts without setup. */
function defaultAccounts(): Record<IntegrationSlug, string> {
  const slugs = Object.keys(knownIntegrations) as IntegrationSlug[];
  return Object.fromEntries(slugs.map((slug, i) => [slug, `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`])) as Record<IntegrationSlug, string>;
}

export async function createMockTruto(options: MockTrutoOptions = {}): Promise<MockTruto> {
  const seed = options.seed ?? 1;
  const accounts = defaultAccounts();
  const byAccount: Record<string, IntegrationSlug> = options.integrations ?? Object.fromEntries(Object.entries(accounts).map(([slug, id]) => [id, slug as IntegrationSlug]));
  const routes = loadRoutes().map((route) => ({ route, validate: compileValidator(route) }));
  // Records per resource (the path before its last parameter), seeded from the 200 schema.
  const stores = new Map<string, Map<string, Record<string, unknown>>>();
  const storeFor = (route: Route) => {
    const key = route.template.replace(/\/\{[^}]+\}$/, "");
    let store = stores.get(key);
    if (!store) {
      store = new Map((options.ids ?? ["23423523", "23423524", "23423525"]).map((id) => [id, seedRecord(route.body, id, seed)]));
      stores.set(key, store);
    }
    return store;
  };
  const faults: Fault[] = [];
  const requests: MockRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const record = (req: IncomingMessage, status: number) =>
    requests.push({ method: req.method ?? "", rawUrl: req.url ?? "", requestLine: `${req.method} ${req.url} HTTP/${req.httpVersion}`, status });
  function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    record(req, status);
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  }
  const fail = (req: IncomingMessage, res: ServerResponse, status: number, message: string, headers?: Record<string, string>) =>
    send(req, res, status, { statusCode: status, error: STATUS_CODES[status], message }, headers);

  function answer(req: IncomingMessage, res: ServerResponse): void {
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    if (!token || (options.token !== undefined && token !== options.token)) return fail(req, res, 401, "Invalid API token");
    const rawUrl = req.url ?? "/";
    const queryAt = rawUrl.indexOf("?");
    const pathname = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const query = qs.parse(queryAt === -1 ? "" : rawUrl.slice(queryAt + 1), { depth: 10, arrayLimit: 100, parameterLimit: 1000 }) as Record<string, unknown>;
    const found = routes.find(({ route }) => route.method === req.method && route.pattern.test(pathname));
    if (!found) return fail(req, res, 404, `No route for ${req.method} ${pathname}`);
    const { route, validate } = found;
    const path = Object.fromEntries(route.pathParams.map((name, i) => [name, decodeURIComponent(route.pattern.exec(pathname)![i + 1]!)]));
    // ajv coerces types in place ("true" -> true), so the record is shaped from the coerced query.
    const input: Record<string, unknown> = { ...query, ...path };
    const problem = validate(input);
    if (problem) return fail(req, res, 400, problem);
    const integration = byAccount[input.integrated_account_id as string];
    if (!integration) return fail(req, res, 404, "Integrated account not found");
    const unsupported = checkSupport(route.operationId, integration, input);
    if (unsupported) return fail(req, res, 400, unsupported);

    const store = storeFor(route);
    const id = String(path[route.pathParams.at(-1) ?? ""] ?? "");
    const stored = store.get(id);
    if (!stored) return fail(req, res, 404, `No record with id "${id}" in ${route.template.replace(/\/\{[^}]+\}$/, "")}`);
    if (req.method === "DELETE") store.delete(id);
    else if (req.method !== "GET") return fail(req, res, 501, `The mock does not implement ${req.method}`);
    respond(req, res, shape(stored, input));
  }

  function respond(req: IncomingMessage, res: ServerResponse, body: { json: unknown; stream: boolean }): void {
    if (!body.stream) return send(req, res, 200, body.json);
    record(req, 200);
    const text = JSON.stringify(body.json);
    const half = Math.ceil(text.length / 2);
    res.writeHead(200, { "content-type": "application/json" });
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

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const fault = faults.shift();
    if (!fault) return answer(req, res);
    if ("reset" in fault) {
      record(req, 0);
      return void req.socket.destroy();
    }
    if ("slow" in fault) return later(fault.slow, () => answer(req, res));
    if ("remote" in fault) {
      const body = { statusCode: fault.status, error: STATUS_CODES[fault.status], message: fault.message, truto_is_remote_error: true, raw_response: fault.rawResponse };
      return send(req, res, fault.status, body, fault.headers);
    }
    const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
    fail(req, res, fault.status, fault.message ?? STATUS_CODES[fault.status] ?? "Error", headers);
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    req.on("end", () => handle(req, res));
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
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Applies Truto's response parameters: excluded fields, remote_data, and the response format. */
function shape(record: Record<string, unknown>, query: Record<string, unknown>): { json: unknown; stream: boolean } {
  const format = query.truto_response_format ?? "unified";
  if (format === "raw") return { json: record.remote_data, stream: false };
  const excluded = new Set<unknown>(Array.isArray(query.truto_exclude_fields) ? query.truto_exclude_fields : []);
  if (query.truto_ignore_remote_data === true) excluded.add("remote_data");
  const json = Object.fromEntries(Object.entries(record).filter(([key]) => !excluded.has(key)));
  return { json, stream: format === "stream" };
}
