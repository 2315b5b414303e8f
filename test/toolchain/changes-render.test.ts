// renderChangelog: the Markdown a user reads, one sentence per kind of change, grouped and ordered
// the same way every time.
import { describe, expect, it } from "vitest";
import type { Change, ChangeData } from "../../scripts/lib/changes/change.js";
import { renderChangelog, sentence } from "../../scripts/lib/changes/render.js";

const OP = "crm.engagements.delete";
const query = { operation: OP, subject: { kind: "query" as const, name: "engagement_type" } };
const result = { operation: OP, subject: { kind: "result" as const, name: "status" } };

describe("sentence", () => {
  const cases: [string, ChangeData][] = [
    ["Added integration Keap (`keap`)", { kind: "integration", added: true, integration: "Keap", slug: "keap" }],
    ["Removed integration Keap (`keap`)", { kind: "integration", added: false, integration: "Keap", slug: "keap" }],
    ["Added operation `crm.engagements.delete` (`DELETE /x/{id}`)", { kind: "operation", added: true, operation: OP, route: "DELETE /x/{id}" }],
    ["Removed operation `crm.engagements.delete` (`DELETE /x/{id}`)", { kind: "operation", added: false, operation: OP, route: "DELETE /x/{id}" }],
    ["`crm.engagements.delete` is now `POST /x/{id}/delete` (was `DELETE /x/{id}`)", { kind: "route", operation: OP, from: "DELETE /x/{id}", to: "POST /x/{id}/delete" }],
    ["Added an optional request body to `crm.engagements.delete`: its resource method now takes it before the query", { kind: "body", operation: OP, added: true, required: false }],
    ["Added a required request body to `crm.engagements.delete`: its resource method now takes it before the query", { kind: "body", operation: OP, added: true, required: true }],
    ["Removed the request body of `crm.engagements.delete`: its resource method no longer takes a body argument before the query", { kind: "body", operation: OP, added: false }],
    ["The request body of `crm.engagements.delete` is now required", { kind: "body-required", operation: OP, required: true }],
    ["The request body of `crm.engagements.delete` is no longer required", { kind: "body-required", operation: OP, required: false }],
    ["The request body of `crm.engagements.delete` now refuses fields it does not list", { kind: "body-closed", operation: OP, closed: true }],
    ["The request body of `crm.engagements.delete` no longer refuses fields it does not list", { kind: "body-closed", operation: OP, closed: false }],
    ["The records of `crm.engagements.delete` are now in `result[]` (were in the body)", { kind: "records-at", operation: OP, from: "body", to: "result[]" }],
    ["The records of `crm.engagements.delete` are now in the body (were in `result`)", { kind: "records-at", operation: OP, from: "result", to: "body" }],
    ["Added optional query parameter `engagement_type` to `crm.engagements.delete`", { ...query, kind: "presence", added: true, required: false }],
    ["Added required query parameter `engagement_type` to `crm.engagements.delete`", { ...query, kind: "presence", added: true, required: true }],
    ["Removed path parameter `id` from `crm.engagements.delete`", { ...query, subject: { kind: "path", name: "id" }, kind: "presence", added: false }],
    ["Removed body field `subject` from `crm.engagements.delete`", { ...query, subject: { kind: "body", name: "subject" }, kind: "presence", added: false }],
    ["Added result field `status` to `crm.engagements.delete`", { ...result, kind: "presence", added: true, required: true }],
    ["Query parameter `engagement_type` of `crm.engagements.delete` is now required", { ...query, kind: "required", required: true }],
    ["Query parameter `engagement_type` of `crm.engagements.delete` is no longer required", { ...query, kind: "required", required: false }],
    ["Result field `status` of `crm.engagements.delete` is now always present", { ...result, kind: "required", required: true }],
    ["Result field `status` of `crm.engagements.delete` is no longer always present", { ...result, kind: "required", required: false }],
    ["Query parameter `engagement_type` of `crm.engagements.delete` is now `array of string` (was `string`)", { ...query, kind: "type", from: "string", to: "array of string" }],
    ["Query parameter `engagement_type` of `crm.engagements.delete` now allows `video`, `sms`", { ...query, kind: "values", added: true, values: ["video", "sms"] }],
    ["Query parameter `engagement_type` of `crm.engagements.delete` no longer allows `note`", { ...query, kind: "values", added: false, values: ["note"] }],
    ["Result field `status` of `crm.engagements.delete` can now be `won`", { ...result, kind: "values", added: true, values: ["won"] }],
    ["Result field `status` of `crm.engagements.delete` can no longer be `lost`", { ...result, kind: "values", added: false, values: ["lost"] }],
    ["Query parameter `engagement_type` of `crm.engagements.delete` is now limited to `call`, `note`", { ...query, kind: "limited", limited: true, values: ["call", "note"] }],
    ["Result field `status` of `crm.engagements.delete` is no longer limited to `open`", { ...result, kind: "limited", limited: false, values: ["open"] }],
    ["Keap now supports query parameter `engagement_type` of `crm.engagements.delete`", { ...query, kind: "support", integration: "Keap", added: true, required: false }],
    ["Keap now supports and requires query parameter `engagement_type` of `crm.engagements.delete`, allowing `email`", { ...query, kind: "support", integration: "Keap", added: true, required: true, values: ["email"] }],
    ["Keap now supports and always returns result field `status` of `crm.engagements.delete`, returning `open`", { ...result, kind: "support", integration: "Keap", added: true, required: true, values: ["open"] }],
    ["Keap no longer supports query parameter `engagement_type` of `crm.engagements.delete`", { ...query, kind: "support", integration: "Keap", added: false }],
    ["Keap now requires query parameter `engagement_type` of `crm.engagements.delete`", { ...query, kind: "integration-required", integration: "Keap", required: true }],
    ["Keap no longer requires query parameter `engagement_type` of `crm.engagements.delete`", { ...query, kind: "integration-required", integration: "Keap", required: false }],
    ["Keap now always returns result field `status` of `crm.engagements.delete`", { ...result, kind: "integration-required", integration: "Keap", required: true }],
    ["Keap no longer always returns result field `status` of `crm.engagements.delete`", { ...result, kind: "integration-required", integration: "Keap", required: false }],
    ["Keap now allows `call` for query parameter `engagement_type` of `crm.engagements.delete`", { ...query, kind: "integration-values", integration: "Keap", added: true, values: ["call"] }],
    ["Keap no longer allows `meeting` for query parameter `engagement_type` of `crm.engagements.delete`", { ...query, kind: "integration-values", integration: "Keap", added: false, values: ["meeting"] }],
    ["Keap now returns `won` for result field `status` of `crm.engagements.delete`", { ...result, kind: "integration-values", integration: "Keap", added: true, values: ["won"] }],
    ["Keap no longer returns `lost` for result field `status` of `crm.engagements.delete`", { ...result, kind: "integration-values", integration: "Keap", added: false, values: ["lost"] }],
    ["Query parameter `engagement_type` of `crm.engagements.delete` is now supported by every integration", { ...query, kind: "every-integration" }],
    ["Query parameter `engagement_type` of `crm.engagements.delete` is now supported only by Close, Keap (was every integration)", { ...query, kind: "every-integration", only: ["Close", "Keap"] }],
    ["Query parameter `engagement_type` of `crm.engagements.delete` is now supported by no listed integration (was every integration)", { ...query, kind: "every-integration", only: [] }],
  ];

  it.each(cases)("%s", (expected, change) => {
    expect(sentence(change)).toBe(expected);
  });
});

