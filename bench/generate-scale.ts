// Generation cost as the spec grows: synthetic specs of 10, 100 and 1,000 operations in the
// project's style (Truto parameters, x-truto-support for 30 integrations), generated and
// type-checked with a file that uses the client, to show how cost grows.
import { execFile } from "node:child_process";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { renderGenerated } from "../scripts/lib/render.js";
import { round } from "./lib/measure.js";

const run = promisify(execFile);
const INTEGRATIONS = Array.from({ length: 30 }, (_, i) => `crm${i}`);
const TRUTO_PARAMS = ["integrated_account_id", "truto_response_format", "truto_ignore_remote_data", "truto_exclude_fields", "remote_query"];

function syntheticSpec(operations: number) {
  const support = (i: number) => Object.fromEntries(INTEGRATIONS.filter((_, k) => (k + i) % 3 === 0).map((slug, k) => [slug, k % 2 ? { required: true, values: ["call", "email"] } : {}]));
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < operations; i++) {
    paths[`/unified/crm/resource${i}/{id}`] = {
      delete: {
        operationId: `crm.resource${i}.delete`,
        summary: `Delete resource ${i}`,
        description: `Deletes resource ${i}.`,
        tags: ["Resources"],
        parameters: [
          { name: "id", in: "path", required: true, description: "The ID of the resource.", schema: { type: "string" }, "x-truto-support": {} },
          { name: "kind", in: "query", description: "The kind.", schema: { type: "string", enum: ["call", "email", "meeting"] }, "x-truto-support": support(i) },
          { name: "status", in: "query", description: "The status.", schema: { type: "string" }, "x-truto-support": support(i + 1) },
          ...TRUTO_PARAMS.map((name) => ({ $ref: `#/components/parameters/${name}` })),
        ],
        responses: {
          "200": { description: "The deleted resource.", content: { "application/json": { schema: { $ref: "#/components/schemas/Engagement" } } } },
          "404": { description: "Not found.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        },
      },
    };
  }
  const truto = (name: string, schema: object, required = false) => ({ name, in: "query", required, description: name, schema, "x-truto-specific": true });
  return {
    openapi: "3.1.0",
    info: { title: "Synthetic", version: "1.0.0", description: "Synthetic spec.", license: { name: "MIT", identifier: "MIT" } },
    servers: [{ url: "https://api.truto.one" }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: "Resources", description: "Resources." }],
    "x-truto-integrations": Object.fromEntries(INTEGRATIONS.map((slug) => [slug, { name: slug.toUpperCase() }])),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
      parameters: {
        integrated_account_id: truto("integrated_account_id", { type: "string", format: "uuid" }, true),
        truto_response_format: truto("truto_response_format", { type: "string", enum: ["unified", "raw", "normalized", "stream"] }),
        truto_ignore_remote_data: truto("truto_ignore_remote_data", { type: "boolean" }),
        truto_exclude_fields: truto("truto_exclude_fields", { type: "array", items: { type: "string" } }),
        remote_query: truto("remote_query", { type: "object", additionalProperties: true }),
      },
      schemas: {
        Error: { type: "object", properties: { message: { type: "string" } } },
        Engagement: {
          type: "object",
          required: ["id"],
          properties: {
            id: { type: "string", description: "The id.", "x-truto-support": { crm0: {} } },
            subject: { type: "string", description: "The subject.", "x-truto-support": {} },
          },
        },
      },
    },
  };
}

const USAGE = (operations: number) => `import { createTrutoClient } from "./src/index.js";
const truto = createTrutoClient({ token: "t", integration: "crm3" });
export const last = truto.crm.resource${operations - 1}.delete("1", { integrated_account_id: "x", kind: "call" });
export const first = truto.crm.resource0.delete("1", { integrated_account_id: "x", kind: "email" });
`;

export async function generateScale(sizes = [10, 100, 1_000]) {
  const results: Record<string, { generateMs: number; tscMs: number; tscMemoryMB: number; schemaKB: number }> = {};
  for (const size of sizes) {
    // Inside the repo, so that the type check finds node_modules.
    const dir = join(".artifacts", `scale-${size}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, "generated"), { recursive: true });
    await writeFile(join(dir, "openapi.yaml"), stringify(syntheticSpec(size)));
    const start = performance.now();
    const files = await renderGenerated(join(dir, "openapi.yaml"), "redocly.yaml");
    const generateMs = performance.now() - start;
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, "generated", name), content);
    await cp("src", join(dir, "src"), { recursive: true });
    await writeFile(join(dir, "usage.ts"), USAGE(size));
    const config = { extends: "../../tsconfig.json", compilerOptions: { noEmit: true, paths: {} }, include: ["usage.ts"] };
    await writeFile(join(dir, "tsconfig.json"), JSON.stringify(config));
    const { stdout } = await run("node", ["node_modules/typescript/bin/tsc", "-p", join(dir, "tsconfig.json"), "--extendedDiagnostics"]);
    const number = (label: string) => Number(/:\s+([\d.]+)/.exec(stdout.split("\n").find((line) => line.startsWith(label)) ?? "")?.[1]);
    results[`${size} operations`] = {
      generateMs: Math.round(generateMs),
      tscMs: Math.round(number("Total time") * 1000),
      tscMemoryMB: round(number("Memory used") / 1024, 0),
      schemaKB: Math.round(files["schema.d.ts"]!.length / 1024),
    };
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}
