// Per-integration support of one parameter or field, old against new: which integrations gained
// or lost it, started or stopped requiring it, and which values each gained or lost.
import type { JsonSchema, Support, SupportEntry } from "../../../src/model.js";
import type { About, ChangeData } from "./change.js";
import { difference, valueChanges } from "./pairs.js";
import { enumValues } from "./schema-facts.js";

/** The part of a parameter or field that support is read from. */
type Supported = { support: Support; schema: JsonSchema };
type Enums = { before?: string[]; after?: string[] };

/** `nameOf` gives an integration's display name; integrations are listed in the order of those names. */
export function compareSupport(about: About, was: Supported, now: Supported, nameOf: (slug: string) => string): ChangeData[] {
  const [before, after] = [was.support, now.support];
  if (before === "all" && after === "all") return [];
  if (after === "all") return [{ ...about, kind: "every-integration" }];
  const byName = (a: string, b: string) => a.localeCompare(b, "en");
  if (before === "all") return [{ ...about, kind: "every-integration", only: Object.keys(after).map(nameOf).sort(byName) }];
  const enums = { before: enumValues(was.schema), after: enumValues(now.schema) };
  const slugs = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort((a, b) => byName(nameOf(a), nameOf(b)));
  return slugs.flatMap((slug) => compareEntry(about, nameOf(slug), before[slug], after[slug], enums));
}

function compareEntry(about: About, integration: string, was: SupportEntry | undefined, now: SupportEntry | undefined, enums: Enums): ChangeData[] {
  if (!now) return [{ ...about, kind: "support", integration, added: false }];
  const required = now.required === true;
  if (!was) return [{ ...about, kind: "support", integration, added: true, required, ...(now.values ? { values: valuesOf(now) } : {}) }];
  const changes: ChangeData[] = [];
  if ((was.required === true) !== required) changes.push({ ...about, kind: "integration-required", integration, required });
  return [...changes, ...compareAllowed(about, integration, was, now, enums)];
}

/** An integration without `values` takes every value of the enum. */
function compareAllowed(about: About, integration: string, was: SupportEntry, now: SupportEntry, enums: Enums): ChangeData[] {
  // Neither names values: any change is the enum's, reported once for the parameter or field.
  if (!was.values && !now.values) return [];
  const before = valuesOf(was) ?? enums.before;
  const after = valuesOf(now) ?? enums.after;
  // An enum that appeared or went away: reported once, for the parameter or field.
  if (!before || !after) return [];
  // A value gone from the enum is gone for every integration: reported once, for the parameter or field.
  const removed = difference(before, after).filter((value) => enums.after?.includes(value));
  return valueChanges(difference(after, before), removed, (added, values) => ({ ...about, kind: "integration-values", integration, added, values }));
}

/** The values an entry names, as text like the enum's (enumValues): `10` and `"10"` read alike in a changelog. */
function valuesOf(entry: SupportEntry): string[] | undefined {
  return entry.values?.map(String);
}
