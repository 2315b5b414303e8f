// The docs' "Integrations" section, printed from the model: for each integration, per operation,
// the parameters and body fields it requires or allows (with their values) and the result fields it
// fills. In the docs each integration is a page of its own under "Integrations" (addIntegrationPages).
import type { Support, SupportEntry } from "../../src/model.js";
import { tableCell } from "../redocly/markdown.js";
import type { ApiModel, OperationModel } from "./model.js";
import type { BundledSpec } from "./spec.js";

export const INTEGRATIONS_HEADING = "Integrations";

const INTRO = [
  "What each integration takes and gives, operation by operation: the same support data as the",
  "tables beside each parameter and field. Truto's own parameters and fields (`integrated_account_id`,",
  "`truto_*`, `remote_query`, `remote_data`) apply to every integration and are not repeated here.",
  "",
  "A result schema's `required` is the unified model's: a field the integration does not fill is",
  "left out of its answers, and `truto_exclude_fields` removes any field, required or not.",
].join("\n");

/** The whole section as one Markdown text: its heading, the introduction, then `## <integration>` and its page. */
export function integrationDocs(model: ApiModel): string {
  const sections = integrationPages(model).map(({ name, markdown }) => `## ${name}\n\n${markdown}`);
  return [`# ${INTEGRATIONS_HEADING}`, INTRO, ...sections].join("\n\n");
}

/** Each integration's page: its display name and the Markdown under it, in the spec's order. */
export function integrationPages(model: ApiModel): { name: string; markdown: string }[] {
  return Object.entries(model.integrations).map(([slug, { name }]) => ({ name, markdown: model.operations.map((op) => operationSection(op, slug, name)).join("\n\n") }));
}

/**
 * Puts the section into the docs' copy of the bundle. Redoc's search indexes info.description as
 * one entry that opens the top of the page, so a search for "OnePageCRM" landed on Affinity. Each
 * integration is instead a tag of its own (`x-traitTag`: a page with no operations), grouped under
 * "Integrations" in the sidebar (`x-tagGroups`, the spec's own tags under "Operations"): Redoc
 * indexes each page on its own and a search hit opens it (#/onepagecrm). The introduction closes
 * info.description.
 */
export function addIntegrationPages(spec: BundledSpec & { tags?: { name: string }[] }, model: ApiModel): void {
  const pages = integrationPages(model);
  const own = [...(spec.tags ?? []).map((tag) => tag.name)];
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item as Record<string, { tags?: unknown }>)) {
      for (const tag of Array.isArray(operation?.tags) ? (operation.tags as string[]) : []) if (!own.includes(tag)) own.push(tag);
    }
  }
  const clash = pages.find((page) => own.includes(page.name));
  if (clash) throw new Error(`Integration "${clash.name}" has the name of a tag of the spec: its docs page would take that tag's place`);
  // No heading: a heading would be a sidebar entry of its own beside the group of the same name.
  spec.info.description = [spec.info.description?.trimEnd(), `**${INTEGRATIONS_HEADING}.** ${INTRO}`].filter(Boolean).join("\n\n") + "\n";
  spec.tags = [...pages.map(({ name, markdown }) => ({ name, description: markdown, "x-traitTag": true })), ...(spec.tags ?? [])];
  (spec as unknown as Record<string, unknown>)["x-tagGroups"] = [
    { name: INTEGRATIONS_HEADING, tags: pages.map((page) => page.name) },
    { name: "Operations", tags: own },
  ];
}

function operationSection(op: OperationModel, slug: string, name: string): string {
  const rows = [
    ...op.parameters.map((p) => ({ name: p.name, where: p.in, entry: entryFor(p.support, slug) })),
    ...(op.body?.fields ?? []).map((f) => ({ name: f.name, where: "body", entry: entryFor(f.support, slug) })),
  ].filter((row): row is { name: string; where: string; entry: SupportEntry } => row.entry !== undefined);
  const filled = (op.records?.fields ?? []).filter((f) => !f.name.includes(".") && entryFor(f.support, slug) !== undefined).map((f) => `\`${f.name}\``);
  const table = rows.length === 0
    ? `${name} takes none of this operation's parameters or body fields beyond Truto's own.`
    : [`| Parameter or field | Where | ${name} |`, "| --- | --- | --- |", ...rows.map((row) => `| \`${row.name}\` | ${row.where} | ${tableCell(describeEntry(row.entry))} |`)].join("\n");
  const result = op.records ? `Result fields ${name} fills: ${filled.length > 0 ? filled.join(", ") : "none"}.` : "";
  return [`**${op.summary}** (\`${op.operationId}\`)`, table, result].filter(Boolean).join("\n\n");
}

/** The integration's own entry, or undefined when it does not support the name (or it is Truto's own). */
function entryFor(support: Support, slug: string): SupportEntry | undefined {
  return support !== "all" && Object.hasOwn(support, slug) ? support[slug] : undefined;
}

/** "**required** · values `email`, `meeting` · note" */
function describeEntry(entry: SupportEntry): string {
  const parts = [entry.required ? "**required**" : "supported"];
  if (entry.values) parts.push(`values ${entry.values.map((value) => `\`${value}\``).join(", ")}`);
  if (entry.note) parts.push(entry.note);
  return parts.join(" · ");
}
