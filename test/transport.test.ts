// The transport on its own, with an injected fetch: methods retried, bodies re-sent, timers released.
import { describe, expect, it, vi } from "vitest";
import { createTransport, type TransportOptions } from "../src/transport.js";

/** A fetch that answers from a list and records what each attempt sent. */
function scriptedFetch(statuses: number[]) {
  const sent: { method: string; body: string }[] = [];
  const fetch = vi.fn(async (request: Request, init?: RequestInit) => {
    sent.push({ method: request.method, body: await new Request(request, init).text() });
    return new Response(null, { status: statuses[sent.length - 1] ?? 200, headers: { "retry-after": "0" } });
  });
  return { fetch, sent };
}

const options = (fetch: TransportOptions["fetch"], overrides: Partial<TransportOptions> = {}): TransportOptions => ({
  fetch, maxRetries: 2, timeoutMs: 1_000, retryNonIdempotent: false, onRetry: undefined, ...overrides,
});

describe("transport", () => {
  it("does not retry POST unless the caller opts in", async () => {
    const { fetch } = scriptedFetch([503, 503, 200]);
    const response = await createTransport(options(fetch))(new Request("http://x.test/a", { method: "POST", body: "{}" }));
    expect(response.status).toBe(503);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("re-sends the same body on each retry when the caller opts in", async () => {
    const { fetch, sent } = scriptedFetch([503, 502, 201]);
    const transport = createTransport(options(fetch, { retryNonIdempotent: true }));
    const response = await transport(new Request("http://x.test/a", { method: "POST", body: '{"subject":"hi"}' }));
    expect(response.status).toBe(201);
    expect(sent).toEqual([
      { method: "POST", body: '{"subject":"hi"}' },
      { method: "POST", body: '{"subject":"hi"}' },
      { method: "POST", body: '{"subject":"hi"}' },
    ]);
  });

  it("leaves no timer and no abort listener behind after a call", async () => {
    const { fetch } = scriptedFetch([200]);
    const caller = new AbortController();
    const added = vi.spyOn(caller.signal, "addEventListener");
    const removed = vi.spyOn(caller.signal, "removeEventListener");
    const clear = vi.spyOn(globalThis, "clearTimeout");
    await createTransport(options(fetch))(new Request("http://x.test/a", { method: "DELETE" }), undefined, caller.signal);
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledWith("abort", added.mock.calls[0]![1]);
    expect(clear).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });

  it("links nothing when the call has no signal of its own", async () => {
    const { fetch } = scriptedFetch([200]);
    const request = new Request("http://x.test/a", { method: "DELETE" });
    const added = vi.spyOn(request.signal, "addEventListener");
    await createTransport(options(fetch))(request);
    expect(added).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});
