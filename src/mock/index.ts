// Public entry of `truto-crm-openapi/mock`: a local Truto for tests and demos. The server needs ajv,
// ajv-formats and qs, optional peer dependencies (the client does not): it is loaded on the first
// createMockTruto(), so that importing this entry without them gives an error naming what to install.
import type { MockTruto, MockTrutoOptions } from "./server.js";

export type { ExactReply, Fault, MockRequest, MockTruto, MockTrutoOptions } from "./server.js";

/** What the mock needs beyond the client, as in package.json's peerDependenciesMeta. */
const MOCK_PEER_DEPENDENCIES = ["ajv", "ajv-formats", "qs"] as const;

/** Starts a mock Truto on 127.0.0.1 (see server.ts). */
export async function createMockTruto(options?: MockTrutoOptions): Promise<MockTruto> {
  const server = await import("./server.js").catch((error: unknown) => {
    throw missingPeer(error) ?? error;
  });
  return server.createMockTruto(options);
}

/** The error to throw when `error` says one of the peer dependencies is not installed. */
function missingPeer(error: unknown): Error | undefined {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== "ERR_MODULE_NOT_FOUND" || typeof message !== "string") return undefined;
  const missing = /Cannot find package '([^']+)'/.exec(message)?.[1];
  if (!MOCK_PEER_DEPENDENCIES.some((name) => name === missing)) return undefined;
  const all = MOCK_PEER_DEPENDENCIES.join(" ");
  return new Error(`truto-crm-openapi/mock needs ${all} (optional peer dependencies); "${missing}" is not installed: npm install --save-dev ${all}`, { cause: error });
}
