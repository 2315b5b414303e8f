// Bundles the split spec (openapi/) into one document with @redocly/openapi-core, extensions kept.
import type { BundledSpec } from "./spec.js";

export async function bundleSpec(root: string, configPath: string): Promise<BundledSpec> {
  // Imported when called, not with this module: a worker that only emits types never loads it.
  const { bundle, loadConfig } = await import("@redocly/openapi-core");
  const config = await loadConfig({ configPath });
  const { bundle: document, problems } = await bundle({ ref: root, config, dereference: false });
  const errors = problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) {
    throw new Error(`Bundling ${root} failed:\n${errors.map((p) => `- ${p.message}`).join("\n")}`);
  }
  return document.parsed as BundledSpec;
}
