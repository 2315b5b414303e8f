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

/** The JSON request body's schema, allOf parts merged, each property resolved (siblings of a $ref win, as in 3.1). */
function requestBodySchema(operation, ctx) {
  if (!operation.requestBody) return undefined;
  const raw = ctx.resolve(operation.requestBody).node?.content?.['application/json']?.schema;
  return raw && flatten(ctx.resolve(raw).node, ctx);
}

function flatten(schema, ctx) {
  const parts = (schema.allOf ?? []).map((part) => flatten(ctx.resolve(part).node, ctx));
  const own = Object.entries(schema.properties ?? {}).map(([name, property]) => [name, { ...ctx.resolve(property).node, ...property }]);
  if (!schema.properties && !parts.some((part) => part.properties)) return schema;
  return {
    ...schema,
    properties: Object.assign({}, ...parts.map((part) => part.properties), Object.fromEntries(own)),
    required: [...new Set([...parts.flatMap((part) => part.required ?? []), ...(schema.required ?? [])])],
  };
}

function successContent(operation, ctx) {
  const status = successStatus(operation.responses);
  return status && ctx.resolve(operation.responses[status]).node?.content;
}
