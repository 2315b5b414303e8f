// `npm run docs`: docs/index.html, one self-contained page built by Redocly from generated/openapi.json
// with the docs-only config (scripts/redocly/docs.redocly.yaml: support tables and code samples as
// decorators), plus the "Integrations" pages printed from the model (lib/integration-docs.ts), and
// array or object query examples written as the client's query string and descriptions' soft line
// breaks made spaces, which Redoc's search index would drop (both lib/docs-rewrites.ts).
// The committed bundle is not changed: the page is built from a copy under .artifacts/.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { unwrapDescriptions, wireExamples } from "./lib/docs-rewrites.js";
import { addIntegrationPages } from "./lib/integration-docs.js";
import { normalize } from "./lib/model.js";
import type { BundledSpec } from "./lib/spec.js";

const INPUT = ".artifacts/docs/openapi.json";
const OUTPUT = "docs/index.html";

const spec = JSON.parse(readFileSync("generated/openapi.json", "utf8")) as BundledSpec;
addIntegrationPages(spec, normalize(spec));
wireExamples(spec);
unwrapDescriptions(spec);
mkdirSync(".artifacts/docs", { recursive: true });
writeFileSync(INPUT, JSON.stringify(spec));
const redocly = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
execFileSync(process.execPath, [redocly, "build-docs", INPUT, "--config", "scripts/redocly/docs.redocly.yaml", "--inlineBundle", "--output", OUTPUT], {
  stdio: "inherit",
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
