// Redocly plugin for this project: wires the x-truto-* lint rule and the docs-only decorators
// (enabled only by scripts/redocly/docs.redocly.yaml, never by the root redocly.yaml).
import { SupportDescriptions } from './decorators/support-descriptions.js';
import { XCodeSamples } from './decorators/x-code-samples.js';
import { OperationIdNamespace } from './rules/operation-id-namespace.js';
import { TrutoSupport } from './rules/truto-support.js';
import { trutoTypes } from './types.js';

export default function trutoPlugin() {
  return {
    id: 'truto',
    rules: {
      oas3: { 'x-truto-support': TrutoSupport, 'operation-id-namespace': OperationIdNamespace },
    },
    typeExtension: { oas3: trutoTypes },
    decorators: {
      oas3: { 'support-descriptions': SupportDescriptions, 'x-code-samples': XCodeSamples },
    },
  };
}
