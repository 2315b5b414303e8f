// npm run changes: spec pairs in test/fixtures/changes/ bundled, normalised, compared and rendered
// (one pair per kind of change: operations, parameters, body fields, result fields, per-integration
// support), and the script itself on a temporary git repository, changelog and --check.
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { bundleSpec } from "../../scripts/lib/bundle.js";
import { compareModels } from "../../scripts/lib/changes/compare.js";
import { renderChangelog } from "../../scripts/lib/changes/render.js";
import { normalize } from "../../scripts/lib/model.js";
import { FIXTURE_SPEC } from "../helpers/fixture-api.js";

const PAIRS = "test/fixtures/changes";

async function changelog(before: string, after: string): Promise<string> {
  const model = async (root: string) => normalize(await bundleSpec(root, "redocly.yaml"));
  return renderChangelog(compareModels(await model(before), await model(after)));
}

const pair = (name: string) => changelog(`${PAIRS}/${name}/old.yaml`, `${PAIRS}/${name}/new.yaml`);

const SUPPORT_CHANGELOG = `16 changes, 8 breaking

### \`fixture.tickets.create\`

- **breaking** Initech now supports and requires body field \`subject\` of \`fixture.tickets.create\`
- Acme CRM now allows \`normal\` for body field \`priority\` of \`fixture.tickets.create\`

### \`fixture.tickets.list\`

- **breaking** Acme CRM no longer allows \`high\` for query parameter \`priority\` of \`fixture.tickets.list\`
- **breaking** Globex now requires query parameter \`priority\` of \`fixture.tickets.list\`
- **breaking** Acme CRM no longer supports query parameter \`owner\` of \`fixture.tickets.list\`
- **breaking** Query parameter \`include_deleted\` of \`fixture.tickets.list\` is now supported only by Acme CRM (was every integration)
- **breaking** Query parameter \`channel\` of \`fixture.tickets.list\` no longer allows \`chat\`
- **breaking** Acme CRM no longer always returns result field \`id\` of \`fixture.tickets.list\`
- **breaking** Globex no longer supports result field \`priority\` of \`fixture.tickets.list\`
- Acme CRM now allows \`normal\` for query parameter \`priority\` of \`fixture.tickets.list\`
- Initech now supports query parameter \`priority\` of \`fixture.tickets.list\`
- Globex no longer requires query parameter \`owner\` of \`fixture.tickets.list\`
- Query parameter \`team\` of \`fixture.tickets.list\` is now supported by every integration
- Acme CRM now returns \`normal\` for result field \`priority\` of \`fixture.tickets.list\`
- Initech now supports result field \`priority\` of \`fixture.tickets.list\`, returning \`low\`
- Globex now always returns result field \`due_at\` of \`fixture.tickets.list\`
`;

