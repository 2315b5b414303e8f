// `npm run size`: the browser bundle of the package entry (esbuild, minified, ESM, openapi-fetch
// included) in bytes, minified and gzip -9; exits 1 over the budget.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * Budget for the whole client, openapi-fetch (2.9 KB gzip on its own) included: 13 KiB, a budget
 * with headroom (issue 22), not a ratchet at the last byte. Growth past it is argued for, not squeezed.
 */
export const BUDGET_GZIP_BYTES = 13 * 1024;

export async function measureBundle(entry = "src/index.ts") {
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: "esm", platform: "browser", write: false, metafile: true });
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)
    .map(([file, { bytesInOutput }]) => ({ file, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength, inputs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { minBytes, gzipBytes } = await measureBundle();
  console.log(`client bundle: ${minBytes} B minified, ${gzipBytes} B gzip (budget ${BUDGET_GZIP_BYTES} B gzip)`);
  if (gzipBytes > BUDGET_GZIP_BYTES) {
    console.error(`over budget by ${gzipBytes - BUDGET_GZIP_BYTES} B`);
    process.exit(1);
  }
}
