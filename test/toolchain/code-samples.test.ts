// buildCodeSamples' variable for the result: the resource, singular, and never a reserved word of
// JavaScript (strict mode and modules included) or Python, where the sample would not run.
import { describe, expect, it } from "vitest";
import { buildCodeSamples } from "../../scripts/redocly/code-samples.js";

/** The line naming the result in each sample, its last (curl names none). */
function resultLines(operationId: string): string[] {
  const samples = buildCodeSamples({ operationId, method: "get", serverUrl: "https://api.truto.one", path: "/unified/fixture/things/{id}", parameters: [{ name: "id", in: "path", required: true, example: "1" }] });
  return samples.slice(1).map(({ source }) => source.split("\n").at(-1)!);
}

describe("code samples: the result's variable", () => {
  it("is the resource, singular", () => {
    expect(resultLines("fixture.tickets.get")).toEqual([
      "const ticket = await response.json();",
      "ticket = response.json()",
      'const ticket = await truto.fixture.tickets.get("1", {});',
    ]);
  });

  it("drops -es after s, x, ch and sh (addresses, boxes, searches, pushes), -s elsewhere, -ies as -y", () => {
    const names = ["addresses", "boxes", "searches", "pushes", "notes", "purchases", "opportunities", "engagements"].map((resource) => resultLines(`fixture.${resource}.get`)[0]);
    expect(names).toEqual([
      "const address = await response.json();",
      "const box = await response.json();",
      "const search = await response.json();",
      "const push = await response.json();",
      "const note = await response.json();",
      "const purchase = await response.json();",
      "const opportunity = await response.json();",
      "const engagement = await response.json();",
    ]);
  });

  it("takes a suffix when the resource is a reserved word (case, import, export, package, default, class, global)", () => {
    const names = ["cases", "imports", "exports", "packages", "defaults", "classes", "globals"].map((resource) => resultLines(`fixture.${resource}.get`)[0]);
    expect(names).toEqual([
      "const caseRecord = await response.json();",
      "const importRecord = await response.json();",
      "const exportRecord = await response.json();",
      "const packageRecord = await response.json();",
      "const defaultRecord = await response.json();",
      "const classRecord = await response.json();",
      "const globalRecord = await response.json();",
    ]);
    expect(resultLines("fixture.cases.get").slice(1)).toEqual(["caseRecord = response.json()", 'const caseRecord = await truto.fixture.cases.get("1", {});']);
  });
});
