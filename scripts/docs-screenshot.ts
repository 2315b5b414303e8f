// Writes assets/docs-screenshot.png for the README: the operation's header, the engagement_type
// support table and the client code sample, cropped from the built docs. Run by hand after
// `npm run docs`: npx tsx scripts/docs-screenshot.ts
import { existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { CLIENT_PACKAGE } from "./redocly/code-samples.js";
import { DOCS_HTML, OPERATION_HASH, openDocs } from "./lib/docs-browser.js";

const OUT = "assets/docs-screenshot.png";
const MAX_BYTES = 150_000;

if (!existsSync(DOCS_HTML)) throw new Error(`${DOCS_HTML} is missing: run npm run docs first`);

const { browser, page, blocked } = await openDocs(OPERATION_HASH, { width: 1400, height: 1300 });
try {
  await page.getByRole("button", { name: "curl" }).click({ timeout: 5_000 });
  await page.getByRole("menuitem", { name: CLIENT_PACKAGE }).click({ timeout: 5_000 });
  const title = await page.getByRole("heading", { name: "Delete an engagement" }).boundingBox({ timeout: 5_000 });
  const code = await page.locator("pre", { hasText: "createTrutoClient" }).boundingBox({ timeout: 5_000 });
  const lastRow = await page.getByRole("row", { name: /^Planhat\b/ }).first().boundingBox({ timeout: 5_000 });
  if (!title || !code || !lastRow) throw new Error("the operation is not on screen");
  const x = title.x - 24;
  const y = title.y - 24;
  await mkdir("assets", { recursive: true });
  await page.screenshot({ path: OUT, clip: { x, y, width: code.x + code.width + 24 - x, height: lastRow.y + lastRow.height + 24 - y }, timeout: 10_000 });
  if (blocked.length > 0) throw new Error(`the page tried to load from the network: ${blocked.join(", ")}`);
  const bytes = statSync(OUT).size;
  if (bytes > MAX_BYTES) throw new Error(`${OUT} is ${bytes} bytes, over ${MAX_BYTES}: crop it smaller`);
  console.log(`wrote ${OUT} (${bytes} bytes)`);
} finally {
  await browser.close();
}
