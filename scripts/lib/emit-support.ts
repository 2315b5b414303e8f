// Prints generated/support.ts from the model: integrations, and per operation the support of each
// parameter, body field and record field.
import type { Support } from "../../src/model.js";
import type { ApiModel } from "./model.js";
import { printModule } from "./print.js";

export function emitSupport(model: ApiModel, source: string): string {
  const table = (pick: (op: ApiModel["operations"][number]) => { name: string; support: Support }[] | undefined) =>
    Object.fromEntries(model.operations.flatMap((op) => {
      const entries = pick(op);
      return entries ? [[op.operationId, Object.fromEntries(entries.map(({ name, support }) => [name, support]))]] : [];
    }));
  return printModule(source, [
    { doc: "Integrations named on Truto's reference pages: slug -> display name.", name: "integrations", value: model.integrations },
    { doc: "Per operation, per path or query parameter, in the reference page's order.", name: "parameterSupport", value: table((op) => op.parameters), satisfies: "SupportTable" },
    { doc: "Per operation with a JSON request body, per top-level body field.", name: "bodySupport", value: table((op) => op.body?.fields), satisfies: "SupportTable" },
    {
      doc: "Per operation whose success body holds records, per record field (nested fields as `parent.child`,\narray items as `parent[].child`, listed only where the page gives support). Where the records\nare in the body: `records` in generated/endpoints.ts.",
      name: "fieldSupport",
      value: table((op) => op.records?.fields),
      satisfies: "SupportTable",
    },
  ]);
}
