// compareModels on hand-made model pairs: what it finds, and which of it breaks code written against
// the old version. Parameters and body fields are sent (narrowing breaks); result fields are read
// (widening or taking away breaks). The rules are in scripts/lib/changes/change.ts.
import { describe, expect, it } from "vitest";
import type { Change, Subject } from "../../scripts/lib/changes/change.js";
import { compareModels } from "../../scripts/lib/changes/compare.js";
import type { ApiModel, FieldModel, OperationModel, ParameterModel } from "../../scripts/lib/model.js";

const OP = "crm.things.get";

function operation(overrides: Partial<OperationModel> = {}): OperationModel {
  return {
    operationId: OP,
    summary: "Get a thing",
    method: "GET",
    path: "/unified/crm/things/{id}",
    parameters: [],
    success: { status: 200 },
    mock: { kind: "get", resource: "/unified/crm/things", reply: "record" },
    ...overrides,
  };
}

function model(operations: OperationModel[], integrations: ApiModel["integrations"] = { keap: { name: "Keap" }, close: { name: "Close" }, planhat: { name: "Planhat" } }): ApiModel {
  return { integrations, operations, resources: {} };
}

function param(name: string, overrides: Partial<ParameterModel> = {}): ParameterModel {
  return { name, in: "query", required: false, schema: { type: "string" }, rule: {}, support: {}, ...overrides };
}

function field(name: string, overrides: Partial<FieldModel> = {}): FieldModel {
  return { name, required: false, schema: { type: "string" }, support: {}, ...overrides };
}

/** The changes between one operation's two versions. */
function compare(before: Partial<OperationModel>, after: Partial<OperationModel>): Change[] {
  return compareModels(model([operation(before)]), model([operation(after)]));
}

const query = (name: string): Subject => ({ kind: "query", name });
const result = (name: string): Subject => ({ kind: "result", name });
const records = (...fields: FieldModel[]) => ({ records: { at: "body" as const, fields } });
const KIND = { type: "string", enum: ["call", "email", "meeting"] };

describe("compareModels: nothing changed", () => {
  it("finds nothing between a model and itself", () => {
    const same = model([operation({ parameters: [param("kind", { schema: KIND, support: { keap: { required: true, values: ["email"] } } })], ...records(field("id")) })]);
    expect(compareModels(same, structuredClone(same))).toEqual([]);
  });
});

describe("compareModels: integrations and operations", () => {
  it("an integration added is not breaking, one removed is", () => {
    const before = model([], { keap: { name: "Keap" }, close: { name: "Close" } });
    const after = model([], { keap: { name: "Keap" }, planhat: { name: "Planhat" } });
    expect(compareModels(before, after)).toEqual([
      { kind: "integration", added: true, slug: "planhat", integration: "Planhat", breaking: false },
      { kind: "integration", added: false, slug: "close", integration: "Close", breaking: true },
    ]);
  });

  it("an operation added is not breaking, one removed is", () => {
    const list = operation({ operationId: "crm.things.list", path: "/unified/crm/things" });
    expect(compareModels(model([operation()]), model([list]))).toEqual([
      { kind: "operation", added: true, operation: "crm.things.list", route: "GET /unified/crm/things", breaking: false },
      { kind: "operation", added: false, operation: OP, route: "GET /unified/crm/things/{id}", breaking: true },
    ]);
  });

  it("an operation on another method or path is breaking", () => {
    expect(compare({}, { method: "POST", path: "/unified/crm/things/{id}/get" })).toEqual([
      { kind: "route", operation: OP, from: "GET /unified/crm/things/{id}", to: "POST /unified/crm/things/{id}/get", breaking: true },
    ]);
  });

  it("a request body newly required is breaking, one no longer required is not", () => {
    const body = (required: boolean) => ({ body: { required, closed: false, schema: { type: "object" }, fields: [] } });
    expect(compare(body(false), body(true))).toEqual([{ kind: "body-required", operation: OP, required: true, breaking: true }]);
    expect(compare(body(true), body(false))).toEqual([{ kind: "body-required", operation: OP, required: false, breaking: false }]);
  });

  it("a request body added, required or not, or removed is breaking: the query argument moves", () => {
    const body = (required: boolean) => ({ body: { required, closed: false, schema: { type: "object" }, fields: [] } });
    expect(compare({}, body(true))).toEqual([{ kind: "body", operation: OP, added: true, required: true, breaking: true }]);
    expect(compare({}, body(false))).toEqual([{ kind: "body", operation: OP, added: true, required: false, breaking: true }]);
    expect(compare(body(false), {})).toEqual([{ kind: "body", operation: OP, added: false, breaking: true }]);
  });

  it("a request body now closed is breaking, one now open is not", () => {
    const body = (closed: boolean) => ({ body: { required: true, closed, schema: { type: "object" }, fields: [] } });
    expect(compare(body(false), body(true))).toEqual([{ kind: "body-closed", operation: OP, closed: true, breaking: true }]);
    expect(compare(body(true), body(false))).toEqual([{ kind: "body-closed", operation: OP, closed: false, breaking: false }]);
  });

  it("records found elsewhere in the body are breaking", () => {
    expect(compare({ records: { at: "body", fields: [] } }, { records: { at: "result", fields: [] } })).toEqual([
      { kind: "records-at", operation: OP, from: "body", to: "result", breaking: true },
    ]);
  });
});

