// `npm run size`: the browser bundle of the package entry (esbuild, minified, ESM, openapi-fetch
// included) in bytes, minified and gzip -9; exits 1 over the budget.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * Budget for the whole client, openapi-fetch (2.6 KB gzip on its own) included: a ratchet a little
 * above the measured size, so growth is noticed and argued for. 7,936 B before operations of every
 * shape (bodies, cursor pages, idempotency keys, token functions and account tokens: about 2.1 KB)
 * and the reliability fixes (header checks, RFC 9110 Retry-After, bounded errors, redaction of
 * headers: about 1.9 KB); 11,994 B measured after both. The breakdown is in bench/RESULTS.md.
 */
export const BUDGET_GZIP_BYTES = 12_032;

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
