// Renders every file of generated/ from the split spec, in memory (generate.ts writes them).
import { bundleSpec } from "./bundle.js";
import { emitEndpoints } from "./emit-endpoints.js";
import { emitMock } from "./emit-mock.js";
import { emitSupport } from "./emit-support.js";
import { emitTypes } from "./emit-types.js";
import { GENERATED_PREFIX, generatedHeader } from "./generated-header.js";

export const SPEC_ROOT = "openapi/openapi.yaml";

/** File name in generated/ -> content. Same input, byte-identical output. */
export async function renderGenerated(root = SPEC_ROOT, config = "redocly.yaml"): Promise<Record<string, string>> {
  const spec = await bundleSpec(root, config);
  return {
    // JSON has no comments: the header is the document's first key, an x- extension.
    "openapi.json": `${JSON.stringify({ "x-generated": generatedHeader(root), ...spec }, null, 2)}\n`,
    "schema.d.ts": await emitTypes(spec, root),
    "support.ts": emitSupport(spec, root),
    "endpoints.ts": emitEndpoints(spec, root),
    "mock.ts": emitMock(spec, root),
    "README.md": `# generated/\n\nDO NOT EDIT FILES IN THIS DIRECTORY. ${GENERATED_PREFIX} from openapi/ (\`npm run generate\`);\nCI regenerates them and fails on any difference.\n`,
  };
}
