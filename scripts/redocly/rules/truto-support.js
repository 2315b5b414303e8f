// Lint rule `truto/x-truto-support`: validates the per-integration support data of the spec.
// The extensions' shapes (types, allowed keys, `required: true`) are Redocly node types
// (../types.js), checked by Redocly's `struct` rule; this rule checks what spans several nodes:
//
// - root `x-truto-integrations`: map of slug (lowercase letters/digits) -> { name }
// - every parameter carries either `x-truto-specific: true` (Truto's own, applies to every
//   integration) or `x-truto-support`; so does every top-level property of a JSON request body
//   and of a 2xx response body, except the envelope fields Truto wraps lists and custom-method
//   results in (`result`, `next_cursor`, …) and the fields Truto adds to every record it answers
//   (`remote_data`), which take `x-truto-specific: true`; the records inside `result` carry
//   `x-truto-support` like a top-level body's fields
// - `x-truto-support`: map of known slug -> { required?: true, values?: [...], note?: string },
//   where `values` is a non-empty, duplicate-free subset of the schema's enum
// - no parameter or property is named `__proto__`
// - an operation with a `next_cursor` query parameter has a `next_cursor` response field, and the
//   reverse (that pair is what makes a list page by cursor)
// Nested properties are checked wherever they carry the extension; under a request body's fields
// they may not carry x-truto-support yet (the client checks top-level body fields only).
import { CURSOR, ENVELOPE_FIELDS, ITEMS, TRUTO_RECORD_FIELDS, successStatus } from '../conventions.js';

const SLUG = /^[a-z0-9]+$/;
// Truto names nothing so; a caller's `{ __proto__: … }` sets the object's prototype, so no call could send it.
const PROTO = '__proto__';
const PROTO_REASON = 'the name "__proto__" cannot be a parameter or field (in an object literal it sets the prototype, so the client could not send or read it)';

/** @type {import('@redocly/openapi-core').Oas3Rule} */
export function TrutoSupport() {
  /** @type {Set<string>} */
  let known = new Set();
  // Schemas walked already (a record schema is reached from many operations): each is reported once.
  const seen = new Set();
  return {
    Root: {
      enter(root, ctx) {
        known = checkIntegrations(root['x-truto-integrations'], ctx.location.child('x-truto-integrations'), ctx);
      },
    },
    Parameter: {
      enter(param, ctx) {
        const what = `parameter "${param.name}"`;
        if (param.name === PROTO) report(ctx, ctx.location.child('name'), `${what}: ${PROTO_REASON}`);
        const specific = param['x-truto-specific'];
        // A value other than a boolean is struct's to report.
        if (specific !== undefined) {
          if (specific === false) {
            report(ctx, ctx.location.child('x-truto-specific'), `${what}: x-truto-specific must be true or absent`);
          } else if (param['x-truto-support'] !== undefined) {
            report(ctx, ctx.location.child('x-truto-support').key(), `${what}: x-truto-specific parameters apply to every integration and take no x-truto-support`);
          }
          return;
        }
        const schema = param.schema && deref(param.schema, ctx.location.child('schema'), ctx).node;
        checkSupport(param, ctx.location, what, enumOf(schema, ctx), ctx, known, true);
      },
    },
    Response: {
      enter(response, ctx) {
        if (!/^2/.test(String(ctx.key))) return;
        forEachBody(response, ctx, (body) => checkProperties(body.node, body.location, ctx, known, true, 'response', seen));
      },
    },
    RequestBody: {
      enter(requestBody, ctx) {
        forEachBody(requestBody, ctx, (body) => checkProperties(body.node, body.location, ctx, known, true, 'request', seen));
      },
    },
    Operation: {
      enter(operation, ctx) {
        checkCursorPair(operation, ctx);
      },
    },
  };
}

/** Calls `check` with each media type's schema of a request body or response, $ref resolved. */
function forEachBody(node, ctx, check) {
  for (const [type, media] of Object.entries(node.content ?? {})) {
    if (media.schema) check(deref(media.schema, ctx.location.child(['content', type, 'schema']), ctx));
  }
}

