// Lint rule `truto/x-truto-support`: validates the per-integration support data of the spec.
//
// - root `x-truto-integrations`: map of slug (lowercase letters/digits) -> { name }
// - every parameter carries either `x-truto-specific: true` (Truto's own, applies to every
//   integration) or `x-truto-support`; so does every top-level property of a 2xx response body
// - `x-truto-support`: map of known slug -> { required?: true, values?: [...], note?: string },
//   where `values` is a non-empty, duplicate-free subset of the schema's enum
// Nested properties are checked wherever they carry the extension.

const SLUG = /^[a-z0-9]+$/;
const ENTRY_KEYS = ['required', 'values', 'note'];

/** @type {import('@redocly/openapi-core').Oas3Rule} */
export function TrutoSupport() {
  /** @type {Set<string>} */
  let known = new Set();
  return {
    Root: {
      enter(root, ctx) {
        known = checkIntegrations(root['x-truto-integrations'], ctx.location.child('x-truto-integrations'), ctx);
      },
    },
    Parameter: {
      enter(param, ctx) {
        const what = `parameter "${param.name}"`;
        const specific = param['x-truto-specific'];
        if (specific !== undefined) {
          if (specific !== true) {
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
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (!media.schema) continue;
          const body = deref(media.schema, ctx.location.child(['content', type, 'schema']), ctx);
          checkProperties(body.node, body.location, ctx, known, true);
        }
      },
    },
  };
}

/**
 * Walks a schema's properties (and array items), following $refs, checking each property's
 * extension; `mustHave` is true for the top level of a response body.
 */
function checkProperties(schema, location, ctx, known, mustHave, seen = new Set()) {
  if (!schema || typeof schema !== 'object' || seen.has(location.absolutePointer)) return;
  seen.add(location.absolutePointer);
  if (schema.items) {
    const items = deref(schema.items, location.child('items'), ctx);
    checkProperties(items.node, items.location, ctx, known, false, seen);
  }
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const rawLocation = location.child(['properties', name]);
    const prop = deref(raw, rawLocation, ctx);
    // Siblings of $ref (description, x-truto-*) sit on the raw node, in the referring file.
    checkSupport(raw, rawLocation, `property "${name}"`, enumOf(prop.node, ctx), ctx, known, mustHave);
    checkProperties(prop.node, prop.location, ctx, known, false, seen);
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
    if (!isPlainObject(value) || typeof value.name !== 'string' || value.name.trim() === '') {
      report(ctx, location.child(slug), `x-truto-integrations: "${slug}" needs a non-empty display name in "name"`);
    } else {
      for (const key of Object.keys(value)) {
        if (key !== 'name') report(ctx, location.child([slug, key]).key(), `x-truto-integrations: "${slug}" has unknown key "${key}"`);
      }
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
  if (!isPlainObject(support)) {
    report(ctx, at, `${what}: x-truto-support must be a map of integration slug to support entry`);
    return;
  }
  for (const [slug, entry] of Object.entries(support)) {
    const entryAt = at.child(slug);
    if (!known.has(slug)) {
      report(ctx, entryAt.key(), `${what}: unknown integration "${slug}" in x-truto-support (known: ${[...known].join(', ')})`);
    }
    if (!isPlainObject(entry)) {
      report(ctx, entryAt, `${what}: x-truto-support.${slug} must be an object ({}, { required: true }, { values: [...] })`);
      continue;
    }
    for (const key of Object.keys(entry)) {
      if (!ENTRY_KEYS.includes(key)) report(ctx, entryAt.child(key).key(), `${what}: x-truto-support.${slug} has unknown key "${key}" (allowed: ${ENTRY_KEYS.join(', ')})`);
    }
    if ('required' in entry && entry.required !== true) {
      report(ctx, entryAt.child('required'), `${what}: x-truto-support.${slug}.required must be true (omit it when not required)`);
    }
    if ('note' in entry && (typeof entry.note !== 'string' || entry.note.trim() === '')) {
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
  if (!Array.isArray(values) || values.length === 0) {
    report(ctx, location, `${what} must be a non-empty array`);
    return;
  }
  const seen = new Set();
  values.forEach((value, i) => {
    if (seen.has(value)) report(ctx, location.child(i), `${what} lists "${value}" twice`);
    else if (!allowedValues.includes(value)) report(ctx, location.child(i), `${what}: "${value}" is not in the schema's enum (${allowedValues.join(', ')})`);
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
