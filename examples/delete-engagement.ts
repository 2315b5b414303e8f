// Delete an engagement in a Keap account, with Keap's rules checked before anything is sent.
import { TrutoValidationError, createTrutoClient } from "truto-crm-openapi";
import { baseUrl, engagementId, integratedAccountId, token } from "./env.js";

const keap = createTrutoClient({ token, baseUrl, integration: "keap" });

// Keap requires engagement_type and allows "email" and "meeting" only (from the spec's x-truto-support).
const deleted = await keap.crm.engagements.delete(engagementId, {
  integrated_account_id: integratedAccountId,
  engagement_type: "meeting",
});
// Keap fills no unified field of a deleted engagement: the types say so (deleted.id is undefined),
// and only Truto's own remote_data comes back.
console.log(`deleted ${engagementId}; Keap's answer carries: ${Object.keys(deleted).join(", ") || "nothing"}`);

try {
  // A literal "note" would not compile; a value from elsewhere is refused at run time.
  const fromUserInput = "note" as "email";
  await keap.crm.engagements.delete(engagementId, { integrated_account_id: integratedAccountId, engagement_type: fromUserInput });
} catch (error) {
  if (!(error instanceof TrutoValidationError)) throw error;
  console.log(`refused before sending: ${error.message}`);
}
