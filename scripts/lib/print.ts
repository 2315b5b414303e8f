// Prints generated modules: JSON-like data as TypeScript literals (bare identifier keys, 2-space
// indent, deterministic), each table an `export const` typed by src/model.ts.
import { generatedHeader } from "./generated-header.js";

const MAX_INLINE = 80;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** One exported table: its doc comment, name, data and the src/model.ts type it satisfies. */
export interface Table {
  doc: string;
  name: string;
  value: unknown;
  /** The name of a type exported by src/model.ts. */
  satisfies?: string;
}

/** A generated module: the header line, type imports from src/model.ts, then each table. */
export function printModule(source: string, tables: Table[], extra = ""): string {
  const types = [...new Set(tables.flatMap((table) => (table.satisfies ? [table.satisfies] : [])))].sort();
  const imports = types.length > 0 ? `import type { ${types.join(", ")} } from "../src/model.js";\n\n` : "";
  const body = tables.map(({ doc, name, value, satisfies }) => `${docComment(doc)}export const ${name} = ${tsLiteral(value)} as const${satisfies ? ` satisfies ${satisfies}` : ""};\n`);
  return `// ${generatedHeader(source)}\n\n${imports}${body.join("\n")}${extra}`;
}

function docComment(text: string): string {
  const lines = text.split("\n");
  return lines.length === 1 ? `/** ${text} */\n` : `/**\n${lines.map((line) => ` * ${line}`.trimEnd()).join("\n")}\n */\n`;
}

/**
 * A key as an object literal writes it: bare when an identifier, else quoted; `__proto__` computed,
 * since bare or quoted it would set the object's prototype and the entry would be lost.
 */
function propertyKey(key: string): string {
  if (key === "__proto__") return `[${JSON.stringify(key)}]`;
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

/** Short objects stay on one line, as a formatter would print them. */
export function tsLiteral(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => tsLiteral(item, indent)).join(", ")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const inner = indent + "  ";
    const pairs = entries.map(([key, item]) => `${propertyKey(key)}: ${tsLiteral(item, inner)}`);
    const oneLine = `{ ${pairs.join(", ")} }`;
    if (!oneLine.includes("\n") && indent.length + oneLine.length <= MAX_INLINE) return oneLine;
    return `{\n${pairs.map((pair) => `${inner}${pair},`).join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}
