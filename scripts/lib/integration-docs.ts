// The docs' "Integrations" section, printed from the model: for each integration, per operation,
// the parameters and body fields it requires or allows (with their values) and the result fields it
// fills. In the docs each integration is a page of its own under "Integrations" (addIntegrationPages).
// Also `wireExamples`, the docs' query examples in
// the client's query format (below).
import type { Support, SupportEntry } from "../../src/model.js";
import { serializeQuery } from "../../src/query.js";
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

// Query parameter examples in the docs, as the query string the client sends. Redoc prints an
// `examples` entry of a query parameter as `name=<JSON>` (`truto_exclude_fields=["id","name"]`,
// `remote_query={"foo":"bar"}`) and an array `example` as `name=a&name=b`: neither is Truto's
// bracket format. So, for the docs only (scripts/docs.ts, on its copy of the bundle), every query
// parameter whose example is an array or an object loses `example`/`examples` and its description
// gains one line per example, `Example: \`<serializeQuery({ [name]: value })>\``, as the reference
// page writes it. Scalar examples (`integrated_account_id=…`) stay Redoc's, which prints them right.

interface ExampleParameter {
  $ref?: string;
  name?: string;
  in?: string;
  description?: string;
  example?: unknown;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const isStructured = (value: unknown) => typeof value === "object" && value !== null;

/** Rewrites, in place, every query parameter of `spec` (components and inline) with an array or object example. */
export function wireExamples(spec: BundledSpec): void {
  const parameters: ExampleParameter[] = [
    ...Object.values((spec.components?.parameters ?? {}) as Record<string, ExampleParameter>),
    ...Object.values(spec.paths).flatMap((item) => [
      ...((item.parameters ?? []) as ExampleParameter[]),
      ...METHODS.flatMap((method) => (item[method]?.parameters ?? []) as ExampleParameter[]),
    ]),
  ];
  for (const parameter of parameters) {
    if (parameter.$ref !== undefined || parameter.in !== "query" || parameter.name === undefined) continue;
    const values = parameter.examples ? Object.values(parameter.examples).map((example) => example.value) : [parameter.example];
    if (!values.some(isStructured)) continue;
    if (parameter.examples && Object.values(parameter.examples).some((example) => example.$ref !== undefined)) {
      throw new Error(`Query parameter "${parameter.name}": a $ref example cannot be shown in the docs' query format`);
    }
    const name = parameter.name;
    const lines = values.filter((value) => value !== undefined).map((value) => `Example: \`${serializeQuery({ [name]: value })}\``);
    parameter.description = [parameter.description?.trimEnd(), ...lines].filter(Boolean).join("\n\n");
    delete parameter.example;
    delete parameter.examples;
  }
}

// Soft line breaks in the docs. Redoc renders a Markdown soft break as a space but its search index
// drops it, gluing the words around it ("behind the integrated\naccount" is indexed and shown as
// "integratedaccount"). So, for the docs only, every description (and info.description) has its
// paragraphs' lines joined with a space; blank lines, list items, table rows, headings, quotes,
// indented and fenced code keep their line breaks.

const BLOCK_LINE = /^\s*(?:[-*+] |\d+[.)] |\||#|>|```|~~~)|^ {4}/;

/** `markdown` with each soft line break inside a paragraph turned into a space. */
export function unwrapSoftBreaks(markdown: string): string {
  const out: string[] = [];
  let fenced = false;
  let joinable = false;
  for (const line of markdown.split("\n")) {
    const fence = /^\s*(?:```|~~~)/.test(line);
    if (!fenced && joinable && line.trim() !== "" && !BLOCK_LINE.test(line)) {
      out[out.length - 1] = `${out[out.length - 1]!.trimEnd()} ${line.trim()}`;
      continue;
    }
    out.push(line);
    if (fence) fenced = !fenced;
    // A paragraph's line takes the next one; so does a list item's (its continuation), never a table row, heading or code.
    joinable = !fenced && !fence && line.trim() !== "" && !/^\s*(?:\||#|>)|^ {4}/.test(line);
  }
  return out.join("\n");
}

/** Unwraps every `description` of `spec` in place (see unwrapSoftBreaks). */
export function unwrapDescriptions(node: unknown): void {
  if (Array.isArray(node)) for (const item of node) unwrapDescriptions(item);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "description" && typeof value === "string") (node as Record<string, unknown>)[key] = unwrapSoftBreaks(value);
      else unwrapDescriptions(value);
    }
  }
}