describe("compareModels: what a caller sends (parameters, body fields)", () => {
  it("an optional parameter added is not breaking, a required one is", () => {
    expect(compare({}, { parameters: [param("tag"), param("queue", { required: true })] })).toEqual([
      { kind: "presence", operation: OP, subject: query("tag"), added: true, required: false, breaking: false },
      { kind: "presence", operation: OP, subject: query("queue"), added: true, required: true, breaking: true },
    ]);
  });

  it("a parameter removed is breaking, optional or not: the client would refuse it", () => {
    expect(compare({ parameters: [param("tag")] }, {})).toEqual([{ kind: "presence", operation: OP, subject: query("tag"), added: false, breaking: true }]);
  });

  it("tells a path parameter, a query parameter and a body field of the same name apart", () => {
    const body = { body: { required: true, closed: false, schema: { type: "object" }, fields: [{ ...field("id"), rule: {} }] } };
    expect(compare({ parameters: [param("id", { in: "path", required: true })], ...body }, { parameters: [param("id", { required: true })], ...body })).toEqual([
      { kind: "presence", operation: OP, subject: query("id"), added: true, required: true, breaking: true },
      { kind: "presence", operation: OP, subject: { kind: "path", name: "id" }, added: false, breaking: true },
    ]);
  });

  it("newly required is breaking, no longer required is not", () => {
    expect(compare({ parameters: [param("a"), param("b", { required: true })] }, { parameters: [param("a", { required: true }), param("b")] })).toEqual([
      { kind: "required", operation: OP, subject: query("a"), required: true, breaking: true },
      { kind: "required", operation: OP, subject: query("b"), required: false, breaking: false },
    ]);
  });

  it("a type changed is breaking, its format included, in both directions", () => {
    const date = { type: "string", format: "date-time" };
    expect(compare({ parameters: [param("a"), param("b", { schema: date })] }, { parameters: [param("a", { schema: date }), param("b")] })).toEqual([
      { kind: "type", operation: OP, subject: query("a"), from: "string", to: "string (date-time)", breaking: true },
      { kind: "type", operation: OP, subject: query("b"), from: "string (date-time)", to: "string", breaking: true },
    ]);
  });

  it("names array, nullable and untyped schemas in the type", () => {
    const changes = compare(
      { parameters: [param("a", { schema: { type: "array", items: { type: "string" } } }), param("b"), param("c", { schema: { enum: ["x"] } })] },
      { parameters: [param("a", { schema: { type: "array", items: { type: "integer" } } }), param("b", { schema: { type: ["string", "null"] } }), param("c", { schema: { type: "string", enum: ["x"] } })] },
    );
    expect(changes.map((change) => change.kind === "type" && `${change.from} -> ${change.to}`)).toEqual(["array of string -> array of integer", "string -> string | null", "any -> string"]);
  });

  it("an enum value added is not breaking, one removed is (the enum of an array's items too)", () => {
    const labels = (values: string[]) => param("labels", { schema: { type: "array", items: { type: "string", enum: values } } });
    expect(compare({ parameters: [param("kind", { schema: KIND }), labels(["bug"])] }, { parameters: [param("kind", { schema: { ...KIND, enum: ["call", "email", "chat"] } }), labels(["bug", "idea"])] })).toEqual([
      { kind: "values", operation: OP, subject: query("kind"), added: true, values: ["chat"], breaking: false },
      { kind: "values", operation: OP, subject: query("kind"), added: false, values: ["meeting"], breaking: true },
      { kind: "values", operation: OP, subject: query("labels"), added: true, values: ["idea"], breaking: false },
    ]);
  });

  it("an enum that appears is breaking, one that goes away is not", () => {
    expect(compare({ parameters: [param("a"), param("b", { schema: KIND })] }, { parameters: [param("a", { schema: KIND }), param("b")] })).toEqual([
      { kind: "limited", operation: OP, subject: query("a"), limited: true, values: ["call", "email", "meeting"], breaking: true },
      { kind: "limited", operation: OP, subject: query("b"), limited: false, values: ["call", "email", "meeting"], breaking: false },
    ]);
  });

  it("null in a nullable enum is the type's business, not a value", () => {
    expect(compare({ parameters: [param("kind", { schema: KIND })] }, { parameters: [param("kind", { schema: { type: ["string", "null"], enum: [...KIND.enum, null] } })] })).toEqual([
      { kind: "type", operation: OP, subject: query("kind"), from: "string", to: "string | null", breaking: true },
    ]);
  });

  it("a body field follows the same rules as a query parameter", () => {
    const body = (...fields: FieldModel[]) => ({ body: { required: true, closed: false, schema: { type: "object" }, fields: fields.map((f) => ({ ...f, rule: {} })) } });
    expect(compare(body(field("subject")), body(field("subject", { required: true, support: { keap: { required: true } } })))).toEqual([
      { kind: "required", operation: OP, subject: { kind: "body", name: "subject" }, required: true, breaking: true },
      { kind: "support", operation: OP, subject: { kind: "body", name: "subject" }, integration: "Keap", added: true, required: true, breaking: true },
    ]);
  });
});

