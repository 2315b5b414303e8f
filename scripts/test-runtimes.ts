// `npm run test:runtimes`: installs the packed tarball into an empty app under the OS temp dir and
// runs test/runtimes/scenario.mjs on Node (this one), Bun, Deno and workerd (through miniflare)
// against a mock Truto started here, one fresh mock per runtime. The scenario reports what each call
// settled with; this script holds the exact expectations and reads the request lines the mock
// received. The mock is the app's `truto-crm-openapi/mock`: the published entry, with its optional
// peers, from the same build as the client under test. Bun and Deno come from npm through npx,
// miniflare (with workerd) is installed into the app: pinned below, never devDependencies; esbuild
// is the repo's own. Prints one line per runtime and check, then a summary; exits 1 on any failure,
// a runtime that cannot start included.
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual, promisify } from "node:util";
import { build } from "esbuild";
import type { Fault, MockRequest, MockTruto } from "../src/mock/index.js";

const BUN = "1.4.5";
const DENO = "2.9.6";
/** Brings workerd 1.20260730.1; the worker's compatibility date is that release's. */
const MINIFLARE = "4.20260730.0";
const COMPATIBILITY_DATE = "2026-07-30";
/** Bounds a runtime's start (a cold npx download included) and its scenario run: a hang fails. */
const START_TIMEOUT_MS = 300_000;
const RUN_TIMEOUT_MS = 60_000;

const ROOT = resolve(import.meta.dirname, "..");
const SCENARIO_FILES = ["scenario.mjs", "main.mjs", "worker.mjs"];
const run = promisify(execFile);

const ENGAGEMENTS = "/unified/crm/engagements/";
/** One engagement id per step, so that each request line the mock received belongs to one step. */
const IDS = { delete: "23423523", refusal: "23423527", notFound: "99999999", retry: "23423524", accountToken: "23423525", abort: "23423526" };
type StepName = keyof typeof IDS;

/** The faults the scenario asks for (POST /inject/<step>), queued just before that step's call. */
const FAULTS: Partial<Record<StepName, Fault>> = {
  retry: { status: 503 },
  // Never answered: the scenario aborts the call once the mock has the request.
  abort: { hang: true },
};

interface Step {
  name: StepName;
  title: string;
  outcome: unknown;
  /** Request lines the mock received for this step's id, with the status it answered. */
  requests: string[];
}

interface ScenarioConfig {
  url: string;
  control: string;
  token: string;
  accounts: { capsule: string; keap: string };
  capsuleAccountToken: string;
  ids: typeof IDS;
}

interface Runtime {
  name: string;
  /** Starts the runtime alone (fetching it first if needed), or throws saying why it cannot start. */
  start(app: string): Promise<StartedRuntime>;
}

interface StartedRuntime {
  version: string;
  /** Runs the scenario with `config` and returns its JSON result. */
  run(config: ScenarioConfig): Promise<unknown>;
}

/** The part of miniflare's API used here (it is loaded from the temp app, untyped). */
interface MiniflareModule {
  Miniflare: new (options: { modules: true; scriptPath: string; modulesRoot: string; compatibilityDate: string; bindings: Record<string, unknown> }) => {
    dispatchFetch(url: string): Promise<{ status: number; text(): Promise<string> }>;
    dispose(): Promise<void>;
  };
}

type MockModule = typeof import("../src/mock/index.js");

