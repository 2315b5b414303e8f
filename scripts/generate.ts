// `npm run generate`: openapi/ -> generated/ (bundled spec, types, support table, endpoint map).
import { mkdir, writeFile } from "node:fs/promises";
import { bundleSpec } from "./lib/bundle.js";
import { emitEndpoints } from "./lib/emit-endpoints.js";
import { emitSupport } from "./lib/emit-support.js";
import { emitTypes } from "./lib/emit-types.js";
import { GENERATED_PREFIX, generatedHeader } from "./lib/generated-header.js";

const ROOT = "openapi/openapi.yaml";
const OUT = "generated";

const spec = await bundleSpec(ROOT, "redocly.yaml");
// JSON has no comments: the header is the document's first key, an x- extension.
const json = { "x-generated": generatedHeader(ROOT), ...spec };
const files: Record<string, string | Promise<string>> = {
  "openapi.json": `${JSON.stringify(json, null, 2)}\n`,
  "schema.d.ts": emitTypes(spec, ROOT),
  "support.ts": emitSupport(spec, ROOT),
  "endpoints.ts": emitEndpoints(spec, ROOT),
  "README.md": `# generated/\n\nDO NOT EDIT FILES IN THIS DIRECTORY. ${GENERATED_PREFIX} from openapi/ (\`npm run generate\`);\nCI regenerates them and fails on any difference.\n`,
};
await mkdir(OUT, { recursive: true });
for (const [name, content] of Object.entries(files)) {
  await writeFile(`${OUT}/${name}`, await content);
  console.log(`wrote ${OUT}/${name}`);
}
