// Loopback HTTP server for the client tests: records raw requests and plays queued replies/faults.
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
// From node:timers, not the globals: tests fake the global timers to skip retry waits.
import { clearTimeout, setTimeout } from "node:timers";

export interface RecordedRequest {
  method: string;
  /** `req.url` exactly as it arrived: nothing decoded or normalised. */
  rawUrl: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  rawHeaders: string[];
  body: string;
  /** e.g. `DELETE /unified/crm/engagements/1?integrated_account_id=… HTTP/1.1` */
  requestLine: string;
}

export type Reply =
  | { kind?: undefined; status: number; body?: unknown; headers?: Record<string, string> }
  /** Status line, headers and part of a longer body, then the socket is destroyed. */
  | { kind: "reset" }
  /** The socket is destroyed before any response. */
  | { kind: "resetBeforeResponse" }
  /** No answer at all (until close()). */
  | { kind: "hang" }
  | { kind: "delay"; ms: number; reply: Reply }
  /** Chunked body, one chunk per interval. */
  | { kind: "stream"; chunks: string[]; intervalMs: number; headers?: Record<string, string> }
  /** Status line, headers and the start of a body (default 200, JSON `{"id":`), then nothing more until close(). */
  | { kind: "stall"; status?: number; start?: string; headers?: Record<string, string> };

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Queues replies, used one per request in order; then 200 `{"id":"23423523"}`. */
  reply(...replies: Reply[]): void;
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_REPLY: Reply = { status: 200, body: { id: "23423523" } };

export interface ServerOptions {
  /** Answer CORS preflights and allow any origin, for calls from a browser page. */
  cors?: boolean;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "*",
};
const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  "access-control-allow-methods": "GET, PUT, POST, DELETE, PATCH",
  "access-control-allow-headers": "authorization, content-type",
};

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  function play(reply: Reply, req: IncomingMessage, res: ServerResponse): void {
    switch (reply.kind) {
      case undefined: {
        const isText = typeof reply.body === "string";
        const body = reply.body === undefined ? "" : isText ? (reply.body as string) : JSON.stringify(reply.body);
        const type = reply.body === undefined || isText ? {} : { "content-type": "application/json" };
        res.writeHead(reply.status, { ...type, ...reply.headers });
        res.end(body);
        return;
      }
      case "reset":
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
        res.write('{"id":"2342', () => later(5, () => req.socket.destroy()));
        return;
      case "resetBeforeResponse":
        req.socket.destroy();
        return;
      case "hang":
        return;
      case "delay":
        later(reply.ms, () => play(reply.reply, req, res));
        return;
      case "stall":
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.write(reply.start ?? '{"id":');
        return;
      case "stream": {
        res.writeHead(200, { "content-type": "application/json", ...reply.headers });
        const [first, ...rest] = reply.chunks;
        res.write(first ?? "");
        const next = (chunks: string[]) => {
          if (chunks.length === 0) return void res.end();
          later(reply.intervalMs, () => {
            res.write(chunks[0]);
            next(chunks.slice(1));
          });
        };
        next(rest);
        return;
      }
    }
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(", ") : (value ?? "");
      requests.push({
        method: req.method ?? "",
        rawUrl: req.url ?? "",
        headers,
        rawHeaders: req.rawHeaders,
        body,
        requestLine: `${req.method} ${req.url} HTTP/${req.httpVersion}`,
      });
      if (options.cors) {
        if (req.method === "OPTIONS") return void res.writeHead(204, PREFLIGHT_HEADERS).end();
        for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
      }
      play(queue.shift() ?? DEFAULT_REPLY, req, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => void queue.push(...replies),
    reset() {
      requests.length = 0;
      queue.length = 0;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Truto's own error body: `{ statusCode, error, message }` plus any extra fields. */
export function trutoError(status: number, message: string, extra?: Record<string, unknown>, headers?: Record<string, string>): Reply {
  return { status, body: { statusCode: status, error: STATUS_CODES[status], message, ...extra }, headers };
}

/** A failure of the CRM behind Truto: flagged, with the provider's body and forwarded headers. */
export function remoteError(status: number, message: string, rawResponse: unknown, providerHeaders: Record<string, string> = {}): Reply {
  return trutoError(status, message, { truto_is_remote_error: true, raw_response: rawResponse }, providerHeaders);
}
