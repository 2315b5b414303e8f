// The changes as a user's changelog in Markdown: a one-line summary, then one section for the
// integrations and one per operation (sorted by operationId), breaking lines first in each. Every
// line names its operation, so it still reads right when copied into CHANGELOG.md on its own.
import type { RecordsAt } from "../../../src/model.js";
import type { Change, ChangeData, Subject } from "./change.js";

export const NO_CHANGES = "No changes for client users.";

export function renderChangelog(changes: readonly Change[]): string {
  if (changes.length === 0) return `${NO_CHANGES}\n`;
  // The integrations' section (key "") sorts first. sort() is stable: within a section, breaking
  // lines first, each kind in the comparison's order.
  const ordered = [...changes].sort((a, b) => sectionOf(a).localeCompare(sectionOf(b), "en") || Number(b.breaking) - Number(a.breaking));
  const sections = new Map<string, Change[]>();
  for (const change of ordered) sections.set(sectionOf(change), [...(sections.get(sectionOf(change)) ?? []), change]);
  const lines = [summary(changes)];
  for (const [key, entries] of sections) {
    lines.push("", `### ${key ? code(key) : "Integrations"}`, "", ...entries.map((change) => `- ${change.breaking ? "**breaking** " : ""}${sentence(change)}`));
  }
  return `${lines.join("\n")}\n`;
}

/** "3 changes, 1 breaking". */
export function summary(changes: readonly Change[]): string {
  const breaking = changes.filter((change) => change.breaking).length;
  return `${changes.length} ${changes.length === 1 ? "change" : "changes"}, ${breaking} breaking`;
}

/** The operation a change is about; "" for an integration added or removed. */
function sectionOf(change: Change): string {
  return "operation" in change ? change.operation : "";
}

const SUBJECT: Record<Subject["kind"], string> = { path: "path parameter", query: "query parameter", body: "body field", result: "result field" };
const WHERE: Record<RecordsAt, string> = { body: "the body", result: "`result`", "result[]": "`result[]`" };

/** One change as a sentence, without the leading "- " and the breaking mark. */
export function sentence(change: ChangeData): string {
  if (change.kind === "integration") return `${change.added ? "Added" : "Removed"} integration ${change.integration} (${code(change.slug)})`;
  const op = code(change.operation);
  switch (change.kind) {
    case "operation":
      return `${change.added ? "Added" : "Removed"} operation ${op} (${code(change.route)})`;
    case "route":
      return `${op} is now ${code(change.to)} (was ${code(change.from)})`;
    case "body":
      if (!change.added) return `Removed the request body of ${op}: its resource method no longer takes a body argument before the query`;
      return `Added ${change.required ? "a required" : "an optional"} request body to ${op}: its resource method now takes it before the query`;
    case "body-required":
      return `The request body of ${op} is ${change.required ? "now" : "no longer"} required`;
    case "body-closed":
      return `The request body of ${op} ${change.closed ? "now refuses" : "no longer refuses"} fields it does not list`;
    case "records-at":
      return `The records of ${op} are now in ${WHERE[change.to]} (were in ${WHERE[change.from]})`;
  }
  const read = change.subject.kind === "result";
  const name = `${SUBJECT[change.subject.kind]} ${code(change.subject.name)}`;
  const what = `${name} of ${op}`;
  const What = what[0]!.toUpperCase() + what.slice(1);
  switch (change.kind) {
    case "presence":
      if (!change.added) return `Removed ${name} from ${op}`;
      return `Added ${read ? "" : change.required ? "required " : "optional "}${name} to ${op}`;
    case "required":
      return `${What} is ${change.required ? "now" : "no longer"} ${read ? "always present" : "required"}`;
    case "type":
      return `${What} is now ${code(change.to)} (was ${code(change.from)})`;
    case "values":
      return read ? `${What} can ${change.added ? "now" : "no longer"} be ${list(change.values)}` : `${What} ${change.added ? "now" : "no longer"} allows ${list(change.values)}`;
    case "limited":
      return `${What} is ${change.limited ? "now" : "no longer"} limited to ${list(change.values)}`;
    case "support": {
      if (!change.added) return `${change.integration} no longer supports ${what}`;
      const also = change.required ? `and ${read ? "always returns" : "requires"} ` : "";
      const values = change.values ? `, ${read ? "returning" : "allowing"} ${list(change.values)}` : "";
      return `${change.integration} now supports ${also}${what}${values}`;
    }
    case "integration-required":
      return `${change.integration} ${change.required ? "now" : "no longer"} ${read ? "always returns" : "requires"} ${what}`;
    case "integration-values":
      return `${change.integration} ${change.added ? "now" : "no longer"} ${read ? "returns" : "allows"} ${list(change.values)} for ${what}`;
    case "every-integration":
      if (!change.only) return `${What} is now supported by every integration`;
      return `${What} is now supported ${change.only.length > 0 ? `only by ${change.only.join(", ")}` : "by no listed integration"} (was every integration)`;
  }
}

function code(text: string): string {
  return `\`${text}\``;
}

function list(values: readonly string[]): string {
  return values.map(code).join(", ");
}
