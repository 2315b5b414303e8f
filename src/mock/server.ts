// createMockTruto: the HTTP layer of the mock Truto (its answers are truto.ts's, with no I/O here).
// It reads each request (bodies bounded), records it, plays the next injected fault or delivers the
// answer, answers browsers' CORS preflights, and never lets a request go unanswered by a crash.
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
// From node:timers, not the globals: a test that fakes the global timers still gets its answers.
import { clearTimeout, setTimeout } from "node:timers";
import { MAX_FAULT_TIMES, checkFault, type Delivery, type ExactReply, type Fault } from "./faults.js";
import { createTruto, errorReply, type MockHttpRequest, type MockTrutoOptions, type Reply } from "./truto.js";
import type { IntegrationSlug } from "../model.js";

export type { ExactReply, Fault } from "./faults.js";
export type { MockTrutoOptions } from "./truto.js";

export interface MockRequest {
  method: string;
  rawUrl: string;
  requestLine: string;
  /** Lower-case names; repeated headers joined with ", " (every value kept, Authorization and Content-Type too). */
  headers: Record<string, string>;
  /** The request body as text ("" for none; "" too for a body refused as too large). */
  body: string;
  /** The answer's status once its headers are sent; 0 until then, and for a dropped connection. */
  status: number;
  /** The Idempotency-Key header, when sent. */
  idempotencyKey?: string;
  /** True when the answer replayed the first response for this Idempotency-Key. */
  replayed?: true;
}

export interface MockTruto {
  url: string;
  /** Every request received, in order of arrival. */
  requests: MockRequest[];
  /**
   * Integration slug -> integrated account id: one default account per integration, or with the
   * `integrations` option the first account of each integration it names (and no others).
   */
  accounts: Record<IntegrationSlug, string>;
  /** The next `times` requests (default 1, at most 10,000) get this fault; a bad fault throws a TypeError here. */
  inject(fault: Fault, times?: number): void;
  /** Resolves with `requests` once `count` requests in all have arrived (their bodies read, before any answer). */
  received(count: number): Promise<MockRequest[]>;
  /** Resolves with `requests` once `count` requests in all have had their answer's headers sent. */
  answered(count: number): Promise<MockRequest[]>;
  /**
   * A new integrated account token for this account: calls with it need no `integrated_account_id`,
   * and it may call only `/unified/*` (anything else answers 403, like Truto).
   */
  accountToken(integratedAccountId: string): string;
  /** Back to the start: records seeded again, no requests, faults, idempotency records or account tokens. */
  reset(): void;
  close(): Promise<void>;
}

/** A browser's preflight is answered before auth: it carries no Authorization header. */
const CORS_PREFLIGHT = {
  "access-control-allow-methods": "GET, POST, PATCH, PUT, DELETE",
  "access-control-allow-headers": "authorization, content-type, idempotency-key",
  "access-control-max-age": "600",
};
/** Bodies above 1 MiB are refused with 413 (read to the end, up to MAX_DRAIN_BYTES, so the answer arrives). */
const MAX_BODY_BYTES = 1_048_576;
const MAX_DRAIN_BYTES = 64 * MAX_BODY_BYTES;
/** The mock's `truto_response_format: "stream"` answers arrive in two halves this far apart. */
const STREAM_INTERVAL_MS = 20;

/** An answer as it goes on the wire. */
interface Wire {
  status: number;
  headers: Record<string, string>;
  text: string | undefined;
}

