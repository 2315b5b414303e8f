// Query examples in the docs (wireExamples, scripts/lib/docs-rewrites.ts): an array or object example is written
// into the description as the query string the client sends (Redoc would print it as JSON), for
// the real spec's parameters and for inline ones; scalar examples stay Redoc's to print.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { unwrapDescriptions, unwrapSoftBreaks, wireExamples } from "../../scripts/lib/docs-rewrites.js";
import type { BundledSpec } from "../../scripts/lib/spec.js";

const bundle = () => JSON.parse(readFileSync("generated/openapi.json", "utf8")) as BundledSpec & { components: { parameters: Record<string, any> } };

describe("wireExamples", () => {
  it("writes truto_exclude_fields' and remote_query's examples as the client's query string, and drops the JSON ones", () => {
    const spec = bundle();
    const before = structuredClone(spec.components.parameters);
    wireExamples(spec);
    const { truto_exclude_fields, remote_query, integrated_account_id, truto_response_format } = spec.components.parameters;
    expect(truto_exclude_fields.description).toBe(`${before.truto_exclude_fields.description.trimEnd()}\n\nExample: \`truto_exclude_fields[]=id&truto_exclude_fields[]=name\``);
    expect(remote_query.description).toBe(`${before.remote_query.description.trimEnd()}\n\nExample: \`remote_query[foo]=bar\``);
    for (const parameter of [truto_exclude_fields, remote_query]) expect([parameter.example, parameter.examples]).toEqual([undefined, undefined]);
    // Scalars: Redoc prints them as integrated_account_id=62f4…, Truto's format already.
    expect(integrated_account_id).toEqual(before.integrated_account_id);
    expect(truto_response_format).toEqual(before.truto_response_format);
  });

  it("the written example is each wire example's own summary, as the reference page gives it", () => {
    const spec = bundle();
    const summaries = ["truto_exclude_fields", "remote_query"].map((name) => spec.components.parameters[name].examples.wire.summary);
    wireExamples(spec);
    expect(["truto_exclude_fields", "remote_query"].map((name) => spec.components.parameters[name].description.split("\n\n").at(-1))).toEqual(summaries.map((s) => `Example: \`${s}\``));
  });

  it("rewrites inline parameters of operations and path items too, one line per example, nested and percent-encoded as the client sends them", () => {
    const spec = {
      info: { title: "t" },
      "x-truto-integrations": {},
      paths: {
        "/things": {
          parameters: [{ name: "ids", in: "query", example: ["1", "2"] }],
          get: {
            operationId: "x.things.list",
            responses: {},
            parameters: [
              { name: "filter", in: "query", description: "Filter.", examples: { a: { summary: "A", value: { status: "open now" } }, b: { value: { tags: ["x", "y"] } } } },
              { name: "owner", in: "query", example: "me" },
              { name: "id", in: "path", example: { not: "a query" } },
            ],
          },
        },
      },
    } as unknown as BundledSpec;
    wireExamples(spec);
    expect(spec.paths["/things"]).toEqual({
      parameters: [{ name: "ids", in: "query", description: "Example: `ids[]=1&ids[]=2`" }],
      get: {
        operationId: "x.things.list",
        responses: {},
        parameters: [
          { name: "filter", in: "query", description: "Filter.\n\nExample: `filter[status]=open%20now`\n\nExample: `filter[tags][]=x&filter[tags][]=y`" },
          { name: "owner", in: "query", example: "me" },
          { name: "id", in: "path", example: { not: "a query" } },
        ],
      },
    });
  });
});

describe("unwrapSoftBreaks", () => {
  it("joins a paragraph's lines with a space and keeps blank lines, lists, tables, headings, quotes and code as they are", () => {
    // Lines no join may touch: a table after a blank line, a quote, fenced and indented code.
    const kept = ["", "| a | b |", "| --- | --- |", "| 1 | 2 |"];
    const code = ["> quoted", "> on", "", "```", "code line", "next line", "```", "    indented code", "    more"];
    const markdown = [
      "Deletes the engagement in the CRM behind the integrated",
      "account and returns it.",
      "",
      "- `unified` returns the response",
      "  with mappings applied.",
      "- `raw` returns it raw.",
      ...kept,
      "# Heading",
      "Text under it",
      "goes on.",
      ...code,
    ].join("\n");
    expect(unwrapSoftBreaks(markdown)).toBe(
      [
        "Deletes the engagement in the CRM behind the integrated account and returns it.",
        "",
        "- `unified` returns the response with mappings applied.",
        "- `raw` returns it raw.",
        ...kept,
        "# Heading",
        "Text under it goes on.",
        ...code,
      ].join("\n"),
    );
  });

  it("unwrapDescriptions reaches every description of the bundle, and only descriptions", () => {
    const spec = bundle();
    const operation = spec.paths["/unified/crm/engagements/{id}"]!.delete as unknown as { description: string; summary: string };
    expect(operation.description).toContain("integrated\naccount");
    const summary = operation.summary;
    unwrapDescriptions(spec);
    expect(operation.description).toBe(
      "Deletes the engagement with this `id` in the CRM behind the integrated account and returns it in the unified format.\n\n" +
        "Query parameters use Truto's bracket format (see \"Specifying query parameters in Truto APIs\"): arrays as `key[]=a&key[]=b`, objects as `key[field]=value`, arrays of objects with indices as `key[0][field]=value`.\n",
    );
    expect(operation.summary).toBe(summary);
    const descriptions: string[] = [];
    JSON.stringify(spec, (key, value) => (key === "description" && typeof value === "string" ? (descriptions.push(value), value) : value));
    expect(descriptions.length).toBeGreaterThan(40);
    expect(descriptions.filter((d) => unwrapSoftBreaks(d) !== d)).toEqual([]);
  });
});
