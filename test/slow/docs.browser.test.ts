// The built reference docs (npm run docs) in headless Chromium: the operation with its support
// table, query formats, Truto's own remote_data field and code samples renders with no network at all.
import { execFile } from "node:child_process";
import { mkdir, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_PACKAGE } from "../../scripts/redocly/code-samples.js";
import { DOCS_HTML, OPERATION_HASH, openDocs, type DocsPage } from "../../scripts/lib/docs-browser.js";
import { EXPECTED_SAMPLES } from "../fixtures/code-samples.js";

const run = promisify(execFile);
/** Redoc's sidebar attribution image; the page's Content-Security-Policy stops it before any request. */
const REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini-full.svg";

let docs: DocsPage | undefined;

/** Runs `npm run docs` when docs/index.html is missing or older than the spec or what builds the docs. */
async function ensureDocs(): Promise<void> {
  const built = (await stat(DOCS_HTML).catch(() => undefined))?.mtimeMs ?? 0;
  const builders = ["scripts/docs.ts", "scripts/lib/integration-docs.ts", "scripts/lib/docs-rewrites.ts", "scripts/lib/model.ts", "src/query.ts"];
  const inputs = ["generated/openapi.json", ...builders, ...(await readdir("scripts/redocly", { recursive: true })).map((f) => join("scripts/redocly", f))];
  const newest = Math.max(...(await Promise.all(inputs.map(async (f) => (await stat(f)).mtimeMs))));
  if (newest >= built) await run("npm", ["run", "docs"], { timeout: 20_000 });
}

