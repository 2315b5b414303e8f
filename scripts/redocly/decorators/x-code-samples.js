// Docs-only decorator `truto/x-code-samples`: sets each operation's `x-codeSamples` from its
// definition (built by ../code-samples.js), so no sample is ever written by hand.
import { buildCodeSamples } from '../code-samples.js';
import { successStatus } from '../conventions.js';

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
            body: requestBodySchema(operation, ctx),
            hasResult: Boolean(successContent(operation, ctx)?.['application/json']),
          });
        },
      },
    },
  };
}

/** The JSON request body's schema, each property resolved (siblings of a $ref win, as in 3.1). */
function requestBodySchema(operation, ctx) {
  if (!operation.requestBody) return undefined;
  const raw = ctx.resolve(operation.requestBody).node?.content?.['application/json']?.schema;
  const schema = raw && ctx.resolve(raw).node;
  if (!schema) return undefined;
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, { ...ctx.resolve(property).node, ...property }]));
  return { ...schema, properties };
}

function successContent(operation, ctx) {
  const status = successStatus(operation.responses);
  return status && ctx.resolve(operation.responses[status]).node?.content;
}
