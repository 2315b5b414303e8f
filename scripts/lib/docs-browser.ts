// Opens the built docs (docs/index.html) in headless Chromium with every non-file request blocked
// and recorded; shared by test/docs.browser.test.ts and scripts/docs-screenshot.ts.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium.js";

export const DOCS_HTML = "docs/index.html";
/** Redoc's deep link to an operation: #/<tag>/<operationId>. */
export const OPERATION_HASH = "#/engagements/crm.engagements.delete";

export interface DocsPage {
  browser: Browser;
  page: Page;
  /** URLs of the requests that tried to leave the machine (aborted). */
  blocked: string[];
  /**
   * URLs whose load the page's Content-Security-Policy stopped before any request was made.
   * Non-load violations ("eval": the search index probing for a worker, then running in-thread)
   * are not network and not listed.
   */
  cspBlocked(): Promise<string[]>;
}

/** Launches Chromium (fresh temporary profile) and opens the docs at `hash`. Caller closes `browser`. */
export async function openDocs(hash: string, viewport: { width: number; height: number }): Promise<DocsPage> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport, serviceWorkers: "block" });
    const blocked: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      blocked.push(url);
      return route.abort("blockedbyclient");
    });
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspBlocked: string[] }).__cspBlocked = seen;
      document.addEventListener("securitypolicyviolation", (event) => {
        if (/^[a-z][a-z0-9+.-]*:/i.test(event.blockedURI)) seen.push(event.blockedURI);
      });
    });
    await page.goto(pathToFileURL(resolve(DOCS_HTML)).href + hash, { timeout: 15_000 });
    const cspBlocked = () => page.evaluate(() => (window as unknown as { __cspBlocked: string[] }).__cspBlocked);
    return { browser, page, blocked, cspBlocked };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