function expectedSteps(accounts: ScenarioConfig["accounts"]): Step[] {
  const line = (id: string, status: number, query = `?integrated_account_id=${accounts.capsule}`) => `DELETE ${ENGAGEMENTS}${id}${query} HTTP/1.1 -> ${status}`;
  return [
    { name: "delete", title: `1 delete (Capsule): resolves with id ${IDS.delete}`, outcome: { id: IDS.delete }, requests: [line(IDS.delete, 200)] },
    {
      name: "refusal",
      title: '2 Keap refuses engagement_type "note" before sending: TrutoValidationError, nothing sent',
      outcome: {
        error: "TrutoValidationError",
        message: 'Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"',
        "instanceof TrutoValidationError": true,
      },
      requests: [],
    },
    {
      name: "notFound",
      title: "3 unknown id: NotFoundError, status 404",
      outcome: { error: "NotFoundError", message: `404 No record with id "${IDS.notFound}" in /unified/crm/engagements`, status: 404, "instanceof NotFoundError": true },
      requests: [line(IDS.notFound, 404)],
    },
    {
      name: "abort",
      title: "4 abort while the mock holds the request: rejects with the signal's reason",
      outcome: { rejectedWithTheReason: true, message: "the scenario aborted this call" },
      // Received, never answered (status 0).
      requests: [line(IDS.abort, 0)],
    },
    { name: "retry", title: "5 after an injected 503: resolves after one retry", outcome: { id: IDS.retry }, requests: [line(IDS.retry, 503), line(IDS.retry, 200)] },
    {
      name: "accountToken",
      title: "6 integrated account token: deletes without integrated_account_id",
      outcome: { id: IDS.accountToken },
      requests: [line(IDS.accountToken, 200, "")],
    },
  ];
}

// ---- the temp app ----

/** `npm pack` (prepack builds dist/), then an empty app in `app` with the tarball, the mock's peers and miniflare. */
async function prepareApp(app: string): Promise<void> {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", app], { cwd: ROOT });
  // --json prints the pack report after the build's own output.
  const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf("[\n"))) as [{ filename: string }];
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "runtimes-app", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(app, filename), "ajv", "ajv-formats", "qs", `miniflare@${MINIFLARE}`], { cwd: app });
  await Promise.all(SCENARIO_FILES.map((file) => copyFile(join(ROOT, "test/runtimes", file), join(app, file))));
}

/** Imports `specifier` as the app resolves it (its package.json exports included). */
async function importFromApp<T>(app: string, specifier: string): Promise<T> {
  const path = createRequire(join(app, "package.json")).resolve(specifier);
  return (await import(pathToFileURL(path).href)) as T;
}

// ---- the runtimes ----

