// Middleware of the caller's (truto.use, a raw call's `middleware`) runs inside openapi-fetch after
// the response's headers arrived and before its body is read. What a middleware's onResponse throws
// is the call's error as it came, while a TypeError thrown otherwise from then on is the body's read
// failing (a lost connection: call.ts). So each middleware is handed to openapi-fetch wrapped, and
// what its onResponse throws is known as its own.
import type { Middleware } from "openapi-fetch";

const thrown = new WeakSet<object>();
/** Per middleware, its one wrapper: `eject` finds the wrapper `use` registered. */
const wrappers = new WeakMap<object, Middleware>();

/** The middleware to register in place of `middleware`; anything without an onResponse (or not a middleware at all, for openapi-fetch to refuse) as it is. */
export function tracked(middleware: Middleware): Middleware {
  if (typeof middleware?.onResponse !== "function") return middleware;
  let wrapper = wrappers.get(middleware);
  if (!wrapper) {
    const { onRequest, onResponse, onError } = middleware;
    // Every hook runs on the middleware itself: what it keeps on `this` is its own.
    wrapper = {
      ...(typeof onRequest === "function" && { onRequest: (options) => onRequest.call(middleware, options) }),
      onResponse: async (options) => {
        try {
          return await onResponse.call(middleware, options);
        } catch (error) {
          if (typeof error === "object" && error !== null) thrown.add(error);
          throw error;
        }
      },
      ...(typeof onError === "function" && { onError: (options) => onError.call(middleware, options) }),
    } satisfies Middleware;
    wrappers.set(middleware, wrapper);
  }
  return wrapper;
}

/** Whether a middleware's onResponse threw `error`. */
export function thrownByMiddleware(error: unknown): boolean {
  return typeof error === "object" && error !== null && thrown.has(error);
}
