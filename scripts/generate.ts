// `npm run generate`: openapi/ -> generated/ (bundled spec, types, support table, endpoint map).
// Run by scripts/lib/launch.mjs (see there why not tsx). This module is also the entry of the worker
// that runs openapi-typescript meanwhile (lib/types-worker.ts).
import { mkdir, writeFile } from "node:fs/promises";
import { isMainThread } from "node:worker_threads";
import { renderGenerated, SPEC_ROOT } from "./lib/render.js";
import { serveTypes, startTypesWorker } from "./lib/types-worker.js";

const OUT = "generated";

if (isMainThread) {
  // Bundled by the launcher this module is JavaScript, which a worker can start. Run as TypeScript
  // (`tsx scripts/generate.ts`) it is not: tsx's hooks do not reach workers on Node 20, so
  // openapi-typescript then runs in this thread.
  const types = import.meta.url.endsWith(".ts") ? undefined : startTypesWorker(new URL(import.meta.url));
  let files: Record<string, string>;
  try {
    files = await renderGenerated(SPEC_ROOT, "redocly.yaml", types ? { typesBody: types.body } : {});
  } finally {
    await types?.close();
  }
  await mkdir(OUT, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await writeFile(`${OUT}/${name}`, content);
    console.log(`wrote ${OUT}/${name}`);
  }
} else {
  serveTypes();
}
