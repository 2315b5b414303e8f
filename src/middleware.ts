// Middleware of the caller's (truto.use, a raw call's `middleware`) runs inside openapi-fetch around
// the transport. What a hook throws is the call's error as it came, while a TypeError thrown
// otherwise once the response arrived is the body's read failing (a lost connection: call.ts). So
// each middleware is handed to openapi-fetch wrapped, and what its hooks throw is known as its own.
import type { Middleware } from "openapi-fetch";

const HOOKS = ["onRequest", "onResponse", "onError"] as const;
type Hook = (options: never) => unknown;

const thrown = new WeakSet<object>();
/** Per middleware, its one wrapper: `eject` finds the wrapper `use` registered. */
const wrappers = new WeakMap<object, Middleware>();

/** The middleware to register in place of `middleware`; what is not an object (for openapi-fetch to refuse) as it is. */
export function tracked(middleware: Middleware): Middleware {
  if (typeof middleware !== "object" || middleware === null) return middleware;
  let wrapper = wrappers.get(middleware);
  if (!wrapper) {
    const hooks: Partial<Record<(typeof HOOKS)[number], Hook>> = {};
    for (const name of HOOKS) {
      const hook: unknown = middleware[name];
      // Each hook runs on the middleware itself: what it keeps on `this` is its own.
      if (typeof hook === "function") hooks[name] = (options) => own(() => hook.call(middleware, options));
    }
    // A middleware with no hook stays without one: openapi-fetch refuses it.
    wrapper = hooks as Middleware;
    wrappers.set(middleware, wrapper);
  }
  return wrapper;
}

/** What `run` returns; what it throws, marked as a middleware's. */
async function own(run: () => unknown): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (typeof error === "object" && error !== null) thrown.add(error);
    throw error;
  }
}

/** Whether a middleware's hook threw `error`. */
export function thrownByMiddleware(error: unknown): boolean {
  return typeof error === "object" && error !== null && thrown.has(error);
}
