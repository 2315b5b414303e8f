// Cost as the spec grows: synthetic specs of 10, 100 and 1,000 operations in the project's style
// (Truto parameters, x-truto-support for 30 integrations) that mix every operation shape (list
// with cursor pages, get, create and update with JSON bodies and Idempotency-Key, delete, a custom
// method), generated, type-checked with a file that uses the client, bundled, and the client made.
import { execFile } from "node:child_process";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { stringify } from "yaml";
import { renderGenerated } from "../scripts/lib/render.js";
import { round } from "./lib/measure.js";

const run = promisify(execFile);
const INTEGRATIONS = Array.from({ length: 30 }, (_, i) => `crm${i}`);
const TRUTO_PARAMS = ["integrated_account_id", "truto_response_format", "truto_ignore_remote_data", "truto_exclude_fields", "remote_query"];
/** The shapes in the order each resource gets them: operation i is SHAPES[i % 6] of resource i / 6. */
const SHAPES = ["list", "get", "create", "update", "delete", "merge"] as const;

const ref = (name: string) => ({ $ref: `#/components/${name}` });
const json = (schema: object) => ({ content: { "application/json": { schema } } });

export function syntheticSpec(operations: number) {
  const support = (i: number) => Object.fromEntries(INTEGRATIONS.filter((_, k) => (k + i) % 3 === 0).map((slug, k) => [slug, k % 2 ? { required: true, values: ["call", "email"] } : {}]));
  const query = (i: number) => [
    { name: "kind", in: "query", description: "The kind.", schema: { type: "string", enum: ["call", "email", "meeting"] }, "x-truto-support": support(i) },
    ...TRUTO_PARAMS.map((name) => ref(`parameters/${name}`)),
  ];
  const id = { name: "id", in: "path", required: true, description: "The ID of the resource.", schema: { type: "string" }, "x-truto-support": {} };
  const body = (i: number) => ({
    required: true,
    ...json({
      type: "object",
      required: ["subject"],
      properties: {
        subject: { type: "string", description: "The subject.", "x-truto-support": support(i + 2) },
        kind: { type: "string", enum: ["call", "email", "meeting"], description: "The kind.", "x-truto-support": support(i + 1) },
      },
    }),
  });
  const errors = { "404": { description: "Not found.", ...json(ref("schemas/Error")) } };
  const envelope = (result: object) => ({ type: "object", properties: { result: { ...result, "x-truto-specific": true }, next_cursor: { type: ["string", "null"], "x-truto-specific": true } } });
  const paths: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < operations; i++) {
    const shape = SHAPES[i % SHAPES.length]!;
    const r = Math.floor(i / SHAPES.length);
    const base = `/unified/crm/resource${r}`;
    const path = shape === "list" || shape === "create" ? base : shape === "merge" ? `${base}/merge` : `${base}/{id}`;
    const method = { list: "get", get: "get", create: "post", update: "patch", delete: "delete", merge: "post" }[shape];
    const write = shape === "create" || shape === "update" || shape === "merge";
    const ok = shape === "list" ? envelope({ type: "array", items: ref("schemas/Engagement") }) : shape === "merge" ? { type: "object", properties: { result: { ...ref("schemas/Engagement"), "x-truto-specific": true } } } : ref("schemas/Engagement");
    (paths[path] ??= {})[method] = {
      operationId: `crm.resource${r}.${shape}`,
      summary: `${shape} resource ${r}`,
      description: `${shape} of resource ${r}.`,
      tags: ["Resources"],
      parameters: [
        ...(path.endsWith("{id}") ? [id] : []),
        ...query(i),
        ...(shape === "list" ? [ref("parameters/limit"), ref("parameters/next_cursor")] : []),
        ...(write ? [ref("parameters/idempotency_key")] : []),
      ],
      ...(write ? { requestBody: body(i) } : {}),
      responses: { [shape === "create" ? "201" : "200"]: { description: "The resource.", ...json(ok) }, ...errors },
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
        limit: truto("limit", { type: "integer" }),
        next_cursor: truto("next_cursor", { type: "string" }),
        idempotency_key: { name: "Idempotency-Key", in: "header", description: "Idempotency key.", schema: { type: "string" }, "x-truto-specific": true },
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

const USAGE = (operations: number) => {
  const last = Math.floor((operations - 1) / SHAPES.length);
  return `import { createTrutoClient } from "./src/index.js";
const truto = createTrutoClient({ token: "tok_bench_scale", integration: "crm3" });
const q = { integrated_account_id: "x", kind: "call" } as const;
export async function use() {
  for await (const record of truto.crm.resource0.list(q)) void record.id;
  await truto.crm.resource0.create({ subject: "s", kind: "call" }, q);
  await truto.crm.resource${last}.${SHAPES[(operations - 1) % SHAPES.length]}(${["get", "update", "delete"].includes(SHAPES[(operations - 1) % SHAPES.length]!) ? '"1", ' : ""}${["create", "update", "merge"].includes(SHAPES[(operations - 1) % SHAPES.length]!) ? '{ subject: "s", kind: "call" }, ' : ""}q);
}
`;
};

/** The client as a browser bundle (esbuild, minified ESM): its size, and the time createTrutoClient takes. */
async function bundleAndCreate(dir: string) {
  const { outputFiles } = await build({ entryPoints: [join(dir, "src/index.ts")], bundle: true, minify: true, format: "esm", write: false, logLevel: "silent" });
  const code = outputFiles[0]!.contents;
  const file = join(dir, "bundle.mjs");
  await writeFile(file, code);
  const { createTrutoClient } = (await import(pathToFileURL(resolve(file)).href)) as { createTrutoClient: (options: object) => unknown };
  const times: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const start = performance.now();
    createTrutoClient({ token: "tok_bench_scale" });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { bundleMinKB: round(code.length / 1024, 1), bundleGzipKB: round(gzipSync(code, { level: 9 }).length / 1024, 1), createClientUs: round(times[times.length >> 1]! * 1000, 1) };
}

export async function generateScale(sizes = [10, 100, 1_000]) {
  const results: Record<string, { generateMs: number; tscMs: number; tscMemoryMB: number; schemaKB: number; bundleMinKB: number; bundleGzipKB: number; createClientUs: number }> = {};
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
      ...(await bundleAndCreate(dir)),
    };
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

// `npx tsx bench/generate-scale.ts` runs this part alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await generateScale());
