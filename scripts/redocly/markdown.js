// Markdown shared by the docs decorator (decorators/support-descriptions.js) and the docs'
// Integrations section (scripts/lib/integration-docs.ts). Plain ESM JavaScript so that Redocly loads it.

/**
 * Text as one cell of a Markdown table row: `|` escaped, and line breaks (a multi-line `note`)
 * folded into a space, as a row cannot span lines.
 * @param {string} text
 */
export function tableCell(text) {
  return text.trim().replace(/\s*\r?\n\s*/g, ' ').replace(/\|/g, '\\|');
}
