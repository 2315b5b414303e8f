// CONTRIBUTING's layout is checked against the tree: every module of src/, src/mock/ and
// scripts/lib/ (its folders too) is named in the row of its folder, or in a row of its own, and
// every module the layout names exists.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const contributing = readFileSync("CONTRIBUTING.md", "utf8");
const layout = contributing.slice(contributing.indexOf("## Layout"), contributing.indexOf("\n## ", contributing.indexOf("## Layout") + 1));
/** The layout table's rows: [path cell, description cell]. */
const rows = layout
  .split("\n")
  .filter((line) => line.startsWith("| `"))
  .map((line) => line.slice(1, -1).split(" | ").map((cell) => cell.trim()) as [string, string]);

/** Module files under `folder`, recursively, as paths from the repository root. */
function modules(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return modules(path);
    return /\.(ts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

/** Named either in a row of its own (`src/headers.ts`) or in its folder's row (`src/mock/` … `routes.ts`). */
function named(path: string): boolean {
  const folder = path.slice(0, path.lastIndexOf("/") + 1);
  const file = path.slice(folder.length);
  return rows.some(([where, what]) => where.includes(`\`${path}\``) || (where === `\`${folder}\`` && what.includes(`\`${file}\``)));
}

describe("CONTRIBUTING layout", () => {
  it("has a row per folder and names its modules", () => {
    expect(rows.length).toBeGreaterThan(10);
    expect(["src/client.ts", "src/mock/routes.ts", "scripts/lib/changes/change.ts"].map(named)).toEqual([true, true, true]);
    expect(named("src/mock/nowhere.ts")).toBe(false);
  });

  it("names every module of src/, src/mock/ and scripts/lib/", () => {
    const missing = [...modules("src"), ...modules("scripts/lib")].filter((path) => !named(path));
    expect(missing).toEqual([]);
  });

  it("names no module that is not there", () => {
    // A name with a slash is a path from the root; a bare one, in a folder's row, is in that folder.
    const module = /`([\w./-]+\.(?:ts|mjs|js))`/g;
    const gone = rows.flatMap(([where, what]) => {
      const folder = /^`([\w./-]+\/)`$/.exec(where)?.[1];
      const names = [...`${where} ${what}`.matchAll(module)].map((match) => match[1]!);
      const paths = names.flatMap((name) => (name.includes("/") ? [name] : folder ? [folder + name] : []));
      return paths.filter((path) => !existsSync(path));
    });
    expect(gone).toEqual([]);
  });
});
