// Retries with logging, and telling Truto's own errors from the CRM's.
import { RateLimitError, TrutoApiError, TrutoConnectionError, createTrutoClient } from "truto-crm-openapi";
import { baseUrl, engagementId, integratedAccountId, token } from "./env.js";

const truto = createTrutoClient({
  token,
  baseUrl,
  maxRetries: 3,
  timeoutMs: 10_000,
  // The event carries method, URL, status or error and the wait; never the token.
  onRetry: ({ attempt, delayMs, status, error }) => console.log(`retry ${attempt} in ${delayMs} ms after ${status ?? error?.name}`),
});

for (const id of [engagementId, "does-not-exist"]) {
  try {
    const deleted = await truto.crm.engagements.delete(id, { integrated_account_id: integratedAccountId });
    console.log(`deleted ${deleted.id}`);
  } catch (error) {
    if (error instanceof RateLimitError) {
      console.log(`rate limited for ${error.headers.get("retry-after")} s: try later`);
    } else if (error instanceof TrutoApiError && error.isRemoteError) {
      console.log(`the CRM refused (${error.status}): ${JSON.stringify(error.rawResponse)}`);
    } else if (error instanceof TrutoApiError) {
      console.log(`Truto refused: ${error.message}`);
    } else if (error instanceof TrutoConnectionError) {
      console.log(`no answer: ${error.message}`);
    } else {
      throw error;
    }
  }
}
