// The values tests share: a realistic API token, integrated accounts and the ids the mock seeds.
// One place, so that no test declares its own copy.

/** An API token as long as Truto's (short ones are refused: src/credential.ts). */
export const TOKEN = "tok_live_5f2b9c0e41d8a7";
/** A second token, for tests that change tokens (refreshes, redaction). */
export const OTHER_TOKEN = "tok_live_93ac4e7b20f1d6";
/** The integrated account most client tests call: Capsule behind it in the test mock. */
export const ACCOUNT = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
/** An account with Keap behind it (requires engagement_type: email or meeting). */
export const KEAP_ACCOUNT = "2b1e2a4c-6f0d-4d2e-9a53-0c1f1f0e7a11";
/** An account with Planhat behind it (fills most engagement fields). */
export const PLANHAT_ACCOUNT = "8d4f0b7e-3c2a-4e91-b6d5-7a9e2c4f1b08";
/** The test mock's accounts: account id -> integration. */
export const TEST_ACCOUNTS = { [ACCOUNT]: "capsule", [KEAP_ACCOUNT]: "keap", [PLANHAT_ACCOUNT]: "planhat" } as const;
/** The ids the mock seeds for every resource of every account. */
export const IDS = ["23423523", "23423524", "23423525", "23423526", "23423527"] as const;
/** The real operation's route, as openapi-fetch-style calls name it. */
export const DELETE_PATH = "/unified/crm/engagements/{id}";
/** A body for exact-reply tests (mock.inject({ reply: { status: 200, body: ENGAGEMENT } })). */
export const ENGAGEMENT = { id: "23423523", engagement_type: "call", subject: "Intro call" };
