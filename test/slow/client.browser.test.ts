// The client bundled for the browser (esbuild), run in headless Chromium against the mock Truto
// across origins (CORS, the mock answers preflights): same wire request, same answers and errors as
// in Node, nothing else on the network.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import type { Browser, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/chromium.js";
import { mockServer } from "../helpers/client.js";
import { ACCOUNT, IDS, KEAP_ACCOUNT, PLANHAT_ACCOUNT, TOKEN } from "../helpers/constants.js";

const { mock, client } = await mockServer();
let pages: Server;
let pageUrl: string;
let browser: Browser;
let page: Page;
let devtools: CDPSession;
const outside: string[] = [];
/** The CORS preflights the browser sent, by DevTools request id (the mock answers them without recording them). */
const preflights = new Map<string, { url: string; method?: string; requestHeaders?: string; status?: number }>();

/** Runs `body` as an async function in the page, with the bundle imported as `lib`. */
function inPage<T>(body: string): Promise<T> {
  return page.evaluate(`(async () => { const lib = await import("/client.js"); ${body} })()`) as Promise<T>;
}

/** What the mock received: request line, token and origin, and the status it answered. */
const received = () => mock.requests.map((r) => ({ requestLine: r.requestLine, authorization: r.headers.authorization, origin: r.headers.origin, status: r.status }));

beforeAll(async () => {
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
  // Chromium reports its CORS preflights to DevTools only: the OPTIONS request, its headers as sent, its answer.
  devtools = await page.context().newCDPSession(page);
  devtools.on("Network.requestWillBeSent", ({ requestId, request }) => {
    if (request.method === "OPTIONS") preflights.set(requestId, { url: request.url });
  });
  devtools.on("Network.requestWillBeSentExtraInfo", ({ requestId, headers }) => {
    const preflight = preflights.get(requestId);
    if (preflight) Object.assign(preflight, { method: headers["Access-Control-Request-Method"], requestHeaders: headers["Access-Control-Request-Headers"] });
  });
  devtools.on("Network.responseReceived", ({ requestId, response }) => {
    const preflight = preflights.get(requestId);
    if (preflight) preflight.status = response.status;
  });
  await devtools.send("Network.enable");
  await page.goto(pageUrl, { timeout: 15_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (pages) await new Promise((resolve) => pages.close(resolve));
});

describe("client in Chromium, against the mock Truto", () => {
  it("deletes an engagement across origins with the same request line and Bearer header, after a CORS preflight", async () => {
    const result = await inPage(`
      const truto = lib.createTrutoClient({ token: ${JSON.stringify(TOKEN)}, baseUrl: ${JSON.stringify(mock.url)} });
      return truto.crm.engagements.delete("${IDS[0]}", { integrated_account_id: "${ACCOUNT}", truto_exclude_fields: ["id", "name"] });
    `);
    // Capsule fills the id (excluded here) and Truto adds remote_data.
    expect(result).toEqual({ remote_data: { Id: IDS[0], source: "mock" } });
    const url = `/unified/crm/engagements/${IDS[0]}?integrated_account_id=${ACCOUNT}&truto_exclude_fields[]=id&truto_exclude_fields[]=name`;
    expect(received()).toEqual([{ requestLine: `DELETE ${url} HTTP/1.1`, authorization: `Bearer ${TOKEN}`, origin: pageUrl.slice(0, -1), status: 200 }]);
    // The Authorization header makes it a non-simple request: the browser asked first.
    expect([...preflights.values()].filter((p) => p.url === `${mock.url}${url}`)).toEqual([{ url: `${mock.url}${url}`, method: "DELETE", requestHeaders: "authorization", status: 204 }]);
  });

  it("answers the same record in the page as in Node", async () => {
    const inBrowser = await inPage(`
      const truto = lib.createTrutoClient({ token: ${JSON.stringify(TOKEN)}, baseUrl: ${JSON.stringify(mock.url)} });
      return truto.crm.engagements.delete("${IDS[1]}", { integrated_account_id: "${PLANHAT_ACCOUNT}" });
    `);
    const [sent] = received();
    mock.reset();
    const inNode = await client().crm.engagements.delete(IDS[1], { integrated_account_id: PLANHAT_ACCOUNT });
    expect(inBrowser).toEqual(inNode);
    expect(inBrowser).toMatchObject({ id: IDS[1], remote_data: { Id: IDS[1], source: "mock" } });
    expect(sent).toEqual({ requestLine: `DELETE /unified/crm/engagements/${IDS[1]}?integrated_account_id=${PLANHAT_ACCOUNT} HTTP/1.1`, authorization: `Bearer ${TOKEN}`, origin: pageUrl.slice(0, -1), status: 200 });
  });

  it("throws the typed errors in the page: API errors and pre-flight refusals", async () => {
    const errors = await inPage<string[][]>(`
      const truto = lib.createTrutoClient({ token: ${JSON.stringify(TOKEN)}, baseUrl: ${JSON.stringify(mock.url)}, integration: "keap" });
      const query = { integrated_account_id: "${KEAP_ACCOUNT}", engagement_type: "email" };
      const notFound = await truto.crm.engagements.delete("1", query).catch((e) => e);
      const refused = await truto.crm.engagements.delete("1", { ...query, engagement_type: "note" }).catch((e) => e);
      return [notFound, refused].map((e) => [e.name, e.message, String(e instanceof lib.TrutoError), String(e.status)]);
    `);
    expect(errors).toEqual([
      ["NotFoundError", '404 No record with id "1" in /unified/crm/engagements', "true", "404"],
      ["TrutoValidationError", 'Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"', "true", "undefined"],
    ]);
    // The refused call sent nothing.
    expect(received()).toEqual([
      {
        requestLine: `DELETE /unified/crm/engagements/1?integrated_account_id=${KEAP_ACCOUNT}&engagement_type=email HTTP/1.1`,
        authorization: `Bearer ${TOKEN}`,
        origin: pageUrl.slice(0, -1),
        status: 404,
      },
    ]);
  });

  it("calls with an integrated account token, the browser-safe credential: no integrated_account_id in the URL, a new token after a 401", async () => {
    const expired = "iat_expired_0123456789";
    const fresh = mock.accountToken(ACCOUNT);
    const result = await inPage(`
      const issued = [${JSON.stringify(expired)}, ${JSON.stringify(fresh)}];
      const truto = lib.createTrutoClient({ integratedAccountToken: async () => issued.shift(), baseUrl: ${JSON.stringify(mock.url)} });
      return truto.crm.engagements.delete("${IDS[2]}", {});
    `);
    // The account inferred from the token: Capsule's record.
    expect(result).toEqual({ id: IDS[2], remote_data: { Id: IDS[2], source: "mock" } });
    const line = `DELETE /unified/crm/engagements/${IDS[2]} HTTP/1.1`;
    expect(received()).toEqual([
      { requestLine: line, authorization: `Bearer ${expired}`, origin: pageUrl.slice(0, -1), status: 401 },
      { requestLine: line, authorization: `Bearer ${fresh}`, origin: pageUrl.slice(0, -1), status: 200 },
    ]);
  });

  it("sends nothing anywhere but the two loopback servers", () => {
    expect(outside).toEqual([]);
  });
});
