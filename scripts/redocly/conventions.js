// Truto's API conventions that the lint rule, the generator and (through generated/endpoints.ts)
// the client's types must agree on. Plain ESM JavaScript so that Redocly can load it too.

/** Top-level fields of a list or custom-method response that Truto adds around the data. */
export const ENVELOPE_FIELDS = ['result', 'next_cursor', 'prev_cursor', 'result_count', 'is_partial_response'];

/**
 * Fields Truto's platform adds to every record it answers, for every integration: `remote_data`
 * (the provider's raw answer; see shared/notes/truto-api.md, "remote_data"). They take
 * `x-truto-specific: true`, like Truto's own parameters.
 */
export const TRUTO_RECORD_FIELDS = ['remote_data'];

/** The query parameter and response field that carry the cursor of the next page. */
export const CURSOR = 'next_cursor';

/** The envelope field that holds a list's records (an array, or an object with `truto_key_by`). */
export const ITEMS = 'result';

/**
 * The success response of an operation: its first 2xx status code in numeric order ("2XX" last).
 * @param {Record<string, unknown>} responses
 * @returns {string | undefined}
 */
export function successStatus(responses) {
  return Object.keys(responses ?? {})
    .filter((code) => /^2(\d\d|XX)$/.test(code))
    .sort()[0];
}

/** `Idempotency-Key` in any letter case, as Truto documents it for POST and PATCH. */
export function isIdempotencyHeader(param) {
  return param?.in === 'header' && typeof param.name === 'string' && param.name.toLowerCase() === 'idempotency-key';
}
