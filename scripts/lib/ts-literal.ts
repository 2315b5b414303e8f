// Prints JSON-like data as a TypeScript literal (bare identifier keys, 2-space indent), deterministically.
// Short objects stay on one line, as a formatter would print them.
const MAX_INLINE = 80;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function tsLiteral(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => tsLiteral(item, indent)).join(", ")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const inner = indent + "  ";
    const pairs = entries.map(([key, item]) => `${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${tsLiteral(item, inner)}`);
    const oneLine = `{ ${pairs.join(", ")} }`;
    if (!oneLine.includes("\n") && indent.length + oneLine.length <= MAX_INLINE) return oneLine;
    return `{\n${pairs.map((pair) => `${inner}${pair},`).join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}
