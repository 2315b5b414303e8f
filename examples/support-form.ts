// The fields of a form for the connected CRM: only what its integration takes, each with whether it
// is required and the values it allows (truto-crm-openapi/support, no request made).
import { integrations, supportFor, type IntegrationSlug, type SupportEntry } from "truto-crm-openapi/support";

const slug = (process.env.TRUTO_INTEGRATION ?? "keap") as IntegrationSlug;
const { query, result } = supportFor(slug)["crm.engagements.delete"];

console.log(`Deleting an engagement in ${integrations[slug].name}:`);
for (const [name, entry] of Object.entries(query)) {
  const { required, values }: SupportEntry = entry;
  console.log(`- ${name}${required ? " (required)" : ""}${values ? `: one of ${values.join(", ")}` : ""}`);
}
if (Object.keys(query).length === 0) console.log("- nothing beyond Truto's own parameters");
console.log(`Fields of its answer: ${result.length > 0 ? result.join(", ") : "none"}`);