describe("docs/index.html in Chromium", () => {
  beforeAll(async () => {
    await ensureDocs();
    docs = await openDocs(OPERATION_HASH, { width: 1400, height: 1000 });
  }, 55_000);

  afterAll(async () => {
    await docs?.browser.close();
  });

  it("navigates to the operation and shows the engagement_type support table", async () => {
    const { page } = docs!;
    await page.getByRole("heading", { name: "Delete an engagement" }).waitFor({ state: "visible", timeout: 10_000 });
    await page.getByText("7 supported · 6 required", { exact: true }).waitFor({ state: "visible", timeout: 5_000 });
    const keap = page.getByRole("row", { name: /^Keap\b/ });
    await keap.waitFor({ state: "visible", timeout: 5_000 });
    expect(await keap.getByRole("cell").allTextContents()).toEqual(["Keap", "required", "email, meeting"]);
  }, 15_000);

  it("shows the remote_query wire format and the $ref property's own description", async () => {
    const { page } = docs!;
    // Once in remote_query's description, once as its example.
    const format = page.getByText("remote_query[foo]=bar", { exact: true });
    expect(await format.count()).toBe(2);
    await format.first().waitFor({ state: "visible", timeout: 5_000 });
    // `account` is a query parameter and, in the response, `$ref` + sibling description: both render it.
    const account = page.getByText("The engagement's account", { exact: true });
    expect(await account.count()).toBe(2);
    await account.last().waitFor({ state: "visible", timeout: 5_000 });
  }, 15_000);

  it("shows each array or object query example as the query string the client sends, never as JSON", async () => {
    const { page } = docs!;
    // Redoc prints an `examples` value as name=<JSON> (truto_exclude_fields=["id","name"]), which
    // is not how Truto reads a query; the docs give the client's own serialization instead.
    const item = (name: string) => page.locator(`[id="engagements/crm.engagements.delete/t=request&in=query&path=${name}"]`);
    await item("truto_exclude_fields").waitFor({ state: "visible", timeout: 5_000 });
    expect(await item("truto_exclude_fields").locator("p").allTextContents()).toEqual([
      "Array of fields to exclude from the response.",
      "Wire format: one truto_exclude_fields[]=<field> pair per field, with empty brackets and no index (truto_exclude_fields[]=id&truto_exclude_fields[]=name). OpenAPI has no style for empty brackets, so style: form is the closest.",
      "Example: truto_exclude_fields[]=id&truto_exclude_fields[]=name",
      "Truto parameter · applies to every integration",
    ]);
    expect(await item("remote_query").locator("p").allTextContents()).toEqual([
      "Query parameters to pass to the underlying API without any transformations. Refer this guide to see how to structure the query parameters.",
      "Wire format: bracket notation, nesting to any depth. remote_query[foo]=bar; nested objects as remote_query[filter][status]=open; arrays as remote_query[ids][]=1&remote_query[ids][]=2. Keys and values are percent-encoded. style: deepObject describes the first level only.",
      "Example: remote_query[foo]=bar",
      "Truto parameter · applies to every integration",
    ]);
    for (const json of ['truto_exclude_fields=["id","name"]', 'remote_query={"foo":"bar"}']) expect(await page.getByText(json).count(), json).toBe(0);
  }, 15_000);

  it("shows remote_data as Truto's own field, for every integration", async () => {
    const { page } = docs!;
    const own = page.getByText("Truto field · applies to every integration", { exact: true });
    expect(await own.count()).toBe(1);
    await own.waitFor({ state: "visible", timeout: 5_000 });
    // The response field's row: its name, type and description (the innermost element holding both).
    const row = page.locator("div", { has: page.getByText("remote_data", { exact: true }), hasText: "Truto field" }).last();
    expect(await row.textContent({ timeout: 5_000 })).toContain("remote_dataobjectRaw data returned from the remote API call.Truto field · applies to every integration");
  }, 15_000);

  it("lists the four code samples and shows the client's source", async () => {
    const { page } = docs!;
    await page.getByRole("button", { name: "curl" }).click({ timeout: 5_000 });
    expect(await page.getByRole("menuitem").allTextContents()).toEqual(["curl", "JavaScript", "Python", CLIENT_PACKAGE]);
    await page.getByRole("menuitem", { name: CLIENT_PACKAGE }).click({ timeout: 5_000 });
    const code = page.locator("pre", { hasText: "createTrutoClient" });
    await code.waitFor({ state: "visible", timeout: 5_000 });
    expect(await code.textContent()).toBe(EXPECTED_SAMPLES.find((sample) => sample.label === CLIENT_PACKAGE)!.source);
    await mkdir(".artifacts", { recursive: true });
    await page.screenshot({ path: ".artifacts/docs.png", timeout: 10_000 });
  }, 15_000);

  it("has a page per integration under Integrations in the sidebar: Keap's shows what it requires and fills", async () => {
    const { page } = docs!;
    const sidebar = page.locator('[data-component-name="Menu/Menu"]').first();
    expect((await sidebar.innerText()).split("\n").filter(Boolean)).toEqual([
      "Truto Unified CRM API", "Integrations", "Affinity", "Capsule", "Close", "Copper", "Keap", "Monday CRM", "OnePageCRM", "Pipedrive", "Pipeliner", "Planhat", "Zoho CRM", "Operations", "Engagements", "Delete an engagement", "DELETE",
    ]);
    await sidebar.getByText("Keap", { exact: true }).click();
    const keap = page.locator('[id="keap"]');
    await keap.waitFor({ state: "visible", timeout: 5_000 });
    expect(await keap.locator("h1, h2").allTextContents()).toEqual(["Keap"]);
    expect(await keap.locator("tr").allInnerTexts()).toEqual(["Parameter or field\tWhere\tKeap", "engagement_type\tquery\trequired · values email, meeting"]);
    expect(await keap.locator("p").allTextContents()).toEqual(["Delete an engagement (crm.engagements.delete)", "Result fields Keap fills: none."]);
    await sidebar.getByText("Capsule", { exact: true }).click();
    await page.locator('[id="capsule"]').waitFor({ state: "visible", timeout: 5_000 });
    expect(await page.locator('[id="capsule"] p').allTextContents()).toEqual([
      "Delete an engagement (crm.engagements.delete)",
      "Capsule takes none of this operation's parameters or body fields beyond Truto's own.",
      "Result fields Capsule fills: id.",
    ]);
  }, 15_000);

  it("search finds an integration's page and opens it", async () => {
    const { page } = docs!;
    // info.description is one search entry, opening the top of the page: a search for an
    // integration landed on Affinity's section, whatever integration it was.
    await page.getByText("Search", { exact: false }).first().click();
    await page.keyboard.type("OnePageCRM");
    // The integration's own page, not the operation whose support table names it.
    const hit = page.locator('[data-component-name="Search/SearchItem"]').filter({ hasText: /^OnePageCRM/, hasNotText: "/unified/" });
    await hit.waitFor({ state: "visible", timeout: 5_000 });
    await hit.click();
    const section = page.locator('[id="onepagecrm"]');
    await section.waitFor({ state: "visible", timeout: 5_000 });
    await page.waitForURL(/#\/onepagecrm$/, { timeout: 5_000 });
    expect(await section.locator("tr").allInnerTexts()).toEqual(["Parameter or field\tWhere\tOnePageCRM", "engagement_type\tquery\trequired · values call, meeting"]);
  }, 15_000);

  it("opened without a hash, links to the page's sections are the page's own (#/…), and each opens its section in a new tab", async () => {
    const fresh = await docs!.browser.newPage({ viewport: { width: 1400, height: 1000 }, serviceWorkers: "block" });
    try {
      await fresh.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort("blockedbyclient")));
      await fresh.goto(pathToFileURL(resolve(DOCS_HTML)).href, { timeout: 15_000 });
      await fresh.getByRole("link", { name: "Keap", exact: true }).first().waitFor({ state: "attached", timeout: 10_000 });
      // Redoc prerenders its links as paths (/keap): opened in a new tab or
      // copied, they pointed at file:///keap.
      const hrefs = await fresh.evaluate(() => [...new Set([...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")!))]);
      expect(hrefs.filter((href) => !/^https?:/.test(href))).toEqual([
        "#/",
        "#/affinity",
        "#/capsule",
        "#/close",
        "#/copper",
        "#/keap",
        "#/monday-crm",
        "#/onepagecrm",
        "#/pipedrive",
        "#/pipeliner",
        "#/planhat",
        "#/zoho-crm",
        "#/engagements",
      ]);
      // The link as a new tab would open it: Zoho CRM's section, its heading and its table.
      const zoho = await fresh.evaluate(() => (document.querySelector('a[href$="/zoho-crm"]') as HTMLAnchorElement).href);
      await fresh.goto(zoho, { timeout: 15_000 });
      const section = fresh.locator('[id="zoho-crm"]');
      await section.waitFor({ state: "visible", timeout: 10_000 });
      expect(await section.locator("h1, h2").allTextContents()).toEqual(["Zoho CRM"]);
      expect(await section.locator("tr").nth(1).locator("td").allTextContents()).toEqual(["engagement_type", "query", "required · values call, meeting"]);
    } finally {
      await fresh.close();
    }
  }, 30_000);

  it("search finds words a description wraps across lines, and shows them with their space", async () => {
    const { page } = docs!;
    // Redoc's search index glued a line's last word to the next line's first ("the integratedaccount").
    const items = page.locator('[data-component-name="Search/SearchItem"]');
    await page.getByText("Search", { exact: false }).first().click();
    await page.keyboard.type("behind the integrated account");
    await items.first().waitFor({ state: "visible", timeout: 5_000 });
    expect(await items.first().innerText()).toBe(
      [
        "DELETE",
        "/unified/crm/engagements/{id}",
        "Delete an engagement",
        "Deletes the engagement with this id in the CRM behind the integrated account and returns it in the unified format. Query parameters use Truto's bracket format (see \"Specifying...",
        "query parameters → integrated_account_id",
        "The ID of the integrated account to use for the request. Truto parameter · applies to every integration",
      ].join("\n"),
    );
    await page.keyboard.press("Escape");
  }, 15_000);

  // Last, so that it covers everything the page did in the tests above.
  it("loads nothing from the network: no request leaves, and the CSP stopped only Redoc's logo", async () => {
    const { blocked, cspBlocked } = docs!;
    expect(blocked, `requests that tried to leave the machine:\n${blocked.join("\n")}`).toEqual([]);
    expect(await cspBlocked()).toEqual([REDOC_LOGO]);
  }, 10_000);
});