export async function createMockTruto(options: MockTrutoOptions = {}): Promise<MockTruto> {
  const truto = createTruto(options);
  const faults: Fault[] = [];
  const requests: MockRequest[] = [];
  type Waiter = { count: number; resolve: (requests: MockRequest[]) => void; reject: (error: Error) => void };
  const waiters = { received: [] as Waiter[], answered: [] as Waiter[] };
  let answeredCount = 0;
  /** Wakes the waiters of `kind` whose count is reached. */
  const notify = (kind: keyof typeof waiters, count: number) => {
    for (const waiter of waiters[kind].filter((w) => count >= w.count)) {
      waiters[kind].splice(waiters[kind].indexOf(waiter), 1);
      waiter.resolve(requests);
    }
  };
  const waitFor = (kind: keyof typeof waiters, count: number, reached: number): Promise<MockRequest[]> => {
    if (!Number.isInteger(count) || count < 1) throw new TypeError(`mock.${kind}: the count must be an integer >= 1`);
    if (reached >= count) return Promise.resolve(requests);
    return new Promise((resolve, reject) => waiters[kind].push({ count, resolve, reject }));
  };
  const sockets = new Set<Socket>();
  /** Responses not finished yet: reset() ends them, so that no answer of before acts or counts after it. */
  const open = new Set<ServerResponse>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closing: Promise<void> | undefined;

  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  function record(req: IncomingMessage, body: string): MockRequest {
    const headers = Object.fromEntries(Object.entries(req.headersDistinct).map(([name, values = []]) => [name, values.join(", ")]));
    const entry: MockRequest = { method: req.method ?? "", rawUrl: req.url ?? "", requestLine: `${req.method} ${req.url} HTTP/${req.httpVersion}`, headers, body, status: 0 };
    if (headers["idempotency-key"] !== undefined) entry.idempotencyKey = headers["idempotency-key"];
    requests.push(entry);
    notify("received", requests.length);
    return entry;
  }

  /** Sends `wire` as `delivery` says; the entry's status is set, and waiters told, when the headers go out. */
  function deliver(res: ServerResponse, entry: MockRequest, wire: Wire, delivery: Delivery): void {
    if (delivery.slow) return later(delivery.slow, () => deliver(res, entry, wire, { ...delivery, slow: undefined }));
    const whole = !delivery.stall && !delivery.cut && delivery.trickle === undefined;
    const bytes = Buffer.from(wire.text ?? "");
    res.writeHead(wire.status, whole && wire.text !== undefined ? { ...wire.headers, "content-length": String(bytes.length) } : wire.headers);
    if (whole) res.end(bytes);
    else {
      // Halved by bytes: a character across the middle is split on the wire, never replaced.
      const half = Math.ceil(bytes.length / 2);
      res.write(bytes.subarray(0, half), () => {
        if (delivery.cut) later(5, () => res.socket?.destroy());
      });
      if (delivery.trickle !== undefined) later(delivery.trickle, () => res.end(bytes.subarray(half)));
    }
    entry.status = wire.status;
    notify("answered", ++answeredCount);
  }

  /** The request as truto.ts reads it: a header sent more than once as the list of its values. */
  const asRequest = (req: IncomingMessage, body: string): MockHttpRequest => ({
    method: req.method ?? "",
    url: req.url ?? "/",
    headers: Object.fromEntries(Object.entries(req.headersDistinct).map(([name, values = []]) => [name, values.length === 1 ? values[0] : values])),
    body,
  });

  /**
   * The mock's own answer to a request, acting on it: a body over MAX_BODY_BYTES is a 413 (nothing
   * acted on), anything else is truto.ts's answer.
   */
  const ownReply = (req: IncomingMessage, body: string | undefined): Reply =>
    body === undefined ? errorReply(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`) : truto.answer(asRequest(req, body));

  /**
   * Plays the next fault on a request (body undefined: it was too large). A request refused with 413
   * is a request like any other: it takes the next fault, and the 413 is the mock's own answer.
   */
  function play(req: IncomingMessage, res: ServerResponse, entry: MockRequest, body: string | undefined): void {
    const fault = faults.shift() ?? {};
    if ("hang" in fault) return;
    if ("reset" in fault) return void req.socket.destroy();
    if ("lost" in fault) {
      ownReply(req, body);
      return void req.socket.destroy();
    }
    if ("reply" in fault) return deliver(res, entry, exactWire(fault.reply), fault);
    if ("remote" in fault) {
      const remote = { statusCode: fault.status, error: STATUS_CODES[fault.status] ?? "Error", message: fault.message, truto_is_remote_error: true, raw_response: fault.rawResponse };
      return deliver(res, entry, replyWire({ status: fault.status, body: remote, headers: fault.headers }), fault);
    }
    if ("status" in fault) {
      const headers = fault.retryAfter === undefined ? undefined : { "retry-after": String(fault.retryAfter) };
      return deliver(res, entry, replyWire({ ...errorReply(fault.status, fault.message ?? STATUS_CODES[fault.status] ?? "Error"), headers }), fault);
    }
    // The mock's own answer, acted on when it is delivered (after a `slow` wait).
    const answer = () => {
      const reply = ownReply(req, body);
      if (reply.replayed) entry.replayed = true;
      const delivery = { ...fault, slow: undefined };
      const plain = delivery.trickle === undefined && !delivery.stall && !delivery.cut;
      deliver(res, entry, replyWire(reply), reply.stream && plain ? { ...delivery, trickle: STREAM_INTERVAL_MS } : delivery);
    };
    if (fault.slow) return later(fault.slow, () => safely(res, entry, answer));
    answer();
  }

  /** Every request gets an answer: an unexpected throw becomes a 500 in Truto's shape, never a crash. */
  function safely(res: ServerResponse, entry: MockRequest, run: () => void): void {
    try {
      run();
    } catch (thrown) {
      if (res.headersSent) return void res.destroy();
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      try {
        deliver(res, entry, replyWire(errorReply(500, `The mock failed: ${message}`)), {});
      } catch {
        res.destroy();
      }
    }
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    open.add(res);
    res.on("close", () => open.delete(res));
    // Pages call it across origins, as a page with an integrated account token calls Truto.
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-expose-headers", "*");
    if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
      req.resume();
      // Whatever headers the page asks to send (the client's `headers` option included) are allowed.
      const asked = req.headers["access-control-request-headers"];
      return void res.writeHead(204, { ...CORS_PREFLIGHT, ...(asked ? { "access-control-allow-headers": asked } : {}) }).end();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.socket.destroy();
    });
    req.on("error", () => req.socket.destroy());
    req.on("end", () => {
      const tooLarge = size > MAX_BODY_BYTES;
      const body = tooLarge ? "" : Buffer.concat(chunks).toString("utf8");
      const entry = record(req, body);
      safely(res, entry, () => play(req, res, entry, tooLarge ? undefined : body));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await listen(server, options.port ?? 0);

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    accounts: truto.accounts,
    inject(fault, times = 1) {
      checkFault(fault, times);
      if (faults.length + times > MAX_FAULT_TIMES) throw new TypeError(`mock.inject: at most ${MAX_FAULT_TIMES} faults may wait`);
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    received: (count) => waitFor("received", count, requests.length),
    answered: (count) => waitFor("answered", count, answeredCount),
    accountToken: (id) => truto.accountToken(id),
    reset() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const res of open) res.destroy();
      truto.reset();
      requests.length = 0;
      faults.length = 0;
      answeredCount = 0;
    },
    close() {
      // Idempotent: a second close() (an afterAll after a test's own) gets the first one's promise.
      closing ??= closeServer();
      return closing;
    },
  };

  function closeServer(): Promise<void> {
    for (const waiter of [...waiters.received, ...waiters.answered]) waiter.reject(new Error("mock.close: the mock closed before the awaited requests came"));
    for (const timer of timers) clearTimeout(timer);
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }
}

/** Listens on 127.0.0.1; a port in use (or not allowed) rejects with an error naming it. */
function listen(server: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const why = error.code === "EADDRINUSE" ? "is in use" : `cannot be listened on (${error.code ?? error.message})`;
      reject(new Error(`createMockTruto: port ${port} on 127.0.0.1 ${why}`, { cause: error }));
    };
    server.once("error", failed);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", failed);
      resolve();
    });
  });
}

/** The mock's own reply: JSON. */
function replyWire(reply: Pick<Reply, "status" | "body" | "headers">): Wire {
  if (reply.body === undefined) return { status: reply.status, headers: reply.headers ?? {}, text: undefined };
  return { status: reply.status, headers: { "content-type": "application/json", ...reply.headers }, text: JSON.stringify(reply.body) };
}

/** An injected exact reply: a string body is sent as it is, anything else as JSON. */
function exactWire(reply: ExactReply): Wire {
  if (typeof reply.body === "string" || reply.body === undefined) return { status: reply.status, headers: reply.headers ?? {}, text: reply.body };
  return replyWire(reply);
}
