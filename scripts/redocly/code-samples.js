// Builds an operation's code samples (curl, JavaScript fetch, Python requests, this project's
// client) from its definition alone: method, server URL, path with each path parameter's example,
// the required query parameters with their examples, the JSON body built from its fields'
// examples, and the bearer token header.

export const TOKEN_PLACEHOLDER = '<your_api_token>';
/** This project's package: what the client sample imports, and the client tab's label. */
export const CLIENT_PACKAGE = 'truto-crm-openapi';

/**
 * @typedef {{ name: string, in: string, required?: boolean, example?: unknown,
 *   examples?: Record<string, { value?: unknown }>, schema?: { example?: unknown } }} Parameter
 * @typedef {{ lang: string, label: string, source: string }} CodeSample
 * @typedef {{ type?: unknown, example?: unknown, required?: string[], properties?: Record<string, { example?: unknown }> }} BodySchema
 * @typedef {{ operationId: string, method: string, serverUrl: string, path: string, parameters: Parameter[], body?: BodySchema,
 *   hasResult?: boolean }} Operation
 */

/**
 * The samples, in tab order. Throws when a path parameter, a required query parameter or a required
 * body field has no example (the samples would not be runnable) or a required header or cookie
 * parameter exists. `body` is the JSON request body's schema, its properties resolved; `hasResult`
 * is false when the success response has no JSON body.
 * @param {Operation} operation
 * @returns {CodeSample[]}
 */
