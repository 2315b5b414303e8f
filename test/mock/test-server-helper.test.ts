// The loopback test server of test/helpers/server.ts itself (not the client), driven with plain
// fetch: recording, queued replies, faults, close().
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { remoteError, startServer, trutoError, type TestServer } from "../helpers/server.js";

/** The entries of `after` beyond those of `before` (as multisets). */
function added(before: string[], after: string[]): string[] {
  const left = [...before];
  return after.filter((handle) => {
    const index = left.indexOf(handle);
    if (index === -1) return true;
    left.splice(index, 1);
    return false;
  });
}

describe("close()", () => {
  // First in the file, so no other test's sockets or timers are still closing while it counts handles.
  it("resolves at once and leaves no handle behind: hanging, delayed and streaming replies, idle keep-alive sockets", async () => {
    const handlesBefore = process.getActiveResourcesInfo();
    const local = await startServer();
    await Promise.all([fetch(local.url).then((r) => r.text()), fetch(local.url).then((r) => r.text())]);
    // An hour each: close() returning within the test's timeout proves it waited for none of them.
    local.reply({ kind: "hang" }, { kind: "delay", ms: 3_600_000, reply: { status: 200 } }, { kind: "stream", chunks: ["a", "b"], intervalMs: 3_600_000 });
    const pending = [fetch(local.url), fetch(local.url), fetch(local.url).then((r) => r.text())].map((p) => p.catch((e: unknown) => e));
    while (local.requests.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    await local.close();
    for (const error of await Promise.all(pending)) expect(error).toBeInstanceOf(TypeError);
    // Handles are released in the loop's close phase, after close() resolves. A timer of vitest's own
    // may end meanwhile, so what is compared is what was added.
    await new Promise((resolve) => setImmediate(resolve));
    expect(added(handlesBefore, process.getActiveResourcesInfo())).toEqual([]);
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

    it("delays a reply: a request sent after it is answered first", async () => {
      server.reply({ kind: "delay", ms: 1_000, reply: { status: 202 } }, { status: 201 });
      const answered: number[] = [];
      const delayed = fetch(server.url).then((r) => answered.push(r.status));
      while (server.requests.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      await fetch(server.url).then((r) => answered.push(r.status));
      await delayed;
      expect(answered).toEqual([201, 202]);
    });

    it("streams chunks one per interval", async () => {
      server.reply({ kind: "stream", chunks: ['{"id":', '"1"', "}"], intervalMs: 40, headers: { "x-stream": "yes" } });
      const response = await fetch(server.url);
      expect([response.headers.get("transfer-encoding"), response.headers.get("x-stream")]).toEqual(["chunked", "yes"]);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      // One read per chunk: written together, they would arrive as one.
      const reads: string[] = [];
      for (let read = await reader.read(); !read.done; read = await reader.read()) reads.push(read.value);
      expect(reads).toEqual(['{"id":', '"1"', "}"]);
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
