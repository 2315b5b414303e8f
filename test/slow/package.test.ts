// The published package: what `npm pack` ships; that the tarball installs alone with openapi-fetch as
// its only runtime dependency and works from plain ESM JavaScript (Node 20, 22, 24 and 26) and from
// TypeScript (node16 and bundler resolution, results narrowed per integration); and that the mock
// asks for its optional peer dependencies, then works once they are installed (answers shaped per
// integration).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, IDS, TOKEN } from "../helpers/constants.js";

const run = promisify(execFile);
const ROOT = resolve(".");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
let dir: string;
let packed: { files: { path: string }[] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "truto-pack-"));
  // prepack builds dist/ fresh; --json prints the pack report after the build's own output.
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT });
  [packed] = JSON.parse(stdout.slice(stdout.indexOf("[\n")));
  const tarball = join(dir, (packed as unknown as { filename: string }).filename);
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await npmInstall(tarball);
}, 180_000);

function npmInstall(...packages: string[]) {
  return run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...packages], { cwd: dir });
}

/** Names of the packages installed in the consumer project, from npm's hidden lockfile. */
async function installed(): Promise<string[]> {
  const { packages } = JSON.parse(await readFile(join(dir, "node_modules/.package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
  return Object.keys(packages).map((path) => path.replace(/^.*node_modules\//, "")).sort();
}

/** Runs `file` in the consumer project on Node `major` (the shell's own, or through npx) and parses its last line. */
async function runOn(major: string, file: string): Promise<unknown> {
  const command = major === process.versions.node.split(".")[0] ? ["node", [file]] as const : ["npx", ["-y", "-p", `node@${major}`, "--", "node", file]] as const;
  const { stdout } = await run(command[0], [...command[1]], { cwd: dir });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("npm pack", () => {
  it("ships the build, the types, the bundled spec and the docs, and nothing else", () => {
    const files = packed.files.map((f) => f.path).sort();
    const dist = files.filter((f) => f.startsWith("dist/"));
    expect(files.filter((f) => !f.startsWith("dist/"))).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "generated/openapi.json", "package.json"]);
    expect(dist).toContain("dist/src/index.js");
    expect(dist).toContain("dist/src/index.d.ts");
    expect(dist).toContain("dist/generated/schema.d.ts");
    expect(dist).toContain("dist/generated/support.js");
    for (const file of dist) expect(file, file).toMatch(/^dist\/(src|generated)\/[\w/-]+\.(js|d\.ts)$/);
    expect(files.some((f) => /test|\.map$|scripts\/|bench\//.test(f))).toBe(false);
  });
});

const SMOKE = `
import { createServer } from "node:http";
import { createTrutoClient, NotFoundError, TrutoValidationError } from "truto-crm-openapi";
import { fieldSupport, integrations, parameterSupport } from "truto-crm-openapi/support";
import spec from "truto-crm-openapi/openapi.json" with { type: "json" };

const seen = [];
const server = createServer((req, res) => {
  seen.push(req.method + " " + req.url + " " + req.headers.authorization);
  const found = req.url.startsWith("/unified/crm/engagements/1?");
  res.writeHead(found ? 200 : 404, { "content-type": "application/json" });
  res.end(JSON.stringify(found ? { id: "1" } : { statusCode: 404, error: "Not Found", message: "Engagement not found" }));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const truto = createTrutoClient({ token: "${TOKEN}", baseUrl: "http://127.0.0.1:" + server.address().port, integration: "keap" });
const query = { integrated_account_id: "${ACCOUNT}", engagement_type: "email" };
const deleted = await truto.crm.engagements.delete("1", query);
const missing = await truto.crm.engagements.delete("2", query).catch((e) => e);
server.close();
let short;
try { createTrutoClient({ token: "t" }); } catch (e) { short = [e instanceof TrutoValidationError, e.message]; }
console.log(JSON.stringify({
  node: process.versions.node.split(".")[0],
  deleted,
  missing: [missing instanceof NotFoundError, missing.message],
  seen,
  short,
  keap: integrations.keap.name,
  values: parameterSupport["crm.engagements.delete"].engagement_type.keap.values,
  fields: [fieldSupport["crm.engagements.delete"].id.capsule, fieldSupport["crm.engagements.delete"].remote_data, Object.keys(fieldSupport["crm.engagements.delete"]).length],
  title: spec.info.title,
}));
`;

const MOCK_WITHOUT_PEERS = `
import { createMockTruto } from "truto-crm-openapi/mock";
const error = await createMockTruto().catch((e) => e);
console.log(JSON.stringify([error.message, error.cause?.code]));
`;

/** The mock answers each account with the fields its integration fills: Keap none of the page's, Capsule the id; remote_data always. */
const MOCK_SMOKE = `
import { createTrutoClient } from "truto-crm-openapi";
import { createMockTruto } from "truto-crm-openapi/mock";
const mock = await createMockTruto({ token: "${TOKEN}" });
const truto = createTrutoClient({ token: "${TOKEN}", baseUrl: mock.url });
const keap = await truto.crm.engagements.delete("${IDS[0]}", { integrated_account_id: mock.accounts.keap, engagement_type: "meeting" });
const capsule = await truto.crm.engagements.delete("${IDS[0]}", { integrated_account_id: mock.accounts.capsule });
await mock.close();
console.log(JSON.stringify({ keap, capsule, requests: mock.requests.map((r) => [r.requestLine, r.headers.authorization, r.status]) }));
`;

describe("installed tarball, alone", () => {
  it("brings openapi-fetch (and its own dependency) and nothing else", async () => {
    expect(await installed()).toEqual(["openapi-fetch", "openapi-typescript-helpers", "truto-crm-openapi"]);
    const manifest = JSON.parse(await readFile(join(dir, "node_modules/truto-crm-openapi/package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies)).toEqual(["openapi-fetch"]);
    expect(manifest.peerDependenciesMeta).toEqual({ ajv: { optional: true }, "ajv-formats": { optional: true }, qs: { optional: true } });
  });

  it.each(["20", "22", "24", "26"])("runs from plain ESM JavaScript on Node %s against a loopback server", async (major) => {
    await writeFile(join(dir, "smoke.mjs"), SMOKE);
    expect(await runOn(major, "smoke.mjs")).toEqual({
      node: major,
      deleted: { id: "1" },
      missing: [true, "404 Engagement not found"],
      seen: [
        `DELETE /unified/crm/engagements/1?integrated_account_id=${ACCOUNT}&engagement_type=email Bearer ${TOKEN}`,
        `DELETE /unified/crm/engagements/2?integrated_account_id=${ACCOUNT}&engagement_type=email Bearer ${TOKEN}`,
      ],
      short: [true, 'createTrutoClient: "token" must be at least 8 characters (Truto\'s tokens are longer), got 1'],
      keap: "Keap",
      values: ["email", "meeting"],
      fields: [{}, "all", 22],
      title: "Truto Unified CRM API",
    });
  }, 120_000);

  it("names the packages to install when the mock is used without them", async () => {
    await writeFile(join(dir, "mock-without-peers.mjs"), MOCK_WITHOUT_PEERS);
    expect(await runOn(process.versions.node.split(".")[0]!, "mock-without-peers.mjs")).toEqual([
      'truto-crm-openapi/mock needs ajv ajv-formats qs (optional peer dependencies); "qs" is not installed: npm install --save-dev ajv ajv-formats qs',
      "ERR_MODULE_NOT_FOUND",
    ]);
  });

  it.each([
    ["node16", "node16"],
    ["esnext", "bundler"],
  ])("type-checks from TypeScript with module %s, moduleResolution %s", async (module, moduleResolution) => {
    await writeFile(
      join(dir, "index.ts"),
      `import { createTrutoClient, type QueryFor, type Schemas, TrutoApiError } from "truto-crm-openapi";
import { integrations } from "truto-crm-openapi/support";
const query = { integrated_account_id: "${ACCOUNT}" };
export const all: Promise<Schemas["Engagement"]> = createTrutoClient({ token: "${TOKEN}" }).crm.engagements.delete("1", query);
const keap = createTrutoClient({ token: "${TOKEN}", integration: "keap" });
export const deleted = keap.crm.engagements.delete("1", { ...query, engagement_type: "email" }).then((engagement) => {
  // @ts-expect-error Keap does not fill id: the answer's id is never a string
  const id: string = engagement.id;
  const raw: Schemas["Engagement"]["remote_data"] = engagement.remote_data;
  return [id, raw];
});
// @ts-expect-error Keap allows email and meeting only
keap.crm.engagements.delete("1", { ...query, engagement_type: "note" });
// @ts-expect-error no such parameter
keap.crm.engagements.delete("1", { ...query, engagement_type: "email", engagement_kind: "email" });
export const type: QueryFor<"crm.engagements.delete", "keap">["engagement_type"] = "meeting";
export const name: "Keap" = integrations.keap.name;
export const isApiError = (e: unknown) => e instanceof TrutoApiError && e.status;
`,
    );
    const config = { compilerOptions: { strict: true, noEmit: true, module, moduleResolution, target: "es2022", lib: ["es2022", "dom"], types: [] }, files: ["index.ts"] };
    await writeFile(join(dir, `tsconfig.${moduleResolution}.json`), JSON.stringify(config));
    const result = await run("node", [TSC, "-p", `tsconfig.${moduleResolution}.json`], { cwd: dir }).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe("");
  }, 60_000);
});

describe("installed tarball, with the mock's peer dependencies", () => {
  beforeAll(() => npmInstall("ajv", "ajv-formats", "qs"), 120_000);

  it("serves the client from truto-crm-openapi/mock", async () => {
    await writeFile(join(dir, "mock-smoke.mjs"), MOCK_SMOKE);
    const remote = { Id: IDS[0], source: "mock" };
    expect(await runOn(process.versions.node.split(".")[0]!, "mock-smoke.mjs")).toEqual({
      keap: { remote_data: remote },
      capsule: { id: IDS[0], remote_data: remote },
      requests: [
        [`DELETE /unified/crm/engagements/${IDS[0]}?integrated_account_id=00000000-0000-4000-8000-000000000005&engagement_type=meeting HTTP/1.1`, `Bearer ${TOKEN}`, 200],
        [`DELETE /unified/crm/engagements/${IDS[0]}?integrated_account_id=00000000-0000-4000-8000-000000000002 HTTP/1.1`, `Bearer ${TOKEN}`, 200],
      ],
    });
  }, 60_000);
});

it("CHANGELOG names this version", async () => {
  const { version } = JSON.parse(await readFile("package.json", "utf8"));
  expect(await readFile("CHANGELOG.md", "utf8")).toContain(`## ${version}`);
});