describe("changelog of the fixture pairs", () => {
  it("finds no change between a spec and itself (the fixture API, every operation shape)", async () => {
    expect(await changelog(FIXTURE_SPEC, FIXTURE_SPEC)).toBe("No changes for client users.\n");
  });

  it("operations: integrations and operations added and removed, a new route, a body now required, records moved", async () => {
    expect(await pair("operations")).toBe(`8 changes, 6 breaking

### Integrations

- **breaking** Removed integration Umbrella (\`umbrella\`)
- Added integration Initech (\`initech\`)

### \`fixture.tickets.archive\`

- **breaking** The request body of \`fixture.tickets.archive\` is now required

### \`fixture.tickets.delete\`

- **breaking** Removed operation \`fixture.tickets.delete\` (\`DELETE /unified/fixture/tickets/{id}\`)

### \`fixture.tickets.get\`

- **breaking** The records of \`fixture.tickets.get\` are now in \`result\` (were in the body)

### \`fixture.tickets.list\`

- Added operation \`fixture.tickets.list\` (\`GET /unified/fixture/tickets\`)

### \`fixture.tickets.update\`

- **breaking** \`fixture.tickets.update\` is now \`PUT /unified/fixture/queues/{queue_id}/tickets/{id}\` (was \`PATCH /unified/fixture/tickets/{id}\`)
- **breaking** Added required path parameter \`queue_id\` to \`fixture.tickets.update\`
`);
  });

  it("bodies: a request body added (optional, or open with no fields) or removed breaks, as the query argument moves", async () => {
    expect(await pair("bodies")).toBe(`5 changes, 4 breaking

### \`fixture.tickets.archive\`

- **breaking** Added an optional request body to \`fixture.tickets.archive\`: its resource method now takes it before the query

### \`fixture.tickets.delete\`

- **breaking** Added an optional request body to \`fixture.tickets.delete\`: its resource method now takes it before the query
- Added optional body field \`reason\` to \`fixture.tickets.delete\`

### \`fixture.tickets.update\`

- **breaking** Removed the request body of \`fixture.tickets.update\`: its resource method no longer takes a body argument before the query
- **breaking** Removed body field \`subject\` from \`fixture.tickets.update\`
`);
  });

  it("parameters: added, removed, required or not, types, enum values", async () => {
    expect(await pair("parameters")).toBe(`12 changes, 7 breaking

### \`fixture.tickets.list\`

- **breaking** Query parameter \`owner\` of \`fixture.tickets.list\` is now required
- **breaking** Query parameter \`limit\` of \`fixture.tickets.list\` is now \`string\` (was \`integer\`)
- **breaking** Query parameter \`created_after\` of \`fixture.tickets.list\` is now \`string (date-time)\` (was \`string\`)
- **breaking** Query parameter \`priority\` of \`fixture.tickets.list\` no longer allows \`normal\`
- **breaking** Query parameter \`sort_by\` of \`fixture.tickets.list\` is now limited to \`created_at\`, \`updated_at\`
- **breaking** Added required query parameter \`queue\` to \`fixture.tickets.list\`
- **breaking** Removed query parameter \`status\` from \`fixture.tickets.list\`
- Query parameter \`team\` of \`fixture.tickets.list\` is no longer required
- Query parameter \`priority\` of \`fixture.tickets.list\` now allows \`urgent\`
- Query parameter \`labels\` of \`fixture.tickets.list\` now allows \`question\`
- Query parameter \`source\` of \`fixture.tickets.list\` is no longer limited to \`email\`, \`phone\`
- Added optional query parameter \`tag\` to \`fixture.tickets.list\`
`);
  });

  it("body fields: added, removed, required or not, types, enum values", async () => {
    expect(await pair("body")).toBe(`8 changes, 5 breaking

### \`fixture.tickets.create\`

- **breaking** Body field \`title\` of \`fixture.tickets.create\` is now required
- **breaking** Body field \`estimate\` of \`fixture.tickets.create\` is now \`number | null\` (was \`integer\`)
- **breaking** Body field \`priority\` of \`fixture.tickets.create\` no longer allows \`normal\`
- **breaking** Added required body field \`queue\` to \`fixture.tickets.create\`
- **breaking** Removed body field \`due_at\` from \`fixture.tickets.create\`
- Body field \`subject\` of \`fixture.tickets.create\` is no longer required
- Body field \`priority\` of \`fixture.tickets.create\` now allows \`urgent\`
- Added optional body field \`assignee\` to \`fixture.tickets.create\`
`);
  });

  it("result fields, nested ones included: what breaks a reader", async () => {
    expect(await pair("results")).toBe(`12 changes, 4 breaking

### \`fixture.tickets.get\`

- **breaking** Result field \`id\` of \`fixture.tickets.get\` is no longer always present
- **breaking** Result field \`due_at\` of \`fixture.tickets.get\` is now \`string (date)\` (was \`string (date-time)\`)
- **breaking** Removed result field \`subject\` from \`fixture.tickets.get\`
- **breaking** Removed result field \`owner.id\` from \`fixture.tickets.get\`
- Result field \`title\` of \`fixture.tickets.get\` is now always present
- Result field \`priority\` of \`fixture.tickets.get\` can now be \`urgent\`
- Result field \`priority\` of \`fixture.tickets.get\` can no longer be \`normal\`
- Result field \`status\` of \`fixture.tickets.get\` is no longer limited to \`open\`, \`closed\`
- Result field \`kind\` of \`fixture.tickets.get\` is now limited to \`call\`, \`email\`
- Added result field \`resolution\` to \`fixture.tickets.get\`
- Added result field \`owner.name\` to \`fixture.tickets.get\`
- Added result field \`contacts[].email\` to \`fixture.tickets.get\`
`);
  });

  it("nested: fields under body and result fields at any depth (allOf items too), and a body now closed", async () => {
    expect(await pair("nested")).toBe(`7 changes, 7 breaking

### \`fixture.tickets.create\`

- **breaking** The request body of \`fixture.tickets.create\` now refuses fields it does not list
- **breaking** Body field \`owner.id\` of \`fixture.tickets.create\` is now required
- **breaking** Body field \`owner.id\` of \`fixture.tickets.create\` is now \`integer\` (was \`string\`)
- **breaking** Added required body field \`owner.team\` to \`fixture.tickets.create\`

### \`fixture.tickets.get\`

- **breaking** Result field \`owner.id\` of \`fixture.tickets.get\` is now \`integer\` (was \`string\`)
- **breaking** Result field \`contacts[].email\` of \`fixture.tickets.get\` is now \`string (email)\` (was \`string\`)
- **breaking** Removed result field \`owner.name\` from \`fixture.tickets.get\`
`);
  });

  it("support: per integration, of query parameters, body fields and result fields (split specs)", async () => {
    expect(await changelog(`${PAIRS}/support/old/openapi.yaml`, `${PAIRS}/support/new/openapi.yaml`)).toBe(SUPPORT_CHANGELOG);
  });
});

