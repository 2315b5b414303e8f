// The README's option table, printed from src/options.ts's OPTIONS: each option's name, where it
// may be given, its default and its doc comment (read with the TypeScript compiler API, so the text
// is written once, where the option is).
import ts from "typescript";
import { OPTIONS } from "../../src/options.js";

const SOURCE = "src/options.ts";
const PLACES = { client: "client", call: "call", raw: "`truto.GET(…)` init" } as const;

/** Option name -> its doc comment, from the OPTIONS literal in src/options.ts. */
export function optionDocs(file = SOURCE): Record<string, string> {
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const docs: Record<string, string> = {};
  ts.forEachChild(source, (node) => {
    if (!ts.isVariableStatement(node)) return;
    for (const declaration of node.declarationList.declarations) {
      if (declaration.name.getText(source) !== "OPTIONS") continue;
      for (const property of checker.getTypeAtLocation(declaration).getProperties()) {
        docs[property.name] = ts.displayPartsToString(property.getDocumentationComment(checker)).replace(/\s+/g, " ").trim();
      }
    }
  });
  return docs;
}

/** The Markdown table: option, where, default, what it does. */
export function optionsTable(docs = optionDocs()): string {
  const rows = Object.entries(OPTIONS).map(([name, option]) => {
    const where = option.where.map((place) => PLACES[place]).join(", ");
    const doc = docs[name];
    if (!doc) throw new Error(`${SOURCE}: the option "${name}" has no doc comment`);
    return `| \`${name}\` | ${where} | ${shown(option.default)} | ${doc.replace(/\|/g, "\\|")} |`;
  });
  return ["| option | where | default | |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

function shown(value: unknown): string {
  if (value === undefined) return "none";
  if (value === console) return "`console`";
  if (typeof value === "function") return "`globalThis.fetch`";
  if (typeof value === "object" && value !== null && Object.keys(value).length === 0) return "none";
  return `\`${typeof value === "string" ? value : String(value)}\``;
}
