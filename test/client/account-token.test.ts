// Integrated account tokens and token functions end to end on the mock Truto: calls without
// integrated_account_id, the mock's own 401 for a stale token answered with one refresh and one
// resend (shared by calls that got the same 401), and every token the function gave redacted.
import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { AuthenticationError, PermissionDeniedError, TrutoError, TrutoValidationError, createTrutoClient } from "../../src/index.js";
import { fastRetries, mockServer } from "../helpers/client.js";
import { ACCOUNT, DELETE_PATH, IDS, KEAP_ACCOUNT, OTHER_TOKEN, TOKEN } from "../helpers/constants.js";

const { mock, lines } = await mockServer();

const q = { integrated_account_id: ACCOUNT };
/** What the mock answers for a delete on a Capsule account: the id (the only field Capsule fills) and Truto's remote_data. */
const capsuleRecord = (id: string) => ({ id, remote_data: { Id: id, source: "mock" } });
const lineOf = (id: string, query = "") => `DELETE /unified/crm/engagements/${id}${query} HTTP/1.1`;
const failure = (call: Promise<unknown>): Promise<any> => call.then(() => expect.unreachable("the call resolved"), (error: unknown) => error);

describe("an integrated account token", () => {
  it("calls without integrated_account_id: none in the URL, the account token as Bearer, the account's record answered", async () => {
    const token = mock.accountToken(ACCOUNT);
    const truto = createTrutoClient({ integratedAccountToken: token, baseUrl: mock.url });
    expect(await truto.crm.engagements.delete(IDS[0], {})).toEqual(capsuleRecord(IDS[0]));
    expect(lines()).toEqual([lineOf(IDS[0])]);
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${token}`);
  });

  it("still sends integrated_account_id when given, and checks it and every other rule", async () => {
    const keap = createTrutoClient({ integratedAccountToken: mock.accountToken(KEAP_ACCOUNT), baseUrl: mock.url, integration: "keap" });
    expect(await keap.crm.engagements.delete(IDS[0], { integrated_account_id: KEAP_ACCOUNT, engagement_type: "email" })).toEqual({ remote_data: { Id: IDS[0], source: "mock" } });
    expect(lines()).toEqual([lineOf(IDS[0], `?integrated_account_id=${KEAP_ACCOUNT}&engagement_type=email`)]);
    await expect(keap.crm.engagements.delete(IDS[1], { integrated_account_id: "nope", engagement_type: "email" })).rejects.toThrow(
      new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)'),
    );
    await expect(keap.crm.engagements.delete(IDS[1], {} as never)).rejects.toThrow(
      new TrutoValidationError("engagement_type", 'Query parameter "engagement_type" is required for Keap (allowed: email, meeting)', "Keap"),
    );
    expect(mock.requests).toHaveLength(1);
  });

  it("another account's id is Truto's 403", async () => {
    const truto = createTrutoClient({ integratedAccountToken: mock.accountToken(KEAP_ACCOUNT), baseUrl: mock.url });
    expect(await failure(truto.crm.engagements.delete(IDS[0], q))).toMatchObject({
      constructor: PermissionDeniedError,
      message: "403 This integrated account token is for another integrated account",
    });
  });

  it("makes truto.DELETE skip the integrated_account_id check too", async () => {
    const truto = createTrutoClient({ integratedAccountToken: mock.accountToken(ACCOUNT), baseUrl: mock.url });
    const { data } = await truto.DELETE(DELETE_PATH, { params: { path: { id: IDS[0] }, query: {} as never } });
    expect(data).toEqual(capsuleRecord(IDS[0]));
    expect(lines()).toEqual([lineOf(IDS[0])]);
  });

  it("an API-token client still requires integrated_account_id", async () => {
    const truto = createTrutoClient({ token: TOKEN, baseUrl: mock.url });
    await expect(truto.crm.engagements.delete(IDS[0], {} as never)).rejects.toThrow(
      new TrutoValidationError("integrated_account_id", 'Query parameter "integrated_account_id" is required'),
    );
    expect(mock.requests).toEqual([]);
  });
});

describe("a token function", () => {
  it("is called before the first request; after the mock's 401 for a stale token it is called again, and the call completes with one resend", async () => {
    const tokens = [OTHER_TOKEN, TOKEN];
    const fn = vi.fn(async () => tokens.shift()!);
    const truto = createTrutoClient({ token: fn, baseUrl: mock.url });
    expect(await truto.crm.engagements.delete(IDS[0], q)).toEqual(capsuleRecord(IDS[0]));
    expect(fn).toHaveBeenCalledTimes(2);
    expect(mock.requests.map((r) => [r.headers.authorization, r.status])).toEqual([
      [`Bearer ${OTHER_TOKEN}`, 401],
      [`Bearer ${TOKEN}`, 200],
    ]);
    // The fresh token is kept: the next call asks nothing.
    expect(await truto.crm.engagements.delete(IDS[1], q)).toEqual(capsuleRecord(IDS[1]));
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("gets one refresh per call: a second 401 is an AuthenticationError, not a loop", async () => {
    let n = 0;
    const truto = createTrutoClient({ integratedAccountToken: () => `iat_stale_${++n}`, baseUrl: mock.url });
    expect(await failure(truto.crm.engagements.delete(IDS[0], {}))).toMatchObject({ constructor: AuthenticationError, message: "401 Invalid API token" });
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual(["Bearer iat_stale_1", "Bearer iat_stale_2"]);
  });

  it("calls that got the same 401 share one refresh", async () => {
    const tokens = [OTHER_TOKEN, TOKEN];
    const fn = vi.fn(async () => tokens.shift()!);
    const truto = createTrutoClient({ token: fn, baseUrl: mock.url });
    const records = await Promise.all(IDS.slice(0, 3).map((id) => truto.crm.engagements.delete(id, q)));
    expect(records).toEqual(IDS.slice(0, 3).map(capsuleRecord));
    expect(fn).toHaveBeenCalledTimes(2);
    expect(mock.requests.map((r) => r.headers.authorization).sort()).toEqual([...Array(3).fill(`Bearer ${OTHER_TOKEN}`), ...Array(3).fill(`Bearer ${TOKEN}`)].sort());
  });

  it("whose source lagged once (it gave back the token that got the 401) is asked again at the next 401", async () => {
    const tokens = [OTHER_TOKEN, OTHER_TOKEN, TOKEN];
    const fn = vi.fn(async () => tokens.shift()!);
    const truto = createTrutoClient({ token: fn, baseUrl: mock.url });
    expect(await failure(truto.crm.engagements.delete(IDS[0], q))).toMatchObject({ constructor: AuthenticationError, status: 401 });
    expect(await truto.crm.engagements.delete(IDS[0], q)).toEqual(capsuleRecord(IDS[0]));
    expect(fn).toHaveBeenCalledTimes(3);
    expect(mock.requests.map((r) => [r.headers.authorization, r.status])).toEqual([
      [`Bearer ${OTHER_TOKEN}`, 401],
      [`Bearer ${OTHER_TOKEN}`, 401],
      [`Bearer ${TOKEN}`, 200],
    ]);
  });

  it("that outlasts the attempt's timeout after a 401 is dropped, and the attempt retried like one that timed out", async () => {
    const { events, onRetry } = fastRetries();
    const fn = vi
      .fn<() => Promise<string>>()
      .mockResolvedValueOnce(OTHER_TOKEN)
      .mockImplementationOnce(() => {
        // The refresh never answers: the attempt's 100 ms run out (on fake timers).
        setImmediate(() => vi.advanceTimersByTime(100));
        return new Promise<string>(() => {});
      })
      .mockResolvedValueOnce(TOKEN);
    const truto = createTrutoClient({ token: fn, baseUrl: mock.url, timeoutMs: 100, onRetry });
    expect(await truto.crm.engagements.delete(IDS[0], q)).toEqual(capsuleRecord(IDS[0]));
    expect(events.map((e) => [e.attempt, e.error?.name, e.error?.message])).toEqual([[1, "TrutoTimeoutError", `Request timed out after 100 ms (DELETE ${mock.url}${DELETE_PATH.replace("{id}", IDS[0])}?integrated_account_id=${ACCOUNT})`]]);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(mock.requests.map((r) => [r.headers.authorization, r.status])).toEqual([
      [`Bearer ${OTHER_TOKEN}`, 401],
      [`Bearer ${TOKEN}`, 200],
    ]);
  });

  it("that works after a 401 while the caller aborts: the call rejects with the caller's reason, and no retry is announced", async () => {
    const controller = new AbortController();
    const reason = new Error("user left");
    const onRetry = vi.fn();
    const fn = vi
      .fn<() => Promise<string>>()
      .mockResolvedValueOnce(OTHER_TOKEN)
      .mockImplementationOnce(() => {
        setImmediate(() => controller.abort(reason));
        return new Promise<string>(() => {});
      });
    const truto = createTrutoClient({ token: fn, baseUrl: mock.url, onRetry });
    await expect(truto.crm.engagements.delete(IDS[0], q, { signal: controller.signal })).rejects.toBe(reason);
    expect(onRetry).not.toHaveBeenCalled();
    expect(mock.requests.map((r) => r.status)).toEqual([401]);
  });

  it("that fails after a 401 is that TrutoError, not retried (no timeout, no signal: nothing else could stop it)", async () => {
    const cause = new Error("session expired");
    const fn = vi.fn<() => Promise<string>>().mockResolvedValueOnce(OTHER_TOKEN).mockRejectedValueOnce(cause);
    const onRetry = vi.fn();
    const truto = createTrutoClient({ token: fn, baseUrl: mock.url, timeoutMs: Infinity, onRetry });
    expect(await failure(truto.crm.engagements.delete(IDS[0], q))).toEqual(new TrutoError('createTrutoClient: the "token" function failed', { cause }));
    expect(onRetry).not.toHaveBeenCalled();
    expect(mock.requests.map((r) => r.status)).toEqual([401]);
  });

  it("that fails is a TrutoError with the cause, and nothing is sent; the next call asks again", async () => {
    const cause = new Error("session expired");
    const fn = vi.fn<() => Promise<string>>().mockRejectedValueOnce(cause).mockResolvedValueOnce(TOKEN);
    const truto = createTrutoClient({ token: fn, baseUrl: mock.url });
    expect(await failure(truto.crm.engagements.delete(IDS[0], q))).toEqual(new TrutoError('createTrutoClient: the "token" function failed', { cause }));
    expect(mock.requests).toEqual([]);
    expect(await truto.crm.engagements.delete(IDS[0], q)).toEqual(capsuleRecord(IDS[0]));
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["tok_123", 'createTrutoClient: "integratedAccountToken" must be at least 8 characters (Truto\'s tokens are longer), got 7'],
    ["iat live_1234", 'createTrutoClient: "integratedAccountToken" must not contain spaces, line breaks or non-ASCII characters'],
    ["", 'createTrutoClient: "integratedAccountToken" must be a non-empty string (or a function returning one), got an empty string'],
    [42, 'createTrutoClient: "integratedAccountToken" must be a non-empty string (or a function returning one), got number'],
  ])("that returns %j is refused like a fixed token, naming the option, and nothing is sent", async (token, message) => {
    const truto = createTrutoClient({ integratedAccountToken: () => token as string, baseUrl: mock.url });
    expect(await failure(truto.crm.engagements.delete(IDS[0], {}))).toEqual(new TrutoValidationError("integratedAccountToken", message));
    expect(mock.requests).toEqual([]);
  });

  it("has every token it gave scrubbed from errors, like a fixed one", async () => {
    const tokens = ["tok_old_aaaa", "tok_new_bbbb"];
    mock.inject({ status: 401, message: "expired" });
    mock.inject({ reply: { status: 403, body: { statusCode: 403, error: "Forbidden", message: "tok_new_bbbb and tok_old_aaaa are not allowed" }, headers: { "x-request-id": "tok_new_bbbb" } } });
    const truto = createTrutoClient({ token: () => tokens.shift()!, baseUrl: mock.url });
    const error = await failure(truto.crm.engagements.delete(IDS[0], q));
    expect(error).toMatchObject({ constructor: PermissionDeniedError, status: 403, message: "403 [REDACTED] and [REDACTED] are not allowed", requestId: "[REDACTED]" });
    expect(JSON.stringify(error)).not.toMatch(/tok_(old|new)/);
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual(["Bearer tok_old_aaaa", "Bearer tok_new_bbbb"]);
  });

  it("leaves no listener on the caller's signal after a refreshed call", async () => {
    const tokens = [OTHER_TOKEN, TOKEN];
    const controller = new AbortController();
    const truto = createTrutoClient({ token: () => tokens.shift()!, baseUrl: mock.url });
    expect(await truto.crm.engagements.delete(IDS[0], q, { signal: controller.signal })).toEqual(capsuleRecord(IDS[0]));
    expect(mock.requests.map((r) => r.status)).toEqual([401, 200]);
    expect(getEventListeners(controller.signal, "abort")).toEqual([]);
  });

  it("sets its header on truto.DELETE with a fetch of the caller's too", async () => {
    const own = vi.fn((request: Request, init?: RequestInit) => fetch(request, init));
    const truto = createTrutoClient({ token: () => TOKEN, baseUrl: mock.url });
    const { data } = await truto.DELETE(DELETE_PATH, { params: { path: { id: IDS[0] }, query: q }, fetch: own });
    expect(data).toEqual(capsuleRecord(IDS[0]));
    expect(own).toHaveBeenCalledTimes(1);
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
  });
});
