// Lint rule `truto/operation-id-namespace`: the first name of a dotted operationId becomes a member
// of the client (`crm.engagements.delete` -> truto.crm), so it must not be one of the members the
// client already has (openapi-fetch's `request`, `use`, `eject` and the HTTP methods): it would
// replace them, or be replaced. And no name of it may be `then`: the client, or the namespace holding
// it, would look like a promise, and `await` (or returning it from an async function) would call it.

/** The client's own members (src/client.ts: openapi-fetch's methods and middleware). */
export const CLIENT_MEMBERS = ['request', 'use', 'eject', 'GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];

/** @type {import('@redocly/openapi-core').Oas3Rule} */
export function OperationIdNamespace() {
  return {
    Operation: {
      enter(operation, ctx) {
        if (typeof operation.operationId !== 'string') return;
        const names = operation.operationId.split('.');
        if (names.includes('then')) {
          ctx.report({
            message: `operationId "${operation.operationId}" has a name "then": the object holding it would look like a promise to await; use another name`,
            location: ctx.location.child('operationId'),
          });
        }
        const namespace = names[0];
        if (!CLIENT_MEMBERS.includes(namespace)) return;
        ctx.report({
          message: `operationId "${operation.operationId}" starts with "${namespace}", which is already truto.${namespace}; use another namespace (e.g. the API model, "crm")`,
          location: ctx.location.child('operationId'),
        });
      },
    },
  };
}
