// For tests of the client on the wire: one mock Truto per test file (src/mock, on 127.0.0.1) and
// clients on it; fake-timer retries; a fetch that tells when response headers arrived.
import { afterAll, afterEach, vi } from "vitest";
import { createTrutoClient, type ApiTokenClientOptions, type IntegrationSlug, type RetryEvent, type TrutoClient } from "../../src/index.js";
import { createMockTruto } from "../../src/mock/index.js";
import { TEST_ACCOUNTS, TOKEN } from "./constants.js";
import { FIXTURE_INTEGRATIONS, removeFixtureGenerated } from "./fixture-api.js";

export type ClientOptions = Partial<ApiTokenClientOptions<IntegrationSlug | undefined>>;

/**
 * Starts the file's mock (accepting only TOKEN, with TEST_ACCOUNTS); call once at the top of a test
 * file (top-level await). Every test starts with a reset mock, real timers and no spies.
 */
export async function mockServer() {
  const mock = await createMockTruto({ token: TOKEN, integrations: { ...TEST_ACCOUNTS } });
  afterEach(() => {
    mock.reset();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  afterAll(() => mock.close());
  return {
    mock,
    /** A client on the mock; typed without an integration so tests can send what the types forbid. */
    client: (options: ClientOptions = {}): TrutoClient => createTrutoClient({ token: TOKEN, baseUrl: mock.url, ...options }) as TrutoClient,
    /** The request lines the mock received, in order. */
    lines: () => mock.requests.map((r) => r.requestLine),
  };
}

/**
 * For a test file that serves the fixture API's tables through vi.mock (see fixture-api.ts): a mock on
 * them with Acme CRM behind FIXTURE_ACCOUNT (it fills id, subject and priority), reset after each test.
 */
export async function fixtureMockServer() {
  const mock = await createMockTruto({ token: TOKEN, integrations: FIXTURE_INTEGRATIONS as never });
  afterEach(() => {
    mock.reset();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await mock.close();
    await removeFixtureGenerated();
  });
  return mock;
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

/**
 * A fetch for the client's `fetch` option that tells when response headers arrived: a test waits on
 * that event (`await arrived(1)`), never on a sleep.
 */
export function observedFetch() {
  const responses: Response[] = [];
  const waiters: { count: number; resolve: (responses: Response[]) => void }[] = [];
  const fetch = async (input: Request, init?: RequestInit): Promise<Response> => {
    const response = await globalThis.fetch(input, init);
    responses.push(response);
    for (const waiter of waiters.filter((w) => responses.length >= w.count)) waiter.resolve(responses);
    return response;
  };
  /** Resolves once `count` responses in all have arrived (their headers, not their bodies). */
  const arrived = (count: number): Promise<Response[]> =>
    responses.length >= count ? Promise.resolve(responses) : new Promise((resolve) => waiters.push({ count, resolve }));
  return { fetch, arrived };
}