describe("npm run changes on a git repository", () => {
  const TSX = resolve("node_modules/.bin/tsx");
  const SCRIPT = resolve("scripts/changes.ts");
  // A GIT_DIR or GIT_INDEX_FILE of the caller's (a hook, CI) would point git at another repository.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("GIT_")));
  let repo: string | undefined;

  afterEach(async () => {
    if (repo) await rm(repo, { recursive: true, force: true });
  });

  async function run(cwd: string, command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return promisify(execFile)(command, args, { cwd, env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  }

  async function writeSpec(dir: string, side: "old" | "new", version: string): Promise<void> {
    await rm(join(dir, "openapi"), { recursive: true, force: true });
    await cp(resolve(PAIRS, "support", side), join(dir, "openapi"), { recursive: true });
    await writeFile(join(dir, "package.json"), `${JSON.stringify({ name: "fixture", version }, null, 2)}\n`);
  }

  it("compares HEAD with the working tree of the repository around its folder, and gates the version", async () => {
    repo = await mkdtemp(join(tmpdir(), "truto-changes-test-"));
    const git = (...args: string[]) => run(repo!, "git", ["-c", "user.name=Test", "-c", "user.email=test@example.test", ...args]);
    await git("init", "-q");
    await writeSpec(repo, "old", "0.1.0");
    await git("add", "-A");
    expect((await git("commit", "-q", "-m", "old spec")).code).toBe(0);
    await writeSpec(repo, "new", "0.1.0");

    expect(await run(join(repo, "openapi", "paths"), TSX, [SCRIPT, "HEAD"])).toEqual({ code: 0, stdout: SUPPORT_CHANGELOG, stderr: "" });

    expect(await run(repo, TSX, [SCRIPT, "HEAD", "--check"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "8 breaking changes since HEAD, but the version goes from 0.1.0 to 0.1.0: make it 0.2.0 or later (they need a new minor version while the major is 0; list them with npm run changes -- HEAD).\n",
    });

    await writeFile(join(repo, "package.json"), `${JSON.stringify({ name: "fixture", version: "0.2.0" })}\n`);
    expect(await run(repo, TSX, [SCRIPT, "HEAD", "--check"])).toEqual({
      code: 0,
      stdout: "8 breaking changes since HEAD, and the version goes from 0.1.0 to 0.2.0: bumped as they need.\n",
      stderr: "",
    });
  }, 60_000);
});
