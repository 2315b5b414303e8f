// Each script in examples/ runs against the loopback server and prints what it should: they cannot rot.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { remoteError, startServer, trutoError, type TestServer } from "../helpers/server.js";

const run = promisify(execFile);
const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

async function example(name: string): Promise<string> {
  const env = { ...process.env, TRUTO_BASE_URL: server.url, TRUTO_API_TOKEN: "tok_example" };
  const { stdout } = await run("npx", ["tsx", `examples/${name}.ts`], { env, timeout: 30_000 });
  return stdout;
}

describe("examples", () => {
  it("delete-engagement: deletes for Keap and refuses a value Keap does not allow", async () => {
    server.reply({ status: 200, body: { id: "23423523" } });
    expect(await example("delete-engagement")).toBe(
      'deleted 23423523\nrefused before sending: Query parameter "engagement_type" must be one of email, meeting for Keap; got "note"\n',
    );
    expect(server.requests.map((r) => r.rawUrl)).toEqual([`/unified/crm/engagements/23423523?integrated_account_id=${ACCOUNT}&engagement_type=meeting`]);
  }, 40_000);

  it("exclude-fields-and-remote-query: sends the bracket format and prints the trimmed body", async () => {
    server.reply({ status: 200, body: { id: "23423523", subject: "Intro" } });
    expect(await example("exclude-fields-and-remote-query")).toBe('{"id":"23423523","subject":"Intro"}\n');
    expect(server.requests[0]!.rawUrl).toBe(
      `/unified/crm/engagements/23423523?integrated_account_id=${ACCOUNT}&truto_exclude_fields[]=remote_data&truto_exclude_fields[]=custom_fields&remote_query[options][notify_owner]=false&truto_ignore_remote_data=true`,
    );
  }, 40_000);

  it("errors-and-retries: logs a retry after a 429, then tells a remote error apart", async () => {
    server.reply(
      trutoError(429, "Rate limit exceeded", undefined, { "retry-after": "0" }),
      { status: 200, body: { id: "23423523" } },
      remoteError(404, "Record not found", { errors: ["Record not found"] }, {}),
    );
    expect(await example("errors-and-retries")).toBe(
      'retry 1 in 100 ms after 429\ndeleted 23423523\nthe CRM refused (404): {"errors":["Record not found"]}\n',
    );
    expect(server.requests).toHaveLength(3);
  }, 40_000);

  it("stream-raw-response: writes the body as it arrives", async () => {
    server.reply({ kind: "stream", chunks: ['{"Id":', '"23423523"}'], intervalMs: 50 });
    expect(await example("stream-raw-response")).toBe('{"Id":"23423523"}\n(2 chunks)\n');
    expect(server.requests[0]!.rawUrl).toBe(`/unified/crm/engagements/23423523?integrated_account_id=${ACCOUNT}&truto_response_format=stream`);
  }, 40_000);
});
