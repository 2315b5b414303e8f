// What the client puts on the wire (Truto's bracket query format, path parameters encoded into one
// segment, dot segments refused) and what it makes of what comes back: JSON, raw, a stream, a 204,
// a 200 that is not JSON.
import { getEventListeners } from "node:events";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { TrutoError, TrutoValidationError } from "../../src/index.js";
import { mockServer } from "../helpers/client.js";
import { ACCOUNT, DELETE_PATH, IDS } from "../helpers/constants.js";

const { mock, client, lines } = await mockServer();

const q = { integrated_account_id: ACCOUNT };
/** What the mock answers for a delete on a Capsule account: the id (the only field Capsule fills) and Truto's remote_data. */
const capsuleRecord = (id: string) => ({ id, remote_data: { Id: id, source: "mock" } });

describe("the query string", () => {
  it("arrays, records, nested objects, arrays of objects, booleans and text in Truto's bracket format, every key and value percent-encoded", async () => {
    const answer = await client().crm.engagements.delete(IDS[0], {
      ...q,
      truto_exclude_fields: ["id", "name"],
      remote_query: { filter: { status: "open", tags: ["a b", "c&d"] }, "weird key=": "x#y+z" },
      account: { id: "acc 1" },
      contact: [{ id: "c1" }, { id: "c2" }],
      truto_ignore_remote_data: true,
      created_at: "2024-01-31T12:00:00Z",
      subject: "Caf\u00e9 \u2615",
    });
    expect(mock.requests[0]!.rawUrl).toBe(
      `/unified/crm/engagements/${IDS[0]}?integrated_account_id=${ACCOUNT}` +
        "&truto_exclude_fields[]=id&truto_exclude_fields[]=name" +
        "&remote_query[filter][status]=open&remote_query[filter][tags][]=a%20b&remote_query[filter][tags][]=c%26d" +
        "&remote_query[weird%20key%3D]=x%23y%2Bz" +
        "&account[id]=acc%201" +
        "&contact[0][id]=c1&contact[1][id]=c2" +
        "&truto_ignore_remote_data=true" +
        "&created_at=2024-01-31T12%3A00%3A00Z" +
        "&subject=Caf%C3%A9%20%E2%98%95",
    );
    // The mock read the query as Truto does: without the excluded id and without remote_data.
    expect(answer).toEqual({});
  });

  it("a Date is sent as ISO 8601; undefined and null are left out", async () => {
    await client().crm.engagements.delete(IDS[0], { ...q, created_at: new Date(Date.UTC(2024, 0, 31, 12)) as never, subject: undefined, content: null as never });
    expect(mock.requests[0]!.rawUrl).toBe(`/unified/crm/engagements/${IDS[0]}?integrated_account_id=${ACCOUNT}&created_at=2024-01-31T12%3A00%3A00.000Z`);
  });
});

describe("path parameters", () => {
  it.each([
    ["a/b?c#d e%f", "a%2Fb%3Fc%23d%20e%25f"],
    ["(x)!*'", "%28x%29%21%2A%27"],
    ["caf\u00e9", "caf%C3%A9"],
    ["a.b-c_d~e", "a.b-c_d~e"],
  ])("%j is encoded into one segment, only unreserved characters literal", async (id, segment) => {
    // No such record: the mock's 404 is beside the point, the request line is.
    await expect(client().crm.engagements.delete(id, q)).rejects.toMatchObject({ status: 404, message: `404 No record with id "${id}" in /unified/crm/engagements` });
    expect(lines()).toEqual([`DELETE /unified/crm/engagements/${segment}?integrated_account_id=${ACCOUNT} HTTP/1.1`]);
  });

  it("a finite number is sent as its text", async () => {
    expect(await client().crm.engagements.delete(Number(IDS[0]), q)).toEqual(capsuleRecord(IDS[0]));
    expect(lines()).toEqual([`DELETE /unified/crm/engagements/${IDS[0]}?integrated_account_id=${ACCOUNT} HTTP/1.1`]);
  });

  const DOTS = 'Path parameter "id" must not be "." or ".." (dot segments would change the request path)';
  it.each([
    ["", 'Path parameter "id" must not be empty'],
    [".", DOTS],
    ["..", DOTS],
    ["%2e%2E", DOTS],
    ["../x", DOTS],
    ["a/../b", DOTS],
    ["a\\..", DOTS],
    ["\ud800", 'Path parameter "id" is not well-formed Unicode'],
    [null, 'Path parameter "id" is required, got null'],
    [Number.NaN, 'Path parameter "id" must be a string or a finite number, got NaN'],
    [{ id: "1" }, 'Path parameter "id" must be a string or a finite number, got object'],
    [["1"], 'Path parameter "id" must be a string or a finite number, got array'],
  ])("%j is refused before any request, in both call styles", async (id, message) => {
    const expected = new TrutoValidationError("id", message);
    await expect(client().crm.engagements.delete(id as never, q)).rejects.toThrow(expected);
    await expect(client().DELETE(DELETE_PATH, { params: { path: { id: id as never }, query: q } })).rejects.toThrow(expected);
    expect(mock.requests).toEqual([]);
  });
});

