// Renders every file of generated/ from the split spec, in memory (generate.ts writes them): the
// bundle, openapi-typescript's declarations, and the tables printed from one normalised model.
import { bundleSpec } from "./bundle.js";
import { emitEndpoints } from "./emit-endpoints.js";
import { emitMock } from "./emit-mock.js";
import { emitSupport } from "./emit-support.js";
import { emitTypes, typesBody, type TypesBody } from "./emit-types.js";
import { GENERATED_PREFIX, generatedHeader } from "./generated-header.js";
import { normalize } from "./model.js";

export const SPEC_ROOT = "openapi/openapi.yaml";

export interface RenderOptions {
  /** Where openapi-typescript runs: in this thread by default, in a worker for `npm run generate`. */
  typesBody?: TypesBody;
}

/** File name in generated/ -> content. Same input, byte-identical output. */
export async function renderGenerated(root = SPEC_ROOT, config = "redocly.yaml", options: RenderOptions = {}): Promise<Record<string, string>> {
  const spec = await bundleSpec(root, config);
  // Started first: with a worker, openapi-typescript runs while this thread renders the other files.
  const types = emitTypes(spec, root, options.typesBody ?? typesBody);
  const model = normalize(spec);
  return {
    // JSON has no comments: the header is the document's first key, an x- extension.
    "openapi.json": `${JSON.stringify({ "x-generated": generatedHeader(root), ...spec }, null, 2)}\n`,
    "schema.d.ts": await types,
    "support.ts": emitSupport(model, root),
    "endpoints.ts": emitEndpoints(model, root),
    "mock.ts": emitMock(model, root),
    "README.md": `# generated/\n\nDO NOT EDIT FILES IN THIS DIRECTORY. ${GENERATED_PREFIX} from openapi/ (\`npm run generate\`);\nCI regenerates them and fails on any difference.\n`,
  };
}
