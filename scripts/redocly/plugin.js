// Redocly plugin for this project: wires the x-truto-* lint rule (and, later, docs decorators).
import { TrutoSupport } from './rules/truto-support.js';

export default function trutoPlugin() {
  return {
    id: 'truto',
    rules: {
      oas3: { 'x-truto-support': TrutoSupport },
    },
  };
}
