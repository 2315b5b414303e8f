// The scenario `npm run test:runtimes` runs on every runtime (Node, Bun, Deno, workerd), from the
// installed tarball, against the mock Truto of the parent process. It only observes: it returns
// what each call settled with, as JSON, and scripts/test-runtimes.ts holds the exact expectations
// and reads what the mock received. `config` comes from the parent (see runtimeConfig there):
// { url, control, token, accounts: { capsule, keap }, capsuleAccountToken, ids: { <step>: id } }.
import { NotFoundError, TrutoValidationError, createTrutoClient } from "truto-crm-openapi";

export async function runScenario(config) {
  const { ids } = config;
  const capsule = { integrated_account_id: config.accounts.capsule };
  const truto = createTrutoClient({ token: config.token, baseUrl: config.url });
  const keap = createTrutoClient({ token: config.token, baseUrl: config.url, integration: "keap" });
  const page = createTrutoClient({ integratedAccountToken: config.capsuleAccountToken, baseUrl: config.url });
  const control = parentControl(config.control);

  const results = {};
  results.delete = await outcome(truto.crm.engagements.delete(ids.delete, capsule));
  results.refusal = await outcome(
    keap.crm.engagements.delete(ids.refusal, { integrated_account_id: config.accounts.keap, engagement_type: "note" }),
    TrutoValidationError,
  );
  results.notFound = await outcome(truto.crm.engagements.delete(ids.notFound, capsule), NotFoundError);
  await control("inject/retry");
  results.retry = await outcome(truto.crm.engagements.delete(ids.retry, capsule));
  results.accountToken = await outcome(page.crm.engagements.delete(ids.accountToken, {}));
  // Last: should the abort ever win a race with the mock taking its slow fault, no later step can
  // be handed that fault.
  results.abort = await abortInFlight(truto, ids.abort, capsule, control);
  return results;
}

/** A call's outcome in plain JSON: the record's id, or the error's name, message, status and class. */
async function outcome(call, expectedClass = Error) {
  try {
    const { id } = await call;
    return { id };
  } catch (error) {
    return { error: error.name, message: error.message, status: error.status, [`instanceof ${expectedClass.name}`]: error instanceof expectedClass };
  }
}

/**
 * Aborts a call while the mock holds its request (a slow fault): the parent answers "arrived" once
 * the mock has the request in hand, so the abort never depends on timing.
 */
async function abortInFlight(truto, id, query, control) {
  await control("inject/abort");
  const controller = new AbortController();
  const reason = new Error("the scenario aborted this call");
  const call = truto.crm.engagements.delete(id, query, { signal: controller.signal });
  await control("arrived");
  controller.abort(reason);
  try {
    await call;
    return { resolved: true };
  } catch (error) {
    return { rejectedWithTheReason: error === reason, message: error.message };
  }
}

/** Asks the parent to act on its mock: `inject/<step>` queues that step's fault, `arrived` waits for its request. */
function parentControl(base) {
  return async (action) => {
    const response = await fetch(new URL(action, base), { method: "POST" });
    if (response.status !== 204) throw new Error(`control ${action}: ${response.status} ${await response.text()}`);
  };
}