export function buildCodeSamples({ operationId, method, serverUrl, path, parameters, body: bodySchema, hasResult = true }) {
  const where = `${method.toUpperCase()} ${path}`;
  for (const p of parameters) {
    if (p.required && (p.in === 'header' || p.in === 'cookie')) {
      throw new Error(`${where}: required ${p.in} parameter "${p.name}" is not supported by the code samples`);
    }
  }
  const pathArgs = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => {
    const param = parameters.find((p) => p.in === 'path' && p.name === name);
    if (!param) throw new Error(`${where}: path parameter "${name}" is not defined`);
    return exampleOf(param, where);
  });
  const query = parameters.filter((p) => p.in === 'query' && p.required).map((p) => ({ name: p.name, value: exampleOf(p, where) }));

  let i = 0;
  const filledPath = path.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(pathArgs[i++])));
  const search = query.map(({ name, value }) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`).join('&');
  const endpoint = `${serverUrl.replace(/\/+$/, '')}${filledPath}`;
  const request = {
    method: method.toUpperCase(),
    endpoint,
    url: search ? `${endpoint}?${search}` : endpoint,
    query,
    pathArgs,
    body: bodySchema && exampleBody(bodySchema, where),
    // No result to name when the success response has no body (204).
    result: hasResult ? resultName(operationId) : undefined,
  };
  return [
    { lang: 'curl', label: 'curl', source: curl(request) },
    { lang: 'JavaScript', label: 'JavaScript', source: javascript(request) },
    { lang: 'Python', label: 'Python', source: python(request) },
    { lang: 'TypeScript', label: CLIENT_PACKAGE, source: client(request, operationId) },
  ];
}

/**
 * @typedef {{ method: string, endpoint: string, url: string, query: { name: string, value: unknown }[],
 *   pathArgs: unknown[], body: unknown, result: string | undefined }} Request
 */

/** @param {Request} r */
function curl(r) {
  const lines = [`curl -X ${r.method} ${shellQuote(r.url)}`, `  -H ${shellQuote(`Authorization: Bearer ${TOKEN_PLACEHOLDER}`)}`];
  if (r.body !== undefined) lines.push(`  -H ${shellQuote('Content-Type: application/json')}`, `  -d ${shellQuote(JSON.stringify(r.body))}`);
  return lines.join(' \\\n');
}

/** @param {Request} r */
function javascript(r) {
  const authorization = `Authorization: ${JSON.stringify(`Bearer ${TOKEN_PLACEHOLDER}`)}`;
  const init =
    r.body === undefined
      ? [`  headers: { ${authorization} },`]
      : [`  headers: { ${authorization}, "Content-Type": "application/json" },`, `  body: JSON.stringify(${json(r.body, '  ')}),`];
  return [
    `const response = await fetch(${JSON.stringify(r.url)}, {`,
    `  method: ${JSON.stringify(r.method)},`,
    ...init,
    '});',
    r.result ? `const ${r.result} = await response.json();` : 'if (!response.ok) throw new Error(`${response.status}`);',
  ].join('\n');
}

/** @param {Request} r */
function python(r) {
  const params = r.query.map(({ name, value }) => `${JSON.stringify(name)}: ${JSON.stringify(String(value))}`).join(', ');
  return [
    'import requests',
    '',
    `response = requests.${r.method.toLowerCase()}(`,
    `    ${JSON.stringify(r.endpoint)},`,
    ...(params ? [`    params={${params}},`] : []),
    ...(r.body === undefined ? [] : [`    json=${pythonLiteral(r.body, '    ')},`]),
    `    headers={"Authorization": ${JSON.stringify(`Bearer ${TOKEN_PLACEHOLDER}`)}},`,
    ')',
    r.result ? `${r.result} = response.json()` : 'response.raise_for_status()',
  ].join('\n');
}

/**
 * The resource method named by the dotted operationId: path parameters positional (in path
 * order), then the body (when the operation has one), then the query object.
 * @param {Request} r @param {string} operationId
 */
function client(r, operationId) {
  const pathArgs = r.pathArgs.map((value) => `${JSON.stringify(String(value))}, `).join('');
  const body = r.body === undefined ? '' : `${json(r.body, '')}, `;
  const entries = r.query.map(({ name, value }) => `  ${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}: ${JSON.stringify(value)},`);
  const call = `${r.result ? `const ${r.result} = ` : ''}await truto.${operationId}(${pathArgs}${body}`;
  return [
    `import { createTrutoClient } from ${JSON.stringify(CLIENT_PACKAGE)};`,
    'const truto = createTrutoClient({ token: process.env.TRUTO_API_TOKEN! });',
    ...(entries.length ? [`${call}{`, ...entries, '});'] : [`${call}{});`]),
  ].join('\n');
}

/**
 * The sample body: each field that has an example, in schema order; a required field without one
 * throws. A whole-body `example` wins. @param {BodySchema} schema @param {string} where
 */
function exampleBody(schema, where) {
  if (schema.example !== undefined) return schema.example;
  if (!schema.properties) throw new Error(`${where}: a request body that is not an object needs an example for the code samples`);
  const required = new Set(schema.required ?? []);
  /** @type {Record<string, unknown>} */
  const body = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (property.example !== undefined) body[name] = property.example;
    else if (required.has(name)) throw new Error(`${where}: body field "${name}" needs an example for the code samples`);
  }
  return body;
}

/** JSON, indented by two spaces, its lines after the first prefixed with `indent`. @param {unknown} value @param {string} indent */
function json(value, indent) {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/** The same data as a Python literal (True, False, None). @param {unknown} value @param {string} indent */
function pythonLiteral(value, indent) {
  return json(value, indent).replace(/("(?:[^"\\]|\\.)*")|\btrue\b|\bfalse\b|\bnull\b/g, (match, string) =>
    string ?? { true: 'True', false: 'False', null: 'None' }[match],
  );
}

/** @param {Parameter} param @param {string} where */
function exampleOf(param, where) {
  const value = param.example ?? param.schema?.example ?? Object.values(param.examples ?? {})[0]?.value;
  if (value === undefined) throw new Error(`${where}: parameter "${param.name}" needs an example for the code samples`);
  if (typeof value === 'object' && value !== null) throw new Error(`${where}: parameter "${param.name}": only scalar examples fit the code samples`);
  return value;
}

/**
 * Words the samples' variable may not be: JavaScript's reserved words (strict mode's and the
 * module's included, and names strict mode cannot bind) and Python's keywords, in the lower case an
 * operationId's names are written in.
 */
const RESERVED = new Set([
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch',
  'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface',
  'package', 'private', 'protected', 'public', 'arguments', 'eval',
  'and', 'as', 'assert', 'async', 'def', 'del', 'elif', 'except', 'from', 'global', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
]);

/**
 * "crm.engagements.delete" -> "engagement": the resource, singular; "fixture.cases.get" ->
 * "caseRecord" and "fixture.classes.get" -> "classRecord", as a reserved word cannot name a variable. @param {string} operationId
 */
function resultName(operationId) {
  const [resource, method] = operationId.split('.').slice(-2);
  // A list answers a page of records, not one.
  if (method === 'list') return 'page';
  // addresses -> address, boxes -> box, searches -> search (not "addresse"); notes -> note.
  const name = resource.replace(/ies$|(?<=ss|x|ch|sh)es$|s$/, (ending) => (ending === 'ies' ? 'y' : ''));
  return RESERVED.has(name) ? `${name}Record` : name;
}

/** @param {string} text */
function shellQuote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
