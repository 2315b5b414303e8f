// The package as shipped (dist/, from `npm run build:client`), not src/ through tsx: tsx compiles
// with esbuild's keepNames, which wraps every named closure in a helper call on each creation.
import { existsSync } from "node:fs";

const ENTRY = new URL("../../dist/src/index.js", import.meta.url);
if (!existsSync(ENTRY)) throw new Error("dist/ is missing: run `npm run build:client` first (npm run bench does)");

export const { createTrutoClient, serializeQuery } = (await import(ENTRY.href)) as typeof import("../../src/index.js");
