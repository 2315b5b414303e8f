// The CRM's raw answer, streamed: nothing is buffered, chunks are written as they arrive.
import { createTrutoClient } from "truto-crm-openapi";
import { baseUrl, engagementId, integratedAccountId, token } from "./env.js";

const truto = createTrutoClient({ token, baseUrl });

const stream = await truto.crm.engagements.delete(engagementId, {
  integrated_account_id: integratedAccountId,
  truto_response_format: "stream",
});
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  process.stdout.write(chunk);
}
console.log(`\n(${chunks} chunks)`);