/** A `next_cursor` query parameter and a `next_cursor` field of the success body come together. */
function checkCursorPair(operation, ctx) {
  const inQuery = (operation.parameters ?? []).some((raw) => {
    const param = ctx.resolve(raw).node;
    return param?.in === 'query' && param.name === CURSOR;
  });
  const status = successStatus(operation.responses);
  const response = status && ctx.resolve(operation.responses[status]).node;
  const schema = response?.content?.['application/json']?.schema;
  const inBody = hasProperty(schema && ctx.resolve(schema).node, CURSOR, ctx);
  if (inQuery === inBody) return;
  const what = `operation "${operation.operationId}"`;
  report(
    ctx,
    ctx.location.child(inQuery ? 'parameters' : 'responses').key(),
    inQuery
      ? `${what} has a "${CURSOR}" query parameter but its ${status ?? '2xx'} response has no "${CURSOR}" field (both, or neither)`
      : `${what} answers "${CURSOR}" but has no "${CURSOR}" query parameter to send it back (both, or neither)`,
  );
}

/**
 * Walks a schema's properties (and array items), following $refs, checking each property's
 * extension; `mustHave` is true for the top level of a request or response body, where `body`
 * says which ("response" bodies may hold the envelope fields).
 */
function checkProperties(schema, location, ctx, known, mustHave, body, seen) {
  // A schema under a request body and under a response is walked for each: the rules differ.
  const key = `${location.absolutePointer} ${mustHave} ${body === 'request'}`;
  if (!schema || typeof schema !== 'object' || seen.has(key)) return;
  seen.add(key);
  if (schema.items) {
    const items = deref(schema.items, location.child('items'), ctx);
    checkProperties(items.node, items.location, ctx, known, mustHave && body === 'records', body, seen);
  }
  // The parts of an allOf are one object: their properties are this level's.
  (schema.allOf ?? []).forEach((raw, i) => {
    const part = deref(raw, location.child(['allOf', i]), ctx);
    checkProperties(part.node, part.location, ctx, known, mustHave, body, seen);
  });
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const rawLocation = location.child(['properties', name]);
    const prop = deref(raw, rawLocation, ctx);
    const what = `property "${name}"`;
    if (name === PROTO) report(ctx, rawLocation.key(), `${what}: ${PROTO_REASON}`);
    const envelope = mustHave && body === 'response' && ENVELOPE_FIELDS.includes(name);
    const trutoField = mustHave && (body === 'response' || body === 'records') && TRUTO_RECORD_FIELDS.includes(name);
    // Siblings of $ref (description, x-truto-*) sit on the raw node, in the referring file.
    if (envelope) checkTrutoField(raw, rawLocation, what, 'an envelope field of Truto\'s', ctx);
    else if (trutoField) checkTrutoField(raw, rawLocation, what, 'a field Truto adds to every record', ctx);
    else if (!mustHave && body === 'request' && raw['x-truto-support'] !== undefined) {
      report(ctx, rawLocation.child('x-truto-support').key(), `${what}: x-truto-support under a request body field is not supported yet (the client checks the body's top-level fields only); give it to the top-level field`);
    } else if (raw['x-truto-specific'] !== undefined) {
      report(ctx, rawLocation.child('x-truto-specific').key(), `${what}: only the envelope fields of a response (${ENVELOPE_FIELDS.join(', ')}) and a record's top-level ${TRUTO_RECORD_FIELDS.join(', ')} take x-truto-specific`);
    } else checkSupport(raw, rawLocation, what, enumOf(prop.node, ctx), ctx, known, mustHave);
    // The records of a list or custom method carry support data like a top-level body's fields.
    const records = envelope && name === ITEMS;
    checkProperties(prop.node, prop.location, ctx, known, records, records ? 'records' : body, seen);
  }
}

