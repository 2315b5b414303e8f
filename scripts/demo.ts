// `npm start`: a zero-setup tour of the client against the local mock Truto (or, with
// TRUTO_API_TOKEN set, against the real API): a delete, what an integration fills, a provider
// check, a retry after a 429 and, on the mock, a call with an integrated account token.
import { TrutoValidationError, createTrutoClient } from "../src/index.js";
import { createMockTruto } from "../src/mock/index.js";
import { supportFor } from "../src/support.js";

const real = process.env.TRUTO_API_TOKEN !== undefined;
const mock = real ? undefined : await createMockTruto();
const baseUrl = mock?.url ?? process.env.TRUTO_BASE_URL ?? "https://api.truto.one";
const account = process.env.TRUTO_INTEGRATED_ACCOUNT_ID ?? mock!.accounts.keap;
const engagementId = process.env.TRUTO_ENGAGEMENT_ID ?? "23423523";
let seen = 0;
/** Prints the raw request lines the mock received since the last call. */
const wire = () => {
  for (const request of mock?.requests.slice(seen) ?? []) console.log(`   > ${request.requestLine}  → ${request.status}`);
  seen = mock?.requests.length ?? 0;
};

console.log(real ? `Truto API at ${baseUrl}` : `mock Truto at ${baseUrl} (set TRUTO_API_TOKEN to use the real API)`);
const keap = createTrutoClient({
  token: process.env.TRUTO_API_TOKEN ?? "demo-token",
  baseUrl,
  integration: "keap",
  onRetry: ({ attempt, delayMs, status }) => console.log(`   retry ${attempt} after ${status} in ${delayMs} ms`),
});

console.log("\n1. What Keap takes and gives when an engagement is deleted (truto-crm-openapi/support)");
const { query, result } = supportFor("keap")["crm.engagements.delete"];
console.log(`   parameters: ${JSON.stringify(query)}; result fields it fills: ${result.length > 0 ? result.join(", ") : "none"}`);

console.log("\n2. Delete an engagement in a Keap account");
const deleted = await keap.crm.engagements.delete(engagementId, { integrated_account_id: account, engagement_type: "meeting" });
console.log(`   deleted ${engagementId}; Keap's answer carries: ${Object.keys(deleted).join(", ") || "nothing"}`);
wire();

console.log('\n3. Keap does not take engagement_type "note": refused before anything is sent');
try {
  await keap.crm.engagements.delete(engagementId, { integrated_account_id: account, engagement_type: "note" as "email" });
} catch (error) {
  if (!(error instanceof TrutoValidationError)) throw error;
  console.log(`   ${error.name}: ${error.message}`);
}
wire();

if (mock) {
  console.log("\n4. Rate limited once (429, Retry-After: 1): the client waits and retries");
  mock.inject({ status: 429, message: "Rate limit exceeded", retryAfter: 1 });
  await keap.crm.engagements.delete("23423524", { integrated_account_id: account, engagement_type: "email" });
  wire();

  console.log("\n5. An integrated account token (what a browser page gets): no integrated_account_id to send");
  const page = createTrutoClient({ integratedAccountToken: mock.accountToken(account), baseUrl, integration: "keap" });
  await page.crm.engagements.delete("23423525", { engagement_type: "email" });
  wire();
  await mock.close();
}
console.log("\ndone");
