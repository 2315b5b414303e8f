// The mock Truto: every spec operation answers; Truto's errors for bad requests; state, concurrency,
// faults seen through the real client, a clean close, and the `npm start` demo.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RateLimitError, TrutoConnectionError, createTrutoClient, type RetryEvent } from "../../src/index.js";
import { createMockTruto, type MockTruto } from "../../src/mock/index.js";

const spec = JSON.parse(readFileSync("generated/openapi.json", "utf8"));
let mock: MockTruto | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await mock?.close();
  mock = undefined;
});

async function start(options?: Parameters<typeof createMockTruto>[0]) {
  mock = await createMockTruto(options);
  return mock;
}

const call = (url: string, path: string, init: RequestInit = {}) =>
  fetch(`${url}${path}`, { method: "DELETE", ...init, headers: { authorization: "Bearer tok", ...init.headers } }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
    headers: r.headers,
  }));

describe("routing", () => {
  it("answers every operation of the spec with 200 for a stored record", async () => {
    const { url, accounts } = await start();
    const operations = Object.entries(spec.paths).flatMap(([path, item]) => Object.keys(item as object).map((method) => [method.toUpperCase(), path] as const));
    expect(operations.length).toBeGreaterThan(0);
    for (const [method, path] of operations) {
      const target = `${path.replace(/\{[^}]+\}/g, "23423523")}?integrated_account_id=${accounts.planhat}`;
      const response = await call(url, target, { method });
      expect(response.status, `${method} ${path}`).toBe(200);
      expect(response.body.id).toBe("23423523");
    }
  });

  it("deletes: the second DELETE of the same id is 404", async () => {
    const { url, accounts } = await start();
    const target = `/unified/crm/engagements/23423524?integrated_account_id=${accounts.planhat}`;
    expect((await call(url, target)).status).toBe(200);
    expect(await call(url, target)).toMatchObject({
      status: 404,
      body: { statusCode: 404, error: "Not Found", message: 'No record with id "23423524" in /unified/crm/engagements' },
    });
  });

  it("gives seeded, deterministic records shaped like the 200 schema", async () => {
    const first = await (await start({ seed: 7 })).url;
    const a = await call(first, `/unified/crm/engagements/23423523?integrated_account_id=${mock!.accounts.planhat}`);
    await mock!.close();
    const second = (await start({ seed: 7 })).url;
    const b = await call(second, `/unified/crm/engagements/23423523?integrated_account_id=${mock!.accounts.planhat}`);
    expect(a.body).toEqual(b.body);
    expect(Object.keys(a.body).sort()).toEqual([...Object.keys(spec.components.schemas.Engagement.properties)].sort());
    expect(a.body.remote_data).toEqual({ Id: "23423523", source: "mock" });
  });

  it("honours truto_exclude_fields, truto_ignore_remote_data and truto_response_format=raw", async () => {
    const { url, accounts } = await start();
    const trimmed = await call(url, `/unified/crm/engagements/23423523?integrated_account_id=${accounts.planhat}&truto_exclude_fields[]=subject&truto_exclude_fields[]=owner&truto_ignore_remote_data=true`);
    expect(trimmed.body).not.toHaveProperty("subject");
    expect(trimmed.body).not.toHaveProperty("owner");
    expect(trimmed.body).not.toHaveProperty("remote_data");
    expect(trimmed.body).toHaveProperty("status");
    const raw = await call(url, `/unified/crm/engagements/23423524?integrated_account_id=${accounts.planhat}&truto_response_format=raw`);
    expect(raw.body).toEqual({ Id: "23423524", source: "mock" });
  });
});

