// Runs a TypeScript script of scripts/ as `node scripts/lib/launch.mjs <script.ts> [args]`, without
// tsx: esbuild bundles the script and its relative imports into one ES module, leaving every
// package external as an absolute file: URL (so the bundle resolves nothing itself and can live in
// a temporary folder), and Node imports it. Node then loads node_modules natively, in one process
// and through no loader hooks: that is what makes `npm run generate` fast (the tsx CLI starts a
// second Node process, and its hooks resolve and load every module of openapi-typescript,
// typescript and Redocly, about 1,000 files). Plain JavaScript, so Node runs it as is.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

// Node >= 22.1: V8 keeps the compiled code of node_modules in a cache (os.tmpdir()/node-compile-cache),
// so a second run skips compiling typescript.js and Redocly. Not in Node 20, where this is a no-op.
module.enableCompileCache?.();

const [entry, ...args] = process.argv.slice(2);
if (!entry) throw new Error("usage: node scripts/lib/launch.mjs <script.ts> [args]");

/** @type {import("esbuild").Plugin} */
const packagesAsUrls = {
  name: "packages-as-urls",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) => ({
      path: path.startsWith("node:") ? path : import.meta.resolve(path),
      external: true,
    }));
  },
};

const { outputFiles } = await build({
  entryPoints: [entry],
  bundle: true,
  format: "esm",
  platform: "node",
  target: `node${process.versions.node}`,
  write: false,
  plugins: [packagesAsUrls],
  logLevel: "error",
});
// A file rather than a data: URL, so that stack traces name it; removed when the process exits.
const dir = mkdtempSync(join(tmpdir(), "truto-launch-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, basename(entry).replace(/\.[cm]?ts$/, ".mjs"));
writeFileSync(file, outputFiles[0].text);

process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(file).href);
