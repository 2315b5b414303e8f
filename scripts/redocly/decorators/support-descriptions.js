// Docs-only decorator `truto/support-descriptions`: appends the x-truto-* data of each parameter
// and schema property (nested ones too) to its description, as Markdown Redoc renders:
//
//   References: Accounts → id                 (x-truto-references)
//   **7 supported · 6 required**              (x-truto-support, then one table row per integration)
//   | Integration | Support | Values |
//   | Keap | required | `email`, `meeting` |
//   *Truto parameter · applies to every integration*   (x-truto-specific: true; "Truto field" on
//                                                       a response's envelope fields)
//
// `x-truto-support: {}` (the reference page lists no integration) adds nothing, as on the page.
// Properties written as `$ref` + siblings are decorated on the referring node, where the
// siblings (description, x-truto-*) live.

import { tableCell } from '../markdown.js';

/** @typedef {import('../../../src/model.js').SupportEntry} SupportEntry */

/** @type {import('@redocly/openapi-core').Oas3Decorator} */
export function SupportDescriptions() {
  /** @type {Record<string, { name: string }>} */
  let integrations = {};
  return {
    Root: {
      enter(root) {
        integrations = root['x-truto-integrations'] ?? {};
      },
    },
    Parameter: {
      leave(parameter) {
        decorate(parameter, integrations, 'parameter');
      },
    },
    Schema: {
      leave(schema) {
        for (const property of Object.values(schema.properties ?? {})) decorate(property, integrations, 'field');
      },
    },
  };
}

/**
 * @param {Record<string, any>} node a parameter or a raw schema property
 * @param {Record<string, { name: string }>} integrations
 * @param {'parameter' | 'field'} kind
 */
function decorate(node, integrations, kind) {
  const blocks = [];
  const references = node['x-truto-references'];
  if (references) blocks.push(`References: ${references.resource} → ${references.field}`);
  const support = Object.entries(node['x-truto-support'] ?? {});
  if (support.length > 0) blocks.push(supportMarkdown(support, integrations));
  if (node['x-truto-specific'] === true) blocks.push(`*Truto ${kind} · applies to every integration*`);
  if (blocks.length === 0) return;
  node.description = [node.description?.trimEnd(), ...blocks].filter(Boolean).join('\n\n');
}

/**
 * "N supported · M required", then a table; the Values and Note columns only when some entry has one.
 * @param {[string, SupportEntry][]} support
 * @param {Record<string, { name: string }>} integrations
 */
function supportMarkdown(support, integrations) {
  const required = support.filter(([, entry]) => entry.required).length;
  const summary = `**${support.length} supported${required ? ` · ${required} required` : ''}**`;
  const withValues = support.some(([, entry]) => entry.values);
  const withNote = support.some(([, entry]) => entry.note);
  const header = ['Integration', 'Support', ...(withValues ? ['Values'] : []), ...(withNote ? ['Note'] : [])];
  const rows = support.map(([slug, entry]) => [
    integrations[slug]?.name ?? slug,
    entry.required ? 'required' : 'supported',
    ...(withValues ? [(entry.values ?? []).map((value) => `\`${value}\``).join(', ')] : []),
    ...(withNote ? [entry.note ?? ''] : []),
  ]);
  const line = (/** @type {string[]} */ cells) => `| ${cells.map(tableCell).join(' | ')} |`;
  return [summary, '', line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
