// The docs' Integrations section (scripts/lib/integration-docs.ts), printed from the model: exact
// Markdown for one integration of the fixture API (every shape) and of the real spec, and one
// section per integration, in the spec's order.
import { describe, expect, it } from "vitest";
import { bundleSpec } from "../../scripts/lib/bundle.js";
import { integrationDocs } from "../../scripts/lib/integration-docs.js";
import { normalize } from "../../scripts/lib/model.js";
import { FIXTURE_SPEC } from "../helpers/fixture-api.js";

/** The section of one integration: from its `## Name` heading to the next. */
function section(markdown: string, name: string): string {
  const start = markdown.indexOf(`\n## ${name}\n`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start + 1, end === -1 ? undefined : end).trimEnd();
}

describe("integrationDocs", () => {
  it("has one section per integration, in the spec's order, after the introduction", async () => {
    const markdown = integrationDocs(normalize(await bundleSpec("openapi/openapi.yaml", "redocly.yaml")));
    expect(markdown.startsWith("# Integrations\n\nWhat each integration takes and gives, operation by operation")).toBe(true);
    expect(markdown).toContain("A result schema's `required` is the unified model's");
    expect([...markdown.matchAll(/^## (.+)$/gm)].map((match) => match[1])).toEqual(["Affinity", "Capsule", "Close", "Copper", "Keap", "Monday CRM", "OnePageCRM", "Pipedrive", "Pipeliner", "Planhat", "Zoho CRM"]);
  });

  it("Keap and Capsule on the real delete: what each requires and allows, and the fields each fills", async () => {
    const markdown = integrationDocs(normalize(await bundleSpec("openapi/openapi.yaml", "redocly.yaml")));
    expect(section(markdown, "Keap")).toBe(
      [
        "## Keap",
        "",
        "**Delete an engagement** (`crm.engagements.delete`)",
        "",
        "| Parameter or field | Where | Keap |",
        "| --- | --- | --- |",
        "| `engagement_type` | query | **required** · values `email`, `meeting` |",
        "",
        "Result fields Keap fills: none.",
      ].join("\n"),
    );
    expect(section(markdown, "Capsule")).toBe(
      [
        "## Capsule",
        "",
        "**Delete an engagement** (`crm.engagements.delete`)",
        "",
        "Capsule takes none of this operation's parameters or body fields beyond Truto's own.",
        "",
        "Result fields Capsule fills: `id`.",
      ].join("\n"),
    );
  });

  it("Globex on every shape of the fixture API: query and body entries with values, records in envelopes, none for a 204", async () => {
    const globex = section(integrationDocs(normalize(await bundleSpec(FIXTURE_SPEC, "redocly.yaml"))), "Globex");
    const operation = (summary: string) => globex.slice(globex.indexOf(`**${summary}**`)).split("\n\n**")[0]!;
    expect(operation("Archive tickets")).toBe("**Archive tickets** (`fixture.tickets.archive`)\n\nGlobex takes none of this operation's parameters or body fields beyond Truto's own.");
    expect(operation("Create a ticket")).toBe(
      [
        "**Create a ticket** (`fixture.tickets.create`)",
        "",
        "| Parameter or field | Where | Globex |",
        "| --- | --- | --- |",
        "| `subject` | body | supported |",
        "| `priority` | body | **required** · values `low`, `normal`, `high` |",
        "| `due_at` | body | supported |",
        "",
        "Result fields Globex fills: `id`, `subject`, `priority`, `due_at`.",
      ].join("\n"),
    );
    expect(operation("List tickets")).toBe(
      [
        "**List tickets** (`fixture.tickets.list`)",
        "",
        "| Parameter or field | Where | Globex |",
        "| --- | --- | --- |",
        "| `priority` | query | supported |",
        "| `owner` | query | **required** |",
        "",
        "Result fields Globex fills: `id`, `subject`, `priority`, `due_at`.",
      ].join("\n"),
    );
    expect(operation("Merge tickets")).toContain("| `id` | body | supported |\n| `other_ids` | body | supported |\n\nResult fields Globex fills: `id`, `subject`, `priority`, `due_at`.");
  });
});