describe("compareModels: per-integration support of what a caller sends", () => {
  const kind = (support: ParameterModel["support"], schema: ParameterModel["schema"] = KIND) => ({ parameters: [param("kind", { schema, support })] });
  const about = { operation: OP, subject: query("kind") };

  it("support added is not breaking unless the integration requires it; support withdrawn is breaking", () => {
    expect(compare(kind({ keap: {} }), kind({ close: { values: ["call"] }, planhat: { required: true } }))).toEqual([
      { ...about, kind: "support", integration: "Close", added: true, required: false, values: ["call"], breaking: false },
      { ...about, kind: "support", integration: "Keap", added: false, breaking: true },
      { ...about, kind: "support", integration: "Planhat", added: true, required: true, breaking: true },
    ]);
  });

  it("newly required by an integration is breaking, no longer required is not", () => {
    expect(compare(kind({ close: {}, keap: { required: true } }), kind({ close: { required: true }, keap: {} }))).toEqual([
      { ...about, kind: "integration-required", integration: "Close", required: true, breaking: true },
      { ...about, kind: "integration-required", integration: "Keap", required: false, breaking: false },
    ]);
  });

  it("a value an integration allows added is not breaking, one withdrawn is", () => {
    expect(compare(kind({ keap: { values: ["email", "meeting"] } }), kind({ keap: { values: ["email", "call"] } }))).toEqual([
      { ...about, kind: "integration-values", integration: "Keap", added: true, values: ["call"], breaking: false },
      { ...about, kind: "integration-values", integration: "Keap", added: false, values: ["meeting"], breaking: true },
    ]);
  });

  it("reads no `values` as every value of the enum", () => {
    expect(compare(kind({ keap: {} }), kind({ keap: { values: ["email"] } }))).toEqual([
      { ...about, kind: "integration-values", integration: "Keap", added: false, values: ["call", "meeting"], breaking: true },
    ]);
    expect(compare(kind({ keap: { values: ["email"] } }), kind({ keap: {} }))).toEqual([
      { ...about, kind: "integration-values", integration: "Keap", added: true, values: ["call", "meeting"], breaking: false },
    ]);
  });

  it("reports an enum change once, for the parameter, not again per integration", () => {
    const smaller = { ...KIND, enum: ["call", "email"] };
    expect(compare(kind({ close: {}, keap: { values: ["email", "meeting"] } }), kind({ close: {}, keap: { values: ["email"] } }, smaller))).toEqual([
      { ...about, kind: "values", added: false, values: ["meeting"], breaking: true },
    ]);
  });

  it("reports an enum that appears or goes away once, for the parameter, whatever values an integration names", () => {
    const plain = { type: "string" };
    expect(compare(kind({ keap: {} }, plain), kind({ keap: { values: ["email"] } }))).toEqual([
      { ...about, kind: "limited", limited: true, values: ["call", "email", "meeting"], breaking: true },
    ]);
    expect(compare(kind({ keap: { values: ["email"] } }), kind({ keap: {} }, plain))).toEqual([
      { ...about, kind: "limited", limited: false, values: ["call", "email", "meeting"], breaking: false },
    ]);
  });

  it("becoming Truto's own is not breaking; ceasing to be is, naming who is left", () => {
    expect(compare(kind({ keap: {} }), kind("all"))).toEqual([{ ...about, kind: "every-integration", breaking: false }]);
    expect(compare(kind("all"), kind({ planhat: {}, close: {} }))).toEqual([{ ...about, kind: "every-integration", only: ["Close", "Planhat"], breaking: true }]);
    expect(compare(kind("all"), kind({}))).toEqual([{ ...about, kind: "every-integration", only: [], breaking: true }]);
  });

  it("names an integration gone from the model by its old display name", () => {
    const before = model([operation(kind({ keap: {} }))]);
    const after = model([operation(kind({}))], {});
    expect(compareModels(before, after).slice(-1)).toEqual([{ ...about, kind: "support", integration: "Keap", added: false, breaking: true }]);
  });
});

