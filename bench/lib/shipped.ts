// The package as it ships (compiled by tsc with the package's build config, as `npm run
// build:client` does), not src/ through tsx: tsx compiles with esbuild's keepNames, which wraps every
// named closure in a helper call on each creation. The bench compiles into a folder of its own
// (`npm run bench` does), so a `npm run build:client` running meanwhile cannot pull dist/ from under it.
import { existsSync } from "node:fs";

const BENCH_BUILD = ".artifacts/bench-dist";
const ENTRY = new URL(`../../${BENCH_BUILD}/src/index.js`, import.meta.url);
if (!existsSync(ENTRY)) throw new Error(`${BENCH_BUILD} is missing: run the bench with npm run bench, which compiles it`);

export const { createTrutoClient, serializeQuery } = (await import(ENTRY.href)) as typeof import("../../src/index.js");