describe("errors like Truto's", () => {
  it.each([
    ["no token", "/unified/crm/engagements/1", { authorization: "" }, 401, "Invalid API token"],
    ["unknown route", "/unified/crm/widgets/1?integrated_account_id=x", {}, 404, "No route for DELETE /unified/crm/widgets/1"],
    ["missing integrated_account_id", "/unified/crm/engagements/1", {}, 400, 'Query parameter "integrated_account_id" is required'],
    ["integrated_account_id not a uuid", "/unified/crm/engagements/1?integrated_account_id=acct", {}, 400, 'Query parameter "integrated_account_id" must match format "uuid"'],
    ["enum value outside the spec", "/unified/crm/engagements/1?integrated_account_id=00000000-0000-4000-8000-000000000010&engagement_type=sms", {}, 400, 'Query parameter "engagement_type" must be one of call, chat, email, meeting, note'],
    ["unknown integrated account", "/unified/crm/engagements/1?integrated_account_id=11111111-1111-4111-8111-111111111111", {}, 404, "Integrated account not found"],
    ["value Keap does not allow", "/unified/crm/engagements/1?integrated_account_id=00000000-0000-4000-8000-000000000005&engagement_type=note", {}, 400, 'Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"'],
    ["parameter Keap requires", "/unified/crm/engagements/1?integrated_account_id=00000000-0000-4000-8000-000000000005", {}, 400, 'Query parameter "engagement_type" is required for Keap (allowed: email, meeting)'],
  ])("%s: Truto's error body naming it", async (_, path, headers, status, message) => {
    const { url } = await start();
    const response = await call(url, path, { headers });
    expect(response).toMatchObject({ status, body: { statusCode: status, message } });
    expect(Object.keys(response.body)).toEqual(["statusCode", "error", "message"]);
  });

  it("accepts only the configured token when one is set", async () => {
    const { url, accounts } = await start({ token: "tok_right" });
    expect((await call(url, `/unified/crm/engagements/23423523?integrated_account_id=${accounts.planhat}`)).status).toBe(401);
    const right = await call(url, `/unified/crm/engagements/23423523?integrated_account_id=${accounts.planhat}`, { headers: { authorization: "Bearer tok_right" } });
    expect(right.status).toBe(200);
  });
});

