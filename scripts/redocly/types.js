// The shapes of the x-truto-* extensions, as Redocly node types: Redocly's own `struct` rule then
// reports a wrong type or an unknown key in them, and truto/x-truto-support keeps the checks that
// need more than one node (known slugs, values within the enum, which node needs what) and `false`
// where only `true` means something.

const SUPPORT_ENTRY = {
  properties: {
    // `true` only; Redocly's enum check needs string values, so the rule checks `false`.
    required: { type: 'boolean' },
    // Any enum's values (strings, numbers, booleans): the rule checks each is in the schema's enum.
    values: { type: 'array' },
    note: { type: 'string' },
  },
};

/** @type {(types: Record<string, any>) => Record<string, any>} */
export function trutoTypes(types) {
  const extensions = {
    'x-truto-support': 'TrutoSupport',
    'x-truto-specific': { type: 'boolean' },
    'x-truto-references': 'TrutoReferences',
  };
  return {
    ...types,
    TrutoIntegrations: { properties: {}, additionalProperties: 'TrutoIntegration' },
    TrutoIntegration: { properties: { name: { type: 'string' } }, required: ['name'] },
    TrutoSupport: { properties: {}, additionalProperties: 'TrutoSupportEntry' },
    TrutoSupportEntry: SUPPORT_ENTRY,
    TrutoReferences: { properties: { resource: { type: 'string' }, field: { type: 'string' } }, required: ['resource', 'field'] },
    Root: { ...types.Root, properties: { ...types.Root.properties, 'x-truto-integrations': 'TrutoIntegrations' } },
    Parameter: { ...types.Parameter, properties: { ...types.Parameter.properties, ...extensions } },
    Schema: { ...types.Schema, properties: { ...types.Schema.properties, ...extensions } },
  };
}