/** Runs a command in the app; `env` adds to this process's environment. */
async function inApp(app: string, command: string, args: string[], timeout: number, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(command, args, { cwd: app, timeout, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

interface ProcessRuntime {
  name: string;
  /** The runtime's executable: fetched by npx into its cache, then run directly, so that a timeout kills the runtime itself, not npx above it. */
  executable(app: string): Promise<string>;
  /** What comes before the entry file, e.g. deno's `run -A`. */
  runArgs: string[];
  /** Added to the environment: the runtimes' own switches (no update checks, no telemetry). */
  env: Record<string, string>;
  readVersion(output: string): string;
}

/** A runtime run as a process: the scenario's config goes in TRUTO_RUNTIME_CONFIG, its result comes on stdout. */
function processRuntime({ name, executable, runArgs, env, readVersion }: ProcessRuntime): Runtime {
  return {
    name,
    start: async (app) => {
      const file = await executable(app);
      const version = readVersion(await inApp(app, file, ["--version"], START_TIMEOUT_MS, env));
      const run = async (config: ScenarioConfig) => {
        const stdout = await inApp(app, file, [...runArgs, "main.mjs"], RUN_TIMEOUT_MS, { ...env, TRUTO_RUNTIME_CONFIG: JSON.stringify(config) });
        return JSON.parse(stdout.split("\n").at(-1)!) as unknown;
      };
      return { version, run };
    },
  };
}

/** Where npx puts `bin` of the npm package `spec` (downloading it on first use). */
function fromNpx(spec: string, bin: string): (app: string) => Promise<string> {
  return (app) => inApp(app, "npx", ["-y", "-p", spec, "--", "sh", "-c", `command -v ${bin}`], START_TIMEOUT_MS);
}

/** Throws unless `actual` is `expected`: a pinned runtime must be the one that runs. */
function pinned(expected: string, actual: string): string {
  if (actual !== expected) throw new Error(`expected version ${expected}, got ${JSON.stringify(actual)}`);
  return actual;
}

const workerd: Runtime = {
  name: "workerd",
  start: async (app) => {
    const version = await inApp(app, join(app, "node_modules/.bin/workerd"), ["--version"], START_TIMEOUT_MS);
    return { version: version.replace(/^workerd /, ""), run: (config) => runWorker(app, config) };
  },
};

/** Bundles the scenario's worker entry and runs it in workerd through miniflare, with `config` as its CONFIG binding. */
async function runWorker(app: string, config: ScenarioConfig): Promise<unknown> {
  const scriptPath = join(app, "worker.js");
  // Bundled the way wrangler does for workerd: the package's browser/worker build, no Node built-ins.
  await build({ entryPoints: [join(app, "worker.mjs")], outfile: scriptPath, bundle: true, format: "esm", platform: "browser", conditions: ["workerd", "worker", "browser"], logLevel: "silent" });
  const { Miniflare } = await importFromApp<MiniflareModule>(app, "miniflare");
  // Module names are paths relative to modulesRoot, which defaults to the cwd (the repo, outside the app).
  const miniflare = new Miniflare({ modules: true, scriptPath, modulesRoot: app, compatibilityDate: COMPATIBILITY_DATE, bindings: { CONFIG: config } });
  try {
    const response = await within(RUN_TIMEOUT_MS, "the worker's answer", miniflare.dispatchFetch("http://scenario.test/"));
    const text = await response.text();
    if (response.status !== 200) throw new Error(`the worker answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  } finally {
    await miniflare.dispose();
  }
}

const RUNTIMES: Runtime[] = [
  processRuntime({ name: "node", executable: async () => process.execPath, runArgs: [], env: {}, readVersion: (v) => v.replace(/^v/, "") }),
  processRuntime({ name: "bun", executable: fromNpx(`bun@${BUN}`, "bun"), runArgs: [], env: { DO_NOT_TRACK: "1" }, readVersion: (v) => pinned(BUN, v) }),
  processRuntime({
    name: "deno",
    executable: fromNpx(`deno@${DENO}`, "deno"),
    runArgs: ["run", "-A"],
    env: { DENO_NO_UPDATE_CHECK: "1" },
    readVersion: (v) => pinned(DENO, /^deno (\S+)/.exec(v)?.[1] ?? v),
  }),
  workerd,
];

/** Rejects when `promise` has not settled within `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not come within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- the mock and the scenario's control channel ----

/**
 * The scenario's way to the mock: POST /inject/<step> queues that step's fault, POST /arrived
 * answers once the mock has received the request that takes it.
 */
async function startControl(mock: MockTruto): Promise<{ url: string; close(): Promise<void> }> {
  let arrival: Promise<unknown> | undefined;
  const answer = async (req: IncomingMessage): Promise<[number, string]> => {
    const action = req.url?.slice(1) ?? "";
    if (action.startsWith("inject/")) {
      const fault = FAULTS[action.slice(7) as StepName];
      if (!fault) return [404, `no fault for ${action}`];
      arrival = mock.received(mock.requests.length + 1);
      mock.inject(fault);
      return [204, ""];
    }
    if (action === "arrived" && arrival) return arrival.then(() => [204, ""]);
    return [404, `unknown action ${action}`];
  };
  const server = createServer((req, res: ServerResponse) => {
    void answer(req)
      .catch((error: unknown): [number, string] => [500, describe(error)])
      .then(([status, text]) => res.writeHead(status).end(text));
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}

/** The engagement id a request was for ("" for another path). */
function engagementId(request: MockRequest): string {
  const path = request.rawUrl.split("?")[0]!;
  return path.startsWith(ENGAGEMENTS) ? path.slice(ENGAGEMENTS.length) : "";
}

/** The request lines the mock received for `id`, with the status it answered (0: none). */
function requestsFor(mock: MockTruto, id: string): string[] {
  return mock.requests.filter((r) => engagementId(r) === id).map((r) => `${r.requestLine} -> ${r.status}`);
}

// ---- checks and report ----

const counts = { passed: 0, failed: 0 };

function report(label: string, title: string, failure?: string): void {
  if (failure === undefined) counts.passed++;
  else counts.failed++;
  console.log(`${failure === undefined ? "PASS" : "FAIL"}  ${label.padEnd(20)} ${title}${failure === undefined ? "" : `\n      ${failure.replaceAll("\n", "\n      ")}`}`);
}

/** What went wrong, in a few lines: an Error's message (with a child's end of stderr, or its time-out), else the value. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { stderr, killed } = error as { stderr?: string; killed?: boolean };
  const summary = error.message.split("\n")[0] + (killed ? " (killed: over its time limit)" : "");
  return [summary, stderr?.trim().split("\n").slice(-8).join("\n")].filter(Boolean).join("\n");
}

/** Runs the scenario on one runtime against a fresh mock, and checks every step. */
async function checkRuntime(label: string, runtime: StartedRuntime, createMockTruto: MockModule["createMockTruto"]): Promise<void> {
  const mock = await createMockTruto();
  const control = await startControl(mock);
  const { capsule, keap } = mock.accounts;
  const config: ScenarioConfig = { url: mock.url, control: control.url, token: "runtimes-api-token", accounts: { capsule, keap }, capsuleAccountToken: mock.accountToken(capsule), ids: IDS };
  let result: Record<string, unknown>;
  try {
    result = (await runtime.run(config)) as Record<string, unknown>;
  } catch (error) {
    return report(label, "runs the scenario", describe(error));
  } finally {
    await mock.close();
    await control.close();
  }
  for (const step of expectedSteps(config.accounts)) {
    const actual = { outcome: result[step.name], requests: requestsFor(mock, IDS[step.name]) };
    const expected = { outcome: step.outcome, requests: step.requests };
    report(label, step.title, isDeepStrictEqual(actual, expected) ? undefined : `expected ${JSON.stringify(expected)}\ngot      ${JSON.stringify(actual)}`);
  }
  const ids = new Set(Object.values(IDS));
  const others = mock.requests.filter((r) => !ids.has(engagementId(r))).map((r) => r.requestLine);
  report(label, "the mock received no other request", others.length === 0 ? undefined : `got ${JSON.stringify(others)}`);
}

/** Starts every runtime at once (downloads overlap), then runs the scenario on each in turn. */
async function checkRuntimes(app: string): Promise<void> {
  const { createMockTruto } = await importFromApp<MockModule>(app, "truto-crm-openapi/mock");
  const starts = await Promise.allSettled(RUNTIMES.map((runtime) => runtime.start(app)));
  for (const [i, { name }] of RUNTIMES.entries()) {
    const start = starts[i]!;
    if (start.status === "rejected") {
      report(name, "starts", describe(start.reason));
      continue;
    }
    const label = `${name} ${start.value.version}`;
    report(label, "starts");
    await checkRuntime(label, start.value, createMockTruto);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const app = await mkdtemp(join(tmpdir(), "truto-runtimes-"));
  try {
    await prepareApp(app);
    report("app", "npm pack; the tarball, ajv, ajv-formats, qs and miniflare install into an empty app");
    await checkRuntimes(app);
  } catch (error) {
    // An app that cannot be made, or a mock that cannot start: nothing else can run.
    report("app", "made, and the mock started from it", describe(error));
  } finally {
    await rm(app, { recursive: true, force: true });
  }
  console.log(`\ntook ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`runtimes: ${counts.passed} passed, ${counts.failed} failed`);
  if (counts.failed > 0) process.exitCode = 1;
}

await main();
