// Emits generated/schema.d.ts with openapi-typescript from the bundled document.
import openapiTS, { astToString } from "openapi-typescript";
import { generatedHeader } from "./generated-header.js";
import type { BundledSpec } from "./spec.js";

export async function emitTypes(spec: BundledSpec, source: string): Promise<string> {
  // The bundle is already linted and resolved; openapi-typescript gets its default (minimal) config.
  const ast = await openapiTS(spec as never, { silent: true });
  return `// ${generatedHeader(source)}\n\n${astToString(ast)}`;
}
