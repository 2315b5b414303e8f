// `npm run readme`: rewrites the README's generated blocks (the option table, from src/options.ts);
// `npm run readme -- --check` exits 1 when README.md is not what it would write.
import { readFileSync, writeFileSync } from "node:fs";
import { optionsTable } from "./lib/options-table.js";

const README = "README.md";
const BLOCKS: Record<string, () => string> = { options: optionsTable };

export function renderReadme(text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(BLOCKS)) {
    const start = `<!-- ${name}:start (npm run readme) -->`;
    const end = `<!-- ${name}:end -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from === -1 || to < from) throw new Error(`${README} has no ${start} … ${end} block`);
    out = `${out.slice(0, from + start.length)}\n${render()}\n${out.slice(to)}`;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = readFileSync(README, "utf8");
  const rendered = renderReadme(text);
  if (process.argv.includes("--check")) {
    if (rendered !== text) {
      console.error(`${README} is stale: run npm run readme`);
      process.exit(1);
    }
  } else if (rendered !== text) {
    writeFileSync(README, rendered);
    console.log(`wrote ${README}`);
  }
}
