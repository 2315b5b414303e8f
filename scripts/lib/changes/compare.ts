// Two normalised models (scripts/lib/model.ts) compared into the changes a client user sees:
// integrations, operations, and per operation its route, body, where its records are, and every
// parameter, body field and result field (nested ones too), with per-integration support. Each change is judged
// breaking or not by isBreaking (change.ts).
import type { JsonSchema, Support } from "../../../src/model.js";
import type { ApiModel, OperationModel } from "../model.js";
import { isBreaking, type About, type Change, type ChangeData, type Subject } from "./change.js";
import { compareSupport } from "./compare-support.js";
import { difference, pairUp, valueChanges } from "./pairs.js";
import { childFields, enumValues, typeLabel } from "./schema-facts.js";

/** A parameter or field as compared. */
interface Item {
  subject: Subject;
  required: boolean;
  schema: JsonSchema;
  support: Support;
}

type NameOf = (slug: string) => string;

export function compareModels(before: ApiModel, after: ApiModel): Change[] {
  const nameOf: NameOf = (slug) => after.integrations[slug]?.name ?? before.integrations[slug]?.name ?? slug;
  const changes: ChangeData[] = [];
  for (const pair of pairUp(Object.entries(before.integrations), Object.entries(after.integrations), ([slug]) => slug)) {
    if (pair.before && pair.after) continue;
    const [slug, { name }] = pair.after ?? pair.before;
    changes.push({ kind: "integration", added: !pair.before, slug, integration: name });
  }
  for (const pair of pairUp(before.operations, after.operations, (operation) => operation.operationId)) {
    if (pair.before && pair.after) {
      changes.push(...compareOperation(pair.before, pair.after, nameOf));
      continue;
    }
    const operation = pair.after ?? pair.before;
    changes.push({ kind: "operation", added: !pair.before, operation: operation.operationId, route: routeOf(operation) });
  }
  return changes.map((change) => ({ ...change, breaking: isBreaking(change) }));
}

function compareOperation(was: OperationModel, now: OperationModel, nameOf: NameOf): ChangeData[] {
  const operation = now.operationId;
  const changes: ChangeData[] = [];
  if (routeOf(was) !== routeOf(now)) changes.push({ kind: "route", operation, from: routeOf(was), to: routeOf(now) });
  changes.push(...compareBody(was, now));
  if (was.records && now.records && was.records.at !== now.records.at) changes.push({ kind: "records-at", operation, from: was.records.at, to: now.records.at });
  for (const pair of pairUp(itemsOf(was), itemsOf(now), itemKey)) {
    if (pair.before && pair.after) changes.push(...compareItem({ operation, subject: pair.after.subject }, pair.before, pair.after, nameOf));
    else if (pair.after) changes.push({ kind: "presence", operation, subject: pair.after.subject, added: true, required: pair.after.required });
    else changes.push({ kind: "presence", operation, subject: pair.before.subject, added: false });
  }
  return changes;
}

/** A body added or removed (the resource method's arguments shift), newly required or not, closed or open. */
function compareBody({ body: was }: OperationModel, { operationId: operation, body: now }: OperationModel): ChangeData[] {
  if (!was && now) return [{ kind: "body", operation, added: true, required: now.required }];
  if (was && !now) return [{ kind: "body", operation, added: false }];
  if (!was || !now) return [];
  const changes: ChangeData[] = [];
  if (was.required !== now.required) changes.push({ kind: "body-required", operation, required: now.required });
  if (was.closed !== now.closed) changes.push({ kind: "body-closed", operation, closed: now.closed });
  return changes;
}

function compareItem(about: About, was: Item, now: Item, nameOf: NameOf): ChangeData[] {
  const changes: ChangeData[] = [];
  if (was.required !== now.required) changes.push({ ...about, kind: "required", required: now.required });
  const [from, to] = [typeLabel(was.schema), typeLabel(now.schema)];
  if (from !== to) changes.push({ ...about, kind: "type", from, to });
  const [before, after] = [enumValues(was.schema), enumValues(now.schema)];
  if (before && after) {
    changes.push(...valueChanges(difference(after, before), difference(before, after), (added, values) => ({ ...about, kind: "values" as const, added, values })));
  } else if (after) {
    changes.push({ ...about, kind: "limited", limited: true, values: after });
  } else if (before) {
    changes.push({ ...about, kind: "limited", limited: false, values: before });
  }
  return [...changes, ...compareSupport(about, was, now, nameOf)];
}

/**
 * Path parameters, query parameters, body fields, then result fields, each in the model's order and
 * each followed by the fields under it at any depth (`owner.id`, `contacts[].email`), so that a
 * nested change is found like a top-level one. The model lists nested record fields only where
 * support is given: their support comes from there, their other facts from the parent's schema.
 */
function itemsOf(operation: OperationModel): Item[] {
  const parameters = operation.parameters.map((p) => ({ ...p, subject: { kind: p.in, name: p.name } }));
  const body = (operation.body?.fields ?? []).map((f) => ({ ...f, subject: { kind: "body" as const, name: f.name } }));
  const result = (operation.records?.fields ?? []).map((f) => ({ ...f, subject: { kind: "result" as const, name: f.name } }));
  const listed = [...parameters, ...body, ...result];
  const support = new Map(listed.map((item) => [itemKey(item), item.support]));
  const items = new Map<string, Item>();
  for (const found of listed.flatMap((item) => [item, ...nestedItems(item)])) {
    if (!items.has(itemKey(found))) items.set(itemKey(found), { ...found, support: support.get(itemKey(found)) ?? found.support });
  }
  return [...items.values()];
}

function itemKey({ subject }: Item): string {
  return `${subject.kind} ${subject.name}`;
}

function nestedItems(item: Item): Item[] {
  return childFields(item.schema).flatMap((child) => {
    const nested: Item = { subject: { kind: item.subject.kind, name: `${item.subject.name}${child.suffix}` }, required: child.required, schema: child.schema, support: {} };
    return [nested, ...nestedItems(nested)];
  });
}

/** `DELETE /unified/crm/engagements/{id}`. */
function routeOf(operation: OperationModel): string {
  return `${operation.method} ${operation.path}`;
}
