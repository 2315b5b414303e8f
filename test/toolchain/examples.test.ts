// Each script in examples/, and the `npm start` demo, runs against the mock Truto and prints what it
// should: they cannot rot.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createMockTruto } from "../../src/mock/index.js";
import { supportFor } from "../../src/support.js";
import { ACCOUNT, KEAP_ACCOUNT, PLANHAT_ACCOUNT, TEST_ACCOUNTS, TOKEN } from "../helpers/constants.js";

const run = promisify(execFile);
const mock = await createMockTruto({ token: TOKEN, integrations: { ...TEST_ACCOUNTS } });
afterEach(() => mock.reset());
afterAll(() => mock.close());

async function example(name: string, account: string, env: Record<string, string> = {}): Promise<string> {
  const variables = { ...process.env, TRUTO_BASE_URL: mock.url, TRUTO_API_TOKEN: TOKEN, TRUTO_INTEGRATED_ACCOUNT_ID: account, ...env };
  const { stdout } = await run("npx", ["tsx", `examples/${name}.ts`], { env: variables, timeout: 30_000 });
  return stdout;
}

const path = (id: string, query: string) => `/unified/crm/engagements/${id}?${query}`;

describe("examples", () => {
  it("delete-engagement: deletes in a Keap account (Keap fills no unified field) and refuses a value Keap does not allow", async () => {
    expect(await example("delete-engagement", KEAP_ACCOUNT)).toBe(
      'deleted 23423523; Keap\'s answer carries: remote_data\nrefused before sending: Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"\n',
    );
    expect(mock.requests.map((r) => [r.rawUrl, r.status])).toEqual([[path("23423523", `integrated_account_id=${KEAP_ACCOUNT}&engagement_type=meeting`), 200]]);
  }, 40_000);

  it("exclude-fields-and-remote-query: sends the bracket format and prints Planhat's fields less the excluded ones", async () => {
    const printed = JSON.parse(await example("exclude-fields-and-remote-query", PLANHAT_ACCOUNT)) as Record<string, unknown>;
    const filled = supportFor("planhat")["crm.engagements.delete"].result;
    expect(Object.keys(printed)).toEqual(filled.filter((field) => field !== "custom_fields"));
    expect(printed.id).toBe("23423523");
    expect(mock.requests.map((r) => r.rawUrl)).toEqual([
      path(
        "23423523",
        `integrated_account_id=${PLANHAT_ACCOUNT}&truto_exclude_fields[]=remote_data&truto_exclude_fields[]=custom_fields&remote_query[options][notify_owner]=false&truto_ignore_remote_data=true`,
      ),
    ]);
  }, 40_000);

  it("errors-and-retries: logs a retry after a 429, then tells a remote error apart", async () => {
    mock.inject({ status: 429, message: "Rate limit exceeded", retryAfter: 0 });
    mock.inject({}); // the retry: the mock's own answer
    mock.inject({ remote: true, status: 404, message: "Record not found", rawResponse: { errors: ["Record not found"] } });
    expect(await example("errors-and-retries", ACCOUNT)).toBe('retry 1 in 100 ms after 429\ndeleted 23423523\nthe CRM refused (404): {"errors":["Record not found"]}\n');
    expect(mock.requests.map((r) => [r.rawUrl, r.status])).toEqual([
      [path("23423523", `integrated_account_id=${ACCOUNT}`), 429],
      [path("23423523", `integrated_account_id=${ACCOUNT}`), 200],
      [path("does-not-exist", `integrated_account_id=${ACCOUNT}`), 404],
    ]);
  }, 40_000);

  it("stream-raw-response: writes the body as it arrives", async () => {
    const output = await example("stream-raw-response", ACCOUNT);
    const [body, summary] = output.trimEnd().split("\n");
    expect(JSON.parse(body!)).toEqual({ id: "23423523", remote_data: { Id: "23423523", source: "mock" } });
    expect(summary).toBe(`(${Buffer.byteLength(body!)} bytes)`);
    expect(mock.requests.map((r) => r.rawUrl)).toEqual([path("23423523", `integrated_account_id=${ACCOUNT}&truto_response_format=stream`)]);
  }, 40_000);

  it("support-form: lists the fields the connected CRM takes, from the support tables (no request)", async () => {
    expect(await example("support-form", ACCOUNT, { TRUTO_INTEGRATION: "keap" })).toBe(
      "Deleting an engagement in Keap:\n- engagement_type (required): one of email, meeting\nFields of its answer: none\n",
    );
    expect(await example("support-form", ACCOUNT, { TRUTO_INTEGRATION: "capsule" })).toBe(
      "Deleting an engagement in Capsule:\n- nothing beyond Truto's own parameters\nFields of its answer: id\n",
    );
    expect(mock.requests).toEqual([]);
  }, 40_000);
});

describe("npm start", () => {
  it("runs the tour against a mock of its own and exits 0", async () => {
    const { TRUTO_API_TOKEN: _real, ...env } = process.env;
    const { stdout } = await run("npm", ["start", "--silent"], { env, timeout: 60_000 });
    expect(stdout).toContain("1. What Keap takes and gives when an engagement is deleted");
    expect(stdout).toContain('parameters: {"engagement_type":{"required":true,"values":["email","meeting"]}}; result fields it fills: none');
    expect(stdout).toContain("deleted 23423523; Keap's answer carries: remote_data");
    expect(stdout).toContain('TrutoValidationError: Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"');
    expect(stdout).toContain("retry 1 after 429 in 1000 ms");
    expect(stdout).toMatch(/> DELETE \/unified\/crm\/engagements\/23423525\?engagement_type=email HTTP\/1\.1 {2}→ 200\n\ndone\n$/);
  }, 70_000);
});
