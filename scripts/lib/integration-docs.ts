// The docs' "Integrations" section, printed from the model: for each integration, per operation,
// the parameters and body fields it requires or allows (with their values) and the result fields it
// fills. Redoc turns the Markdown headings of info.description into sidebar entries, so each
// integration is one entry under "Integrations".
import type { Support, SupportEntry } from "../../src/model.js";
import { tableCell } from "../redocly/markdown.js";
import type { ApiModel, OperationModel } from "./model.js";

export const INTEGRATIONS_HEADING = "Integrations";

const INTRO = [
  "What each integration takes and gives, operation by operation: the same support data as the",
  "tables beside each parameter and field. Truto's own parameters and fields (`integrated_account_id`,",
  "`truto_*`, `remote_query`, `remote_data`) apply to every integration and are not repeated here.",
  "",
  "A result schema's `required` is the unified model's: a field the integration does not fill is",
  "left out of its answers, and `truto_exclude_fields` removes any field, required or not.",
].join("\n");

/** The Markdown of the section, to append to info.description. */
export function integrationDocs(model: ApiModel): string {
  const sections = Object.entries(model.integrations).map(([slug, { name }]) => integrationSection(model, slug, name));
  return [`# ${INTEGRATIONS_HEADING}`, INTRO, ...sections].join("\n\n");
}

function integrationSection(model: ApiModel, slug: string, name: string): string {
  const operations = model.operations.map((op) => operationSection(op, slug, name));
  return [`## ${name}`, ...operations].join("\n\n");
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
