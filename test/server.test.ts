// The loopback test server itself, driven with plain fetch: recording, queued replies, faults, close().
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { remoteError, startServer, trutoError, type TestServer } from "./helpers/server.js";

describe("close()", () => {
  // First in the file, so no other test's sockets or timers are still closing while it counts handles.
  it("resolves at once and leaves no handle behind: hanging, delayed and streaming replies, idle keep-alive sockets", async () => {
    const handlesBefore = process.getActiveResourcesInfo().sort();
    const local = await startServer();
    await Promise.all([fetch(local.url).then((r) => r.text()), fetch(local.url).then((r) => r.text())]);
    local.reply({ kind: "hang" }, { kind: "delay", ms: 10_000, reply: { status: 200 } }, { kind: "stream", chunks: ["a", "b"], intervalMs: 10_000 });
    const pending = [fetch(local.url), fetch(local.url), fetch(local.url).then((r) => r.text())].map((p) => p.catch((e: unknown) => e));
    while (local.requests.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await local.close();
    expect(performance.now() - started).toBeLessThan(100);
    for (const error of await Promise.all(pending)) expect(error).toBeInstanceOf(TypeError);
    // Handles are released in the loop's close phase, after close() resolves.
    await new Promise((resolve) => setImmediate(resolve));
    expect(process.getActiveResourcesInfo().sort()).toEqual(handlesBefore);
  });
});

describe("a running server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  describe("recording", () => {
    it("keeps the request target exactly as sent", async () => {
      await fetch(`${server.url}/unified/crm/engagements/a%2Fb?truto_exclude_fields[]=id`);
      const [request] = server.requests;
      expect(request?.rawUrl).toBe("/unified/crm/engagements/a%2Fb?truto_exclude_fields[]=id");
      expect(request?.requestLine).toBe("GET /unified/crm/engagements/a%2Fb?truto_exclude_fields[]=id HTTP/1.1");
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it("records method, lower-cased headers, raw headers and body, in arrival order", async () => {
      await fetch(`${server.url}/a`, { method: "POST", headers: { "X-Trace-Id": "t1", "Content-Type": "application/json" }, body: '{"n":1}' });
      await fetch(`${server.url}/b`, { method: "DELETE" });
      const [post, del] = server.requests;
      expect(post).toMatchObject({ method: "POST", rawUrl: "/a", body: '{"n":1}' });
      expect(post?.headers).toMatchObject({ "x-trace-id": "t1", "content-type": "application/json", "content-length": "7" });
      expect(post?.rawHeaders).toEqual(expect.arrayContaining(["X-Trace-Id", "t1"]));
      expect(del).toMatchObject({ method: "DELETE", rawUrl: "/b", body: "" });
    });

    it("reset() forgets requests and queued replies", async () => {
      server.reply({ status: 500 });
      await fetch(server.url);
      server.reply({ status: 418 });
      server.reset();
      expect(server.requests).toEqual([]);
      expect((await fetch(server.url)).status).toBe(200);
    });
  });

  describe("replies", () => {
    it("plays the queue in order, then the default", async () => {
      server.reply({ status: 201, body: { id: "1" } }, { status: 204 }, { status: 200, body: '{"oops', headers: { "content-type": "application/json" } });
      const created = await fetch(server.url);
      expect([created.status, created.headers.get("content-type"), await created.json()]).toEqual([201, "application/json", { id: "1" }]);
      const empty = await fetch(server.url);
      expect([empty.status, await empty.text()]).toEqual([204, ""]);
      const malformed = await fetch(server.url);
      expect([malformed.headers.get("content-type"), await malformed.text()]).toEqual(["application/json", '{"oops']);
      const fallback = await fetch(server.url);
      expect([fallback.status, fallback.headers.get("content-type"), await fallback.json()]).toEqual([200, "application/json", { id: "23423523" }]);
    });

    it("builds Truto and remote error bodies", async () => {
      server.reply(
        trutoError(404, "Engagement not found", { code: "x" }),
        remoteError(429, "Too many", { errors: ["slow down"] }, { "x-ratelimit-remaining": "0", "retry-after": "3" }),
      );
      const notFound = await fetch(server.url);
      expect([notFound.status, await notFound.json()]).toEqual([404, { statusCode: 404, error: "Not Found", message: "Engagement not found", code: "x" }]);
      const limited = await fetch(server.url);
      expect(limited.status).toBe(429);
      expect([limited.headers.get("x-ratelimit-remaining"), limited.headers.get("retry-after")]).toEqual(["0", "3"]);
      expect(await limited.json()).toEqual({
        statusCode: 429, error: "Too Many Requests", message: "Too many", truto_is_remote_error: true, raw_response: { errors: ["slow down"] },
      });
    });

    it("delays a reply", async () => {
      server.reply({ kind: "delay", ms: 60, reply: { status: 202 } });
      const started = performance.now();
      expect((await fetch(server.url)).status).toBe(202);
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    });

    it("streams chunks one per interval", async () => {
      server.reply({ kind: "stream", chunks: ['{"id":', '"1"', "}"], intervalMs: 40, headers: { "x-stream": "yes" } });
      const response = await fetch(server.url);
      expect([response.headers.get("transfer-encoding"), response.headers.get("x-stream")]).toEqual(["chunked", "yes"]);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      const arrivals: { text: string; at: number }[] = [];
      for (let read = await reader.read(); !read.done; read = await reader.read()) arrivals.push({ text: read.value, at: performance.now() });
      expect(arrivals.map((a) => a.text)).toEqual(['{"id":', '"1"', "}"]);
      expect(arrivals[2]!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(70);
    });
  });

  describe("faults", () => {
    it("reset: headers arrive, then reading the body fails with a TypeError", async () => {
      server.reply({ kind: "reset" });
      const response = await fetch(server.url);
      expect([response.status, response.headers.get("content-length")]).toEqual([200, "1000"]);
      const error: unknown = await response.text().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ message: "terminated", cause: { code: "UND_ERR_SOCKET" } });
    });

    it("resetBeforeResponse: fetch itself fails with a TypeError", async () => {
      server.reply({ kind: "resetBeforeResponse" });
      const error: unknown = await fetch(server.url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ message: "fetch failed", cause: { code: "UND_ERR_SOCKET" } });
      expect(server.requests).toHaveLength(1);
    });

    it("hang: only the client's timeout ends the call", async () => {
      server.reply({ kind: "hang" });
      const error: unknown = await fetch(server.url, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "TimeoutError" });
      expect(server.requests).toHaveLength(1);
    });
  });
});
