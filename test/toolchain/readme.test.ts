// The README's tables are checked against the code: error classes by status, and the query format.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as lib from "../../src/index.js";
import { serializeQuery } from "../../src/query.js";

const readme = readFileSync("README.md", "utf8");

/** Rows of the first markdown table after `heading` (header and rule skipped), as trimmed cells. */
function table(heading: string): string[][] {
  const lines = readme.slice(readme.indexOf(heading)).split("\n");
  const start = lines.findIndex((line) => line.startsWith("|"));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith("|"));
  return lines.slice(start + 2, end).map((line) => line.slice(1, -1).split(" | ").map((cell) => cell.trim()));
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, "");

describe("README", () => {
  it("error table matches TrutoApiError.fromResponse for every status it lists", () => {
    const rows = table("## Errors");
    const byStatus = rows.filter(([status]) => /^\d{3}$/.test(status!));
    expect(byStatus.map(([s]) => s)).toEqual(["400", "401", "403", "404", "409", "422", "429"]);
    for (const [status, cls] of byStatus) {
      const error = lib.TrutoApiError.fromResponse(Number(status), undefined, new Headers(), "DELETE", "u");
      expect(error.name, status).toBe(unquote(cls!));
    }
    for (const status of [500, 502, 503, 599]) {
      expect(lib.TrutoApiError.fromResponse(status, undefined, new Headers(), "DELETE", "u").name).toBe(unquote(rows.find(([s]) => s === "≥ 500")![1]!));
    }
    expect(lib.TrutoApiError.fromResponse(418, undefined, new Headers(), "DELETE", "u").name).toBe(unquote(rows.find(([s]) => s === "other")![1]!));
    for (const [, cls] of rows) expect(lib, cls).toHaveProperty(unquote(cls!));
  });

  it("query format table matches serializeQuery", () => {
    const rows = table("## Query format").filter(([value]) => !value!.includes("…") && !value!.includes("null"));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const [value, sent] of rows) {
      const query = new Function(`return { ${unquote(value!)} }`)() as Record<string, unknown>;
      expect(serializeQuery(query), value).toBe(unquote(sent!));
    }
  });
});