/** An envelope field, or a field Truto adds to every record: `x-truto-specific: true`, no support map. */
function checkTrutoField(raw, location, what, kind, ctx) {
  if (raw['x-truto-support'] !== undefined) {
    report(ctx, location.child('x-truto-support').key(), `${what}: ${kind} takes x-truto-specific: true, not x-truto-support (it is not per integration)`);
  } else if (raw['x-truto-specific'] !== true) {
    report(ctx, location.key(), `${what}: ${kind} needs x-truto-specific: true`);
  }
}

function checkIntegrations(integrations, location, ctx) {
  const slugs = new Set();
  if (!isPlainObject(integrations)) {
    report(ctx, location.key(), 'x-truto-integrations must be a map of integration slug to { name }');
    return slugs;
  }
  for (const [slug, value] of Object.entries(integrations)) {
    if (!SLUG.test(slug)) {
      report(ctx, location.child(slug).key(), `x-truto-integrations: slug "${slug}" must be lowercase letters and digits only`);
    }
    // A missing or non-string name is struct's to report; an empty one is not.
    if (typeof value?.name === 'string' && value.name.trim() === '') {
      report(ctx, location.child([slug, 'name']), `x-truto-integrations: "${slug}" needs a non-empty display name in "name"`);
    }
    slugs.add(slug);
  }
  return slugs;
}

function checkSupport(node, location, what, allowedValues, ctx, known, mustHave) {
  const support = node['x-truto-support'];
  const at = location.child('x-truto-support');
  if (support === undefined) {
    if (mustHave) report(ctx, location.key(), `${what} has no x-truto-support (use {} when the reference page lists no integration)`);
    return;
  }
  // Not a map, or an entry not an object: struct reports it.
  if (!isPlainObject(support)) return;
  for (const [slug, entry] of Object.entries(support)) {
    const entryAt = at.child(slug);
    if (!known.has(slug)) {
      report(ctx, entryAt.key(), `${what}: unknown integration "${slug}" in x-truto-support (known: ${[...known].join(', ')})`);
    }
    if (!isPlainObject(entry)) continue;
    if (entry.required === false) {
      report(ctx, entryAt.child('required'), `${what}: x-truto-support.${slug}.required must be true (omit it when not required)`);
    }
    if (typeof entry.note === 'string' && entry.note.trim() === '') {
      report(ctx, entryAt.child('note'), `${what}: x-truto-support.${slug}.note must be a non-empty string`);
    }
    if ('values' in entry) checkValues(entry.values, entryAt.child('values'), `${what}: x-truto-support.${slug}.values`, allowedValues, ctx);
  }
}

function checkValues(values, location, what, allowedValues, ctx) {
  if (!allowedValues) {
    report(ctx, location.key(), `${what}: the schema has no enum, so no values can be listed`);
    return;
  }
  if (!Array.isArray(values)) return;
  if (values.length === 0) {
    report(ctx, location, `${what} must not be empty`);
    return;
  }
  const seen = new Set();
  values.forEach((value, i) => {
    // As JSON: the string "10" and the number 10 are told apart.
    if (seen.has(value)) report(ctx, location.child(i), `${what} lists ${JSON.stringify(value)} twice`);
    else if (!allowedValues.includes(value)) report(ctx, location.child(i), `${what}: ${JSON.stringify(value)} is not in the schema's enum (${allowedValues.join(', ')})`);
    seen.add(value);
  });
}

/** The enum of a schema, or of its array items. */
function enumOf(schema, ctx) {
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum;
  if (schema.items) return enumOf(ctx.resolve(schema.items).node, ctx);
  return undefined;
}

/** Whether an object schema (its allOf parts included) has the property `name`. */
function hasProperty(schema, name, ctx) {
  if (!schema) return false;
  if (schema.properties?.[name]) return true;
  return (schema.allOf ?? []).some((part) => hasProperty(ctx.resolve(part).node, name, ctx));
}

/** Resolves a possible $ref, keeping track of where the node really lives. */
function deref(node, location, ctx) {
  if (!node || typeof node.$ref !== 'string') return { node, location };
  const resolved = ctx.resolve(node, location.source.absoluteRef);
  return { node: resolved.node, location: resolved.location ?? location };
}

function report(ctx, location, message) {
  ctx.report({ message, location });
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
