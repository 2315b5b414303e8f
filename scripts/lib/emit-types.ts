// Emits generated/schema.d.ts with openapi-typescript from the bundled document.
import { generatedHeader } from "./generated-header.js";
import type { BundledSpec } from "./spec.js";

/** The declarations of schema.d.ts without its header; `npm run generate` runs it in a worker (types-worker.ts). */
export type TypesBody = (spec: BundledSpec) => Promise<string>;

/** openapi-typescript on the bundle, in this thread. It loads `typescript`, so it is imported when called. */
export const typesBody: TypesBody = async (spec) => {
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  // The bundle is already linted and resolved; openapi-typescript gets its default (minimal) config.
  const ast = await openapiTS(spec as never, { silent: true });
  return astToString(ast);
};

export async function emitTypes(spec: BundledSpec, source: string, body: TypesBody = typesBody): Promise<string> {
  return `// ${generatedHeader(source)}\n\n${await body(spec)}`;
}
