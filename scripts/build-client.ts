// `npm run build:client`: compiles src/ and the generated tables to dist/ (ESM + .d.ts).
import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
// tsc does not copy declaration-only inputs; the emitted .d.ts files import this one.
copyFileSync("generated/schema.d.ts", "dist/generated/schema.d.ts");
console.log("wrote dist/");
