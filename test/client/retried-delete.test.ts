// A DELETE retried after an attempt that got no response (timeout, lost connection), then
// answered 404: that first attempt may have deleted the record. The NotFoundError says so
// (earlierAttemptMayHaveActed, and its message); a retry after an HTTP error status does not.
import { describe, expect, it } from "vitest";
import { InternalServerError, NotFoundError, TrutoApiError, createTrutoClient, type RetryEvent, type TrutoClient } from "../../src/index.js";
import { afterLostAttempt, createTransport } from "../../src/transport.js";
import { ACCOUNT, TOKEN, clientTestServer } from "../helpers/client.js";
import { trutoError } from "../helpers/server.js";

const { server } = await clientTestServer();

const client = (events: RetryEvent[] = []): TrutoClient =>
  createTrutoClient({ token: TOKEN, baseUrl: server.url, timeoutMs: 100, onRetry: (event) => void events.push(event) }) as TrutoClient;

describe("404 on a retried DELETE", () => {
  it("after a timeout whose attempt did delete (200 too late): NotFoundError flagged, message says so", async () => {
    server.reply({ kind: "delay", ms: 300, reply: { status: 200, body: { id: "1" } } }, trutoError(404, "Engagement not found"));
    const events: RetryEvent[] = [];
    const error = await client(events).crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as TrutoApiError).message).toBe("404 Engagement not found (retried: an earlier attempt got no response and may have deleted it)");
    expect((error as TrutoApiError).earlierAttemptMayHaveActed).toBe(true);
    expect(events.map((e) => e.error?.name)).toEqual(["TrutoTimeoutError"]);
    expect(server.requests).toHaveLength(2);
  });

  it("after a connection lost before any response: flagged", async () => {
    server.reply({ kind: "resetBeforeResponse" }, trutoError(404, "Engagement not found"));
    const error = (await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e: unknown) => e)) as TrutoApiError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.earlierAttemptMayHaveActed).toBe(true);
  });

  it("after a 503 (an answer: nothing was done): not flagged, message as Truto gave it", async () => {
    server.reply(trutoError(503, "busy", undefined, { "retry-after": "0" }), trutoError(404, "Engagement not found"));
    const error = (await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e: unknown) => e)) as TrutoApiError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("404 Engagement not found");
    expect(error.earlierAttemptMayHaveActed).toBe(false);
  });

  it("a first-attempt 404 is not flagged", async () => {
    server.reply(trutoError(404, "Engagement not found"));
    const error = (await client().crm.engagements.delete("1", { integrated_account_id: ACCOUNT }).catch((e: unknown) => e)) as TrutoApiError;
    expect(error.earlierAttemptMayHaveActed).toBe(false);
  });

  it("other statuses after a lost attempt are flagged too; other methods say 'may have acted'", async () => {
    const fetch = async (_: Request, init?: RequestInit) => {
      if (!attempts++) throw new TypeError("socket hang up");
      return new Response(JSON.stringify({ statusCode: 500, error: "x", message: "boom" }), { status: 500, headers: { "content-type": "application/json" } });
    };
    let attempts = 0;
    const error = (await createTrutoClient({ token: TOKEN, fetch, maxRetries: 1, onRetry: () => {} })
      .crm.engagements.delete("1", { integrated_account_id: ACCOUNT })
      .catch((e: unknown) => e)) as TrutoApiError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe("500 boom (retried: an earlier attempt got no response and may have deleted it)");
    const post = new TrutoApiError(500, { statusCode: 500, error: "x", message: "boom" }, new Headers(), "POST", "http://x.test", true);
    expect(post.message).toBe("500 boom (retried: an earlier attempt got no response and may have acted)");
  });

  it("the transport marks only responses to a retry after a lost attempt", async () => {
    const answers: (Response | Error)[] = [new TypeError("reset"), new Response(null, { status: 404 }), new Response(null, { status: 404 })];
    const fetch = async () => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    };
    const transport = createTransport({ fetch, maxRetries: 1, timeoutMs: Infinity, retryNonIdempotent: false, onRetry: undefined });
    const retried = await transport(new Request("http://x.test/a", { method: "DELETE" }));
    const first = await transport(new Request("http://x.test/a", { method: "DELETE" }));
    expect([afterLostAttempt.has(retried), afterLostAttempt.has(first)]).toEqual([true, false]);
  });
});
