// The client bundled for the browser (esbuild), run in headless Chromium against the loopback
// server across origins (CORS): same wire request, same errors, nothing else on the network.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.js";
import { createMockTruto, type MockTruto } from "../../src/mock/index.js";
import { startServer, trutoError, type TestServer } from "../helpers/server.js";

const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
let api: TestServer;
let pages: Server;
let pageUrl: string;
let browser: Browser;
let page: Page;
const outside: string[] = [];

/** Runs `body` as an async function in the page, with the bundle imported as `truto`. */
function inPage<T>(body: string): Promise<T> {
  return page.evaluate(`(async () => { const lib = await import("/client.js"); ${body} })()`) as Promise<T>;
}

beforeAll(async () => {
  api = await startServer({ cors: true });
  const bundle = await build({ entryPoints: ["src/index.ts"], bundle: true, format: "esm", platform: "browser", minify: true, write: false });
  const js = bundle.outputFiles[0]!.text;
  pages = createServer((req, res) => {
    if (req.url === "/client.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>client</title>");
  });
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/`;
  browser = await launchChromium();
  page = await browser.newPage();
  // Observed, not intercepted: interception would make Playwright answer CORS preflights itself.
  page.on("request", (request) => {
    if (!request.url().startsWith("http://127.0.0.1:")) outside.push(request.url());
  });
  await page.goto(pageUrl, { timeout: 15_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (pages) await new Promise((resolve) => pages.close(resolve));
  await api?.close();
});

describe("client in Chromium", () => {
  it("deletes an engagement across origins with the same request line and Bearer header", async () => {
    api.reply({ status: 200, body: { id: "23423523", subject: "Intro" } });
    const result = await inPage(`
      const truto = lib.createTrutoClient({ token: "tok_browser", baseUrl: ${JSON.stringify(api.url)} });
      return truto.crm.engagements.delete("23423523", { integrated_account_id: "${ACCOUNT}", truto_exclude_fields: ["id", "name"] });
    `);
    expect(result).toEqual({ id: "23423523", subject: "Intro" });
    const sent = api.requests.filter((r) => r.method !== "OPTIONS");
    expect(sent.map((r) => r.requestLine)).toEqual([
      `DELETE /unified/crm/engagements/23423523?integrated_account_id=${ACCOUNT}&truto_exclude_fields[]=id&truto_exclude_fields[]=name HTTP/1.1`,
    ]);
    expect(sent[0]!.headers.authorization).toBe("Bearer tok_browser");
    expect(sent[0]!.headers.origin).toBe(pageUrl.slice(0, -1));
    // The Authorization header makes it a non-simple request: the browser asked first.
    expect(api.requests[0]!.requestLine).toBe(`OPTIONS /unified/crm/engagements/23423523?integrated_account_id=${ACCOUNT}&truto_exclude_fields[]=id&truto_exclude_fields[]=name HTTP/1.1`);
    expect(api.requests[0]!.headers["access-control-request-headers"]).toBe("authorization");
  });

  it("throws the typed errors in the page: API errors and pre-flight refusals", async () => {
    api.reset();
    api.reply(trutoError(404, "Engagement not found"));
    const errors = await inPage<string[][]>(`
      const truto = lib.createTrutoClient({ token: "tok_browser", baseUrl: ${JSON.stringify(api.url)}, integration: "keap" });
      const query = { integrated_account_id: "${ACCOUNT}", engagement_type: "email" };
      const notFound = await truto.crm.engagements.delete("1", query).catch((e) => e);
      const refused = await truto.crm.engagements.delete("1", { ...query, engagement_type: "note" }).catch((e) => e);
      return [notFound, refused].map((e) => [e.name, e.message, String(e instanceof lib.TrutoError)]);
    `);
    expect(errors).toEqual([
      ["NotFoundError", "404 Engagement not found", "true"],
      ["TrutoValidationError", 'Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"', "true"],
    ]);
    expect(api.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
  });

  it("calls with an integrated account token, the browser-safe credential: no integrated_account_id in the URL", async () => {
    api.reset();
    api.reply(trutoError(401, "Token expired"), { status: 200, body: { id: "7" } });
    const result = await inPage(`
      const issued = ["iat_expired", "iat_fresh"];
      const truto = lib.createTrutoClient({ integratedAccountToken: async () => issued.shift(), baseUrl: ${JSON.stringify(api.url)} });
      return truto.crm.engagements.delete("7", {});
    `);
    expect(result).toEqual({ id: "7" });
    const sent = api.requests.filter((r) => r.method === "DELETE");
    expect(sent.map((r) => [r.requestLine, r.headers.authorization])).toEqual([
      ["DELETE /unified/crm/engagements/7 HTTP/1.1", "Bearer iat_expired"],
      ["DELETE /unified/crm/engagements/7 HTTP/1.1", "Bearer iat_fresh"],
    ]);
  });

  it("deletes with an integrated account token against the mock Truto: delete(id, {}), the account inferred", async () => {
    const mock: MockTruto = await createMockTruto({ seed: 1 });
    try {
      const token = mock.accountToken(mock.accounts.planhat);
      const result = await inPage<{ id: string }>(`
        const truto = lib.createTrutoClient({ integratedAccountToken: ${JSON.stringify(token)}, baseUrl: ${JSON.stringify(mock.url)} });
        return truto.crm.engagements.delete("23423523", {});
      `);
      expect(result.id).toBe("23423523");
      expect(mock.requests.map((r) => [r.requestLine, r.status])).toEqual([["DELETE /unified/crm/engagements/23423523 HTTP/1.1", 200]]);
    } finally {
      await mock.close();
    }
  });

  it("sends nothing anywhere but the two loopback servers", () => {
    expect(outside).toEqual([]);
  });
});
