// The truto/operation-id-namespace lint rule: an operationId whose first name is already a member
// of the client (`use`, `request`, `eject`, the HTTP methods) fails, at the operationId.
import { describe, expect, it } from "vitest";
import { CLIENT_MEMBERS, OperationIdNamespace } from "../../scripts/redocly/rules/operation-id-namespace.js";
import { TOKEN } from "../helpers/constants.js";

/** Runs the rule's Operation visitor on one operation; returns what it reported. */
function lint(operationId: unknown): { message: string; at: string }[] {
  const reports: { message: string; at: string }[] = [];
  const ctx = {
    location: { child: (key: string) => key },
    report: ({ message, location }: { message: string; location: string }) => reports.push({ message, at: location }),
  };
  (OperationIdNamespace() as { Operation: { enter(op: object, ctx: object): void } }).Operation.enter({ operationId }, ctx);
  return reports;
}

describe("truto/operation-id-namespace", () => {
  it.each(["use.things.list", "request.things.get", "eject.x.y"])("refuses %s, naming the member it would shadow", (operationId) => {
    const namespace = operationId.split(".")[0];
    expect(lint(operationId)).toEqual([
      { message: `operationId "${operationId}" starts with "${namespace}", which is already truto.${namespace}; use another namespace (e.g. the API model, "crm")`, at: "operationId" },
    ]);
  });

  it.each(["then.things.list", "crm.then.get", "crm.engagements.then"])("refuses %s: a name `then` makes the client or a namespace look like a promise", (operationId) => {
    expect(lint(operationId)).toEqual([
      { message: `operationId "${operationId}" has a name "then": the object holding it would look like a promise to await; use another name`, at: "operationId" },
    ]);
  });

  it("accepts the real and fixture namespaces, and leaves a missing operationId to other rules", () => {
    expect(lint("crm.engagements.delete")).toEqual([]);
    expect(lint("fixture.tickets.merge")).toEqual([]);
    expect(lint("users.me.get")).toEqual([]);
    expect(lint(undefined)).toEqual([]);
  });

  it("knows every member the client has", async () => {
    const { createTrutoClient } = await import("../../src/index.js");
    const { endpoints } = await import("../../generated/endpoints.js");
    const client = createTrutoClient({ token: TOKEN });
    const own = Object.keys(client).filter((key) => !Object.hasOwn(endpoints, key));
    expect([...own].sort()).toEqual([...CLIENT_MEMBERS].sort());
  });
});
