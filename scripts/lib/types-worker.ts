// openapi-typescript in a worker thread for `npm run generate`. Loading it (and the `typescript`
// it imports) is most of the command's time, so the worker starts loading it at once while the main
// thread loads @redocly/openapi-core and bundles the spec; it then receives the bundle and answers
// with the declarations. On two cores the two loads overlap.
import module from "node:module";
import { Worker, parentPort } from "node:worker_threads";
import { typesBody, type TypesBody } from "./emit-types.js";
import type { BundledSpec } from "./spec.js";

type Answer = { body: string } | { error: string };

export interface TypesWorker {
  body: TypesBody;
  /** Stops the worker if it is still running (after an error in the main thread). */
  close(): Promise<void>;
}

/**
 * Starts `entry`, a JavaScript module that calls serveTypes() when it is not the main thread, as a
 * worker (scripts/generate.ts as bundled by scripts/lib/launch.mjs).
 */
export function startTypesWorker(entry: URL): TypesWorker {
  const worker = new Worker(entry);
  const answer = new Promise<Answer>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`types worker exited with code ${code} before answering`)));
  });
  answer.catch(() => {}); // observed by body(); close() after a failure must not leave it unhandled
  return {
    body: async (spec) => {
      worker.postMessage(spec);
      const result = await answer;
      if ("error" in result) throw new Error(`openapi-typescript failed in the types worker:\n${result.error}`);
      return result.body;
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

/** The worker side: loads openapi-typescript now, renders the one bundle it is sent, then exits. */
export function serveTypes(): void {
  const port = parentPort;
  if (!port) throw new Error("serveTypes() runs in a worker thread");
  // A worker does not share the main thread's compile cache (scripts/lib/launch.mjs); Node >= 22.1.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const loaded = import("openapi-typescript");
  loaded.catch(() => {}); // reported when the bundle arrives
  port.once("message", async (spec: BundledSpec) => {
    let answer: Answer;
    try {
      await loaded;
      answer = { body: await typesBody(spec) };
    } catch (error) {
      answer = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(answer);
    port.close();
  });
}