describe("faults, through the real client", () => {
  it("429 with Retry-After: the client waits exactly that, then succeeds", async () => {
    const { url, accounts } = await start();
    mock!.inject({ status: 429, message: "Rate limit exceeded", retryAfter: 1 });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const events: RetryEvent[] = [];
    const truto = createTrutoClient({ token: "tok", baseUrl: url, onRetry: (event) => (events.push(event), setImmediate(() => vi.advanceTimersByTime(event.delayMs))) });
    const deleted = await truto.crm.engagements.delete("23423523", { integrated_account_id: accounts.planhat });
    expect(deleted.id).toBe("23423523");
    expect(events.map((e) => [e.status, e.delayMs])).toEqual([[429, 1000]]);
    expect(mock!.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("a 429 that never clears reaches the caller as RateLimitError after the retries", async () => {
    const { url, accounts } = await start();
    mock!.inject({ status: 429, retryAfter: 0 }, 3);
    const error = await createTrutoClient({ token: "tok", baseUrl: url }).crm.engagements.delete("23423523", { integrated_account_id: accounts.planhat }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(mock!.requests.map((r) => r.status)).toEqual([429, 429, 429]);
  });

  it("5xx, remote errors, resets and slow answers", async () => {
    const { url, accounts } = await start();
    const truto = createTrutoClient({ token: "tok", baseUrl: url, maxRetries: 0, timeoutMs: 200 });
    const del = () => truto.crm.engagements.delete("23423523", { integrated_account_id: accounts.planhat }).catch((e) => e);
    mock!.inject({ status: 503 });
    expect((await del()).message).toBe("503 Service Unavailable");
    mock!.inject({ remote: true, status: 409, message: "Record locked", rawResponse: { code: "LOCKED" }, headers: { "x-ratelimit-remaining": "3" } });
    const remote = await del();
    expect([remote.status, remote.isRemoteError, remote.rawResponse, remote.headers.get("x-ratelimit-remaining")]).toEqual([409, true, { code: "LOCKED" }, "3"]);
    mock!.inject({ reset: true });
    expect(await del()).toBeInstanceOf(TrutoConnectionError);
    mock!.inject({ slow: 1_000 });
    expect((await del()).name).toBe("TrutoTimeoutError");
  });
});

describe("load and lifecycle", () => {
  it("answers 200 parallel requests, losing none", async () => {
    const { url, accounts } = await start({ ids: Array.from({ length: 200 }, (_, i) => String(i)) });
    const truto = createTrutoClient({ token: "tok", baseUrl: url });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => truto.crm.engagements.delete(String(i), { integrated_account_id: accounts.planhat })));
    expect(results.map((r) => r.id).sort()).toEqual(Array.from({ length: 200 }, (_, i) => String(i)).sort());
    expect(mock!.requests).toHaveLength(200);
    expect(mock!.requests.every((r) => r.status === 200)).toBe(true);
    // Every record is gone: a second round is all 404.
    const again = await Promise.all(Array.from({ length: 200 }, (_, i) => call(url, `/unified/crm/engagements/${i}?integrated_account_id=${accounts.planhat}`)));
    expect(new Set(again.map((r) => r.status))).toEqual(new Set([404]));
  });

  it("closes cleanly: pending slow answers dropped, no handle left, connections refused afterwards", async () => {
    const handles = () => process.getActiveResourcesInfo().filter((kind) => kind === "TCPServerWrap" || kind === "Timeout").length;
    const before = handles();
    const { url, accounts } = await start();
    mock!.inject({ slow: 10_000 });
    const pending = call(url, `/unified/crm/engagements/23423523?integrated_account_id=${accounts.planhat}`).catch((e) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // close() must not wait for the 10 s slow answer: it wins a race against a 5 s timer.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise((resolve) => (timer = setTimeout(resolve, 5_000, "waited")));
    const first = await Promise.race([mock!.close().then(() => "closed"), waited]);
    clearTimeout(timer);
    mock = undefined;
    expect(first).toBe("closed");
    expect(await pending).toBeInstanceOf(TypeError);
    // Handles are released in the loop's close phase, just after close() resolves.
    await new Promise((resolve) => setImmediate(resolve));
    expect(handles()).toBeLessThanOrEqual(before);
    await expect(fetch(url)).rejects.toThrow("fetch failed");
  });
});

describe("README", () => {
  it("the mock section's sample runs as written (imports pointed at src/)", async () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("## Mock Truto and the demo"));
    const sample = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    await mkdir(".artifacts", { recursive: true });
    const file = ".artifacts/readme-mock-sample.mts";
    const code = sample.replace('from "truto-crm-openapi/mock"', `from "${process.cwd()}/src/mock/index.ts"`);
    await writeFile(file, `import { createTrutoClient } from "${process.cwd()}/src/index.ts";\n${code}\nconsole.log(JSON.stringify(mock.requests.map((r) => r.status)), typeof page.crm.engagements.delete);\n`);
    const { stdout } = await promisify(execFile)("npx", ["tsx", file], { timeout: 30_000 });
    expect(stdout.trim()).toBe("[200] function");
  }, 40_000);
});

describe("npm start", () => {
  it("runs the scripted session against the mock and exits 0", async () => {
    const env = { ...process.env };
    delete env.TRUTO_API_TOKEN;
    const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/demo.ts"], { env, timeout: 30_000 });
    const lines = stdout.split("\n").map((line) => line.replace(/127\.0\.0\.1:\d+/, "127.0.0.1:PORT"));
    expect(lines).toContain("   deleted 23423523");
    expect(lines).toContain('   TrutoValidationError: Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"');
    expect(lines).toContain("   retry 1 after 429 in 1000 ms");
    expect(lines).toContain("   > DELETE /unified/crm/engagements/23423524?integrated_account_id=00000000-0000-4000-8000-000000000005&engagement_type=email HTTP/1.1  → 429");
    expect(lines).toContain("   > DELETE /unified/crm/engagements/23423525?engagement_type=email HTTP/1.1  → 200");
    expect(lines.at(-2)).toBe("done");
  }, 40_000);
});
