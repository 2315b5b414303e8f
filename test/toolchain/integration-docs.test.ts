// The docs' Integrations section (scripts/lib/integration-docs.ts), printed from the model: exact
// Markdown for one integration of the fixture API (every shape) and of the real spec, and one
// section per integration, in the spec's order.
import { describe, expect, it } from "vitest";
import { bundleSpec } from "../../scripts/lib/bundle.js";
import { addIntegrationPages, integrationDocs, integrationPages } from "../../scripts/lib/integration-docs.js";
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

describe("addIntegrationPages (the docs' copy of the bundle)", () => {
  it("makes each integration a page of its own: a trait tag with its Markdown, grouped under Integrations, the spec's tags under Operations, the introduction closing info.description", async () => {
    const spec = await bundleSpec("openapi/openapi.yaml", "redocly.yaml");
    const model = normalize(spec);
    const description = spec.info.description!;
    addIntegrationPages(spec, model);
    const docs = spec as typeof spec & { tags: { name: string; description?: string; "x-traitTag"?: true }[]; "x-tagGroups": unknown };
    const pages = integrationPages(model);
    expect(docs.tags).toEqual([
      ...pages.map(({ name, markdown }) => ({ name, description: markdown, "x-traitTag": true })),
      { name: "Engagements", description: "Calls, chats, emails, meetings and notes in the unified CRM model." },
    ]);
    expect(docs["x-tagGroups"]).toEqual([
      { name: "Integrations", tags: ["Affinity", "Capsule", "Close", "Copper", "Keap", "Monday CRM", "OnePageCRM", "Pipedrive", "Pipeliner", "Planhat", "Zoho CRM"] },
      { name: "Operations", tags: ["Engagements"] },
    ]);
    // The same Markdown as the section's, without its heading.
    expect(pages.find((page) => page.name === "Keap")!.markdown).toBe(section(integrationDocs(model), "Keap").replace("## Keap\n\n", ""));
    expect(spec.info.description).toBe(`${description.trimEnd()}\n\n**Integrations.** What each integration takes and gives, operation by operation: the same support data as the\ntables beside each parameter and field. Truto's own parameters and fields (\`integrated_account_id\`,\n\`truto_*\`, \`remote_query\`, \`remote_data\`) apply to every integration and are not repeated here.\n\nA result schema's \`required\` is the unified model's: a field the integration does not fill is\nleft out of its answers, and \`truto_exclude_fields\` removes any field, required or not.\n`);
  });

  it("refuses an integration named like a tag of the spec, whose page would take the tag's place", async () => {
    const spec = await bundleSpec("openapi/openapi.yaml", "redocly.yaml");
    const model = normalize(spec);
    model.integrations = { ...model.integrations, engagements: { name: "Engagements" } };
    expect(() => addIntegrationPages(spec, model)).toThrow('Integration "Engagements" has the name of a tag of the spec: its docs page would take that tag\'s place');
  });
});

