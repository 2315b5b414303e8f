// Shared by the test/client-*.test.ts files: a loopback test server for the file, a client on it,
// and fake-timer retries. Every test starts with real timers, no spies and an empty server.
import { afterAll, afterEach, vi } from "vitest";
import { createTrutoClient, type IntegrationSlug, type RetryEvent, type TrutoClient, type ApiTokenClientOptions } from "../../src/index.js";
import { startServer } from "./server.js";

export const TOKEN = "tok_live_5f2b9c0e41d8a7";
export const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
export const ENGAGEMENT = { id: "23423523", engagement_type: "call", subject: "Intro call" };

export type ClientOptions = Partial<ApiTokenClientOptions<IntegrationSlug | undefined>>;

/** Starts the file's server; call once at the top of a test file (top-level await). */
export async function clientTestServer() {
  const server = await startServer();
  afterEach(() => {
    server.reset();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  afterAll(() => server.close());
  return {
    server,
    /** A client on the test server; typed without an integration so tests can send what types forbid. */
    client: (options: ClientOptions = {}): TrutoClient => createTrutoClient({ token: TOKEN, baseUrl: server.url, ...options }) as TrutoClient,
    /** The request lines the server received, in order. */
    lines: () => server.requests.map((r) => r.requestLine),
  };
}

/** Retries wait on fake timers, advanced by exactly the delay each retry asks for. */
export function fastRetries(events: RetryEvent[] = [], now?: Date) {
  vi.useFakeTimers({ toFake: now ? ["setTimeout", "clearTimeout", "Date"] : ["setTimeout", "clearTimeout"], now });
  const onRetry = (event: RetryEvent) => {
    events.push(event);
    setImmediate(() => vi.advanceTimersByTime(event.delayMs));
  };
  return { events, onRetry };
}
