// Docs-only decorator `truto/x-code-samples`: sets each operation's `x-codeSamples` from its
// definition (built by ../code-samples.js), so no sample is ever written by hand.
import { buildCodeSamples } from '../code-samples.js';

/** @type {import('@redocly/openapi-core').Oas3Decorator} */
export function XCodeSamples() {
  /** @type {string} */
  let rootServer = '';
  /** @type {string} */
  let path = '';
  return {
    Root: {
      enter(root) {
        rootServer = root.servers?.[0]?.url ?? '';
      },
    },
    PathItem: {
      enter(_pathItem, ctx) {
        path = String(ctx.key);
      },
      Operation: {
        leave(operation, ctx, parents) {
          const pathItem = parents.PathItem;
          const serverUrl = operation.servers?.[0]?.url ?? pathItem.servers?.[0]?.url ?? rootServer;
          const own = (operation.parameters ?? []).map((p) => ctx.resolve(p).node);
          const inherited = (pathItem.parameters ?? []).map((p) => ctx.resolve(p).node).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
          operation['x-codeSamples'] = buildCodeSamples({
            operationId: operation.operationId,
            method: String(ctx.key),
            serverUrl,
            path,
            parameters: [...inherited, ...own],
          });
        },
      },
    },
  };
}
