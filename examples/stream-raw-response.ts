// The CRM's answer, streamed: nothing is buffered, chunks are written as they arrive.
import { createTrutoClient } from "truto-crm-openapi";
import { baseUrl, engagementId, integratedAccountId, token } from "./env.js";

const truto = createTrutoClient({ token, baseUrl });

const stream = await truto.crm.engagements.delete(engagementId, {
  integrated_account_id: integratedAccountId,
  truto_response_format: "stream",
});
let bytes = 0;
for await (const chunk of stream) {
  bytes += chunk.byteLength;
  process.stdout.write(chunk);
}
console.log(`\n(${bytes} bytes)`);
