// `npm run generate`: openapi/ -> generated/ (bundled spec, types, support table, endpoint map).
import { mkdir, writeFile } from "node:fs/promises";
import { renderGenerated } from "./lib/render.js";

const OUT = "generated";

const files = await renderGenerated();
await mkdir(OUT, { recursive: true });
for (const [name, content] of Object.entries(files)) {
  await writeFile(`${OUT}/${name}`, content);
  console.log(`wrote ${OUT}/${name}`);
}