describe("compareModels: what a caller reads (result fields)", () => {
  const about = (name: string) => ({ operation: OP, subject: result(name) });

  it("a result field added is not breaking, even always present; one removed is", () => {
    expect(compare(records(field("owner.id")), records(field("id", { required: true })))).toEqual([
      { ...about("id"), kind: "presence", added: true, required: true, breaking: false },
      { ...about("owner.id"), kind: "presence", added: false, breaking: true },
    ]);
  });

  it("no longer always present is breaking, now always present is not", () => {
    expect(compare(records(field("a", { required: true }), field("b")), records(field("a"), field("b", { required: true })))).toEqual([
      { ...about("a"), kind: "required", required: false, breaking: true },
      { ...about("b"), kind: "required", required: true, breaking: false },
    ]);
  });

  it("a type changed is breaking", () => {
    expect(compare(records(field("a")), records(field("a", { schema: { type: "integer" } })))).toEqual([{ ...about("a"), kind: "type", from: "string", to: "integer", breaking: true }]);
  });

  it("finds changes under a field at any depth, with the support the model lists for a nested field", () => {
    const owner = (id: string, support: FieldModel["support"]) => records(field("owner", { schema: { type: "object", required: ["id"], properties: { id: { type: id } } } }), field("owner.id", { support }));
    expect(compare(owner("string", { keap: {} }), owner("integer", {}))).toEqual([
      { ...about("owner.id"), kind: "type", from: "string", to: "integer", breaking: true },
      { ...about("owner.id"), kind: "support", integration: "Keap", added: false, breaking: true },
    ]);
  });

  it("enum values added or removed, an enum appearing or going: none is breaking (readers handle unknown values)", () => {
    expect(compare(records(field("a", { schema: KIND }), field("b"), field("c", { schema: KIND })), records(field("a", { schema: { ...KIND, enum: ["call", "chat"] } }), field("b", { schema: KIND }), field("c")))).toEqual([
      { ...about("a"), kind: "values", added: true, values: ["chat"], breaking: false },
      { ...about("a"), kind: "values", added: false, values: ["email", "meeting"], breaking: false },
      { ...about("b"), kind: "limited", limited: true, values: ["call", "email", "meeting"], breaking: false },
      { ...about("c"), kind: "limited", limited: false, values: ["call", "email", "meeting"], breaking: false },
    ]);
  });

  it("per integration: support withdrawn and no longer always returned are breaking; the rest is not", () => {
    const before = records(field("a", { schema: KIND, support: { close: { required: true }, keap: { values: ["call"] }, planhat: {} } }));
    const after = records(field("a", { schema: KIND, support: { close: {}, keap: { values: ["email"] }, planhat: { required: true } } }));
    expect(compare(before, after)).toEqual([
      { ...about("a"), kind: "integration-required", integration: "Close", required: false, breaking: true },
      { ...about("a"), kind: "integration-values", integration: "Keap", added: true, values: ["email"], breaking: false },
      { ...about("a"), kind: "integration-values", integration: "Keap", added: false, values: ["call"], breaking: false },
      { ...about("a"), kind: "integration-required", integration: "Planhat", required: true, breaking: false },
    ]);
    expect(compare(after, records(field("a", { schema: KIND, support: { close: {}, keap: { values: ["email"] }, zoho: { required: true } } })))).toEqual([
      { ...about("a"), kind: "support", integration: "Planhat", added: false, breaking: true },
      { ...about("a"), kind: "support", integration: "zoho", added: true, required: true, breaking: false },
    ]);
  });
});