describe("renderChangelog", () => {
  it("says so when nothing changed", () => {
    expect(renderChangelog([])).toBe("No changes for client users.\n");
  });

  it("counts in the singular", () => {
    expect(renderChangelog([{ kind: "operation", added: true, operation: OP, route: "DELETE /x/{id}", breaking: false }])).toBe(
      ["1 change, 0 breaking", "", "### `crm.engagements.delete`", "", "- Added operation `crm.engagements.delete` (`DELETE /x/{id}`)", ""].join("\n"),
    );
  });

  it("puts the integrations first, then one section per operation by operationId, breaking lines first in each, else in the given order", () => {
    const changes: Change[] = [
      { ...query, operation: "crm.notes.get", kind: "presence", added: true, required: false, breaking: false },
      { ...query, kind: "integration-values", integration: "Close", added: true, values: ["call"], breaking: false },
      { ...query, kind: "integration-values", integration: "Keap", added: false, values: ["meeting"], breaking: true },
      { ...query, kind: "integration-required", integration: "Affinity", required: false, breaking: false },
      { kind: "integration", added: true, integration: "Keap", slug: "keap", breaking: false },
      { ...result, operation: "crm.accounts.get", kind: "presence", added: false, breaking: true },
    ];
    expect(renderChangelog(changes)).toBe(`6 changes, 2 breaking

### Integrations

- Added integration Keap (\`keap\`)

### \`crm.accounts.get\`

- **breaking** Removed result field \`status\` from \`crm.accounts.get\`

### \`crm.engagements.delete\`

- **breaking** Keap no longer allows \`meeting\` for query parameter \`engagement_type\` of \`crm.engagements.delete\`
- Close now allows \`call\` for query parameter \`engagement_type\` of \`crm.engagements.delete\`
- Affinity no longer requires query parameter \`engagement_type\` of \`crm.engagements.delete\`

### \`crm.notes.get\`

- Added optional query parameter \`engagement_type\` to \`crm.notes.get\`
`);
  });
});