describe("response bodies", () => {
  it("JSON is parsed, in both call styles", async () => {
    expect(await client().crm.engagements.delete(IDS[0], q)).toEqual(capsuleRecord(IDS[0]));
    expect((await client().DELETE(DELETE_PATH, { params: { path: { id: IDS[1] }, query: q } })).data).toEqual(capsuleRecord(IDS[1]));
  });

  it('truto_response_format "raw" resolves to the provider\'s payload as it is', async () => {
    expect(await client().crm.engagements.delete(IDS[0], { ...q, truto_response_format: "raw" })).toEqual({ Id: IDS[0], source: "mock" });
  });

  it('truto_response_format "stream" resolves to a ReadableStream before the body has all arrived', async () => {
    // The mock sends a stream's body in two halves, 20 ms apart.
    const stream = await client().crm.engagements.delete(IDS[0], { ...q, truto_response_format: "stream" });
    expect(stream).toBeInstanceOf(ReadableStream);
    const whole = JSON.stringify(capsuleRecord(IDS[0]));
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe(whole.slice(0, Math.ceil(whole.length / 2)));
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    expect(rest).toBe(whole.slice(Math.ceil(whole.length / 2)));
  });

  it("the stream is a byte stream, like a fetch body: a BYOB reader reads it whole into its own buffer", async () => {
    const stream = await client().crm.engagements.delete(IDS[0], { ...q, truto_response_format: "stream" });
    const reader = stream.getReader({ mode: "byob" });
    let text = "";
    // A 7-byte buffer: the chunks are split across reads.
    for (let read = await reader.read(new Uint8Array(7)); !read.done; read = await reader.read(new Uint8Array(7))) text += new TextDecoder().decode(read.value);
    expect(text).toBe(JSON.stringify(capsuleRecord(IDS[0])));
  });

  it("a stream of Node Buffers (a fetch of the caller's) is copied, never taken over: other Buffers of the pool keep their bytes", async () => {
    const json = JSON.stringify({ id: IDS[0] });
    const fetch = async () => new Response(Readable.toWeb(Readable.from([Buffer.from(json)])) as ReadableStream, { headers: { "content-type": "application/json" } });
    const unrelated = Buffer.from("unrelated pooled data");
    const stream = await client({ fetch }).crm.engagements.delete(IDS[0], { ...q, truto_response_format: "stream" });
    expect(await new Response(stream).text()).toBe(json);
    expect(unrelated.toString()).toBe("unrelated pooled data");
  });

  it("an empty chunk in a stream is skipped: the stream goes on, ends, and lets the caller's signal go", async () => {
    const source = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(0));
          controller.enqueue(new TextEncoder().encode("hello"));
          controller.enqueue(new Uint8Array(0));
          controller.close();
        },
      });
    const caller = new AbortController();
    const stream = await client({ fetch: async () => new Response(source()) }).crm.engagements.delete(IDS[0], { ...q, truto_response_format: "stream" }, { signal: caller.signal });
    expect(await new Response(stream).text()).toBe("hello");
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });

  it("truto.DELETE with parseAs: \"stream\" gives the stream as data", async () => {
    const { data } = await client().DELETE(DELETE_PATH, { params: { path: { id: IDS[0] }, query: { ...q, truto_response_format: "stream" } }, parseAs: "stream" });
    expect(await new Response(data as ReadableStream).text()).toBe(JSON.stringify(capsuleRecord(IDS[0])));
  });

  it("a 204 resolves to undefined in both call styles", async () => {
    mock.inject({ reply: { status: 204 } }, 2);
    await expect(client().crm.engagements.delete(IDS[0], q)).resolves.toBeUndefined();
    const { data, error, response } = await client().DELETE(DELETE_PATH, { params: { path: { id: IDS[0] }, query: q } });
    expect([data, error, response.status]).toEqual([undefined, undefined, 204]);
  });

  it("malformed JSON in a 200 is a TrutoError with the parse error as cause", async () => {
    mock.inject({ reply: { status: 200, body: '{"id": "1"', headers: { "content-type": "application/json" } } });
    const error = await client().crm.engagements.delete(IDS[0], q).catch((e: unknown) => e);
    expect(error).toEqual(new TrutoError("crm.engagements.delete: the response body is not valid JSON"));
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });
});
