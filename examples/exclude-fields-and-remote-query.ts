// Trim the response and pass provider-specific filters through to the CRM behind Truto.
import { createTrutoClient } from "truto-crm-openapi";
import { baseUrl, engagementId, integratedAccountId, token } from "./env.js";

const truto = createTrutoClient({ token, baseUrl });

const deleted = await truto.crm.engagements.delete(engagementId, {
  integrated_account_id: integratedAccountId,
  // truto_exclude_fields[]=remote_data&truto_exclude_fields[]=custom_fields
  truto_exclude_fields: ["remote_data", "custom_fields"],
  // remote_query[options][notify_owner]=false: sent to the CRM as is
  remote_query: { options: { notify_owner: false } },
  truto_ignore_remote_data: true,
});
console.log(JSON.stringify(deleted));
