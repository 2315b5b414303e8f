// The API token never leaves through an error, a stack, a serialisation, a retry event or a log line.
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { TrutoApiError, TrutoError, type RetryEvent } from "../../src/index.js";
import { ACCOUNT, TOKEN, clientTestServer, fastRetries } from "../helpers/client.js";
import { remoteError, trutoError } from "../helpers/server.js";

const { server, client } = await clientTestServer();

describe("privacy", () => {
  it("the token is in no error, stack, serialisation, retry event or log line on any path", async () => {
    const logged: string[] = [];
    for (const method of ["log", "warn", "error", "info", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args.map((a) => inspect(a, { depth: 10 })).join(" ")));
    }
    const events: RetryEvent[] = [];
    const { onRetry } = fastRetries(events);
    const truto = client({ onRetry, timeoutMs: 1000, integration: "keap", unsupportedParameters: "warn" });
    const query = { integrated_account_id: ACCOUNT, engagement_type: "email", subject: "s" } as const;
    server.reply(
      trutoError(500, "a"), trutoError(502, "b"), trutoError(503, "c"),
      { status: 429, body: "", headers: { "retry-after": "3600" } },
      { kind: "reset" }, { kind: "reset" }, { kind: "resetBeforeResponse" },
      { status: 200, body: "{oops", headers: { "content-type": "application/json" } },
      { status: 400, body: `echo: Authorization: Bearer ${TOKEN}` },
      trutoError(401, `Invalid token ${TOKEN}`),
      remoteError(409, "locked", { echoed: TOKEN }, { "x-provider": "zoho" }),
      trutoError(404, "nope"),
    );
    const errors: unknown[] = [];
    for (let i = 0; i < 8; i++) errors.push(await truto.crm.engagements.delete("1", query).catch((e) => e));
    errors.push(await truto.crm.engagements.delete("..", query).catch((e) => e));
    errors.push(await truto.crm.engagements.delete("1", { ...query, engagement_type: "note" }).catch((e) => e));
    try {
      client({ token: `${TOKEN} ` });
    } catch (error) {
      errors.push(error);
    }
    vi.useRealTimers();
    server.reply({ kind: "hang" });
    errors.push(await client({ timeoutMs: 20, maxRetries: 0 }).crm.engagements.delete("1", query).catch((e) => e));

    expect(errors.filter((e) => e instanceof TrutoError).length).toBeGreaterThanOrEqual(10);
    const texts = errors.flatMap((e) => {
      const error = e as Error;
      return [String(error), error.message, error.stack ?? "", JSON.stringify(error), inspect(error, { depth: 10 }), JSON.stringify((error as TrutoApiError).body ?? null)];
    });
    texts.push(...logged, JSON.stringify(events), inspect(events, { depth: 10 }));
    for (const text of texts) expect(text).not.toContain(TOKEN);
    expect(texts.join("\n")).toContain("[REDACTED]");
  });
});
