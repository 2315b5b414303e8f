// Builds an operation's code samples (curl, JavaScript fetch, Python requests, this project's
// client) from its definition alone: method, server URL, path with each path parameter's example,
// the required query parameters with their examples, and the bearer token header.

export const TOKEN_PLACEHOLDER = '<your_api_token>';
/** This project's package: what the client sample imports, and the client tab's label. */
export const CLIENT_PACKAGE = 'truto-crm-openapi';

/**
 * @typedef {{ name: string, in: string, required?: boolean, example?: unknown,
 *   examples?: Record<string, { value?: unknown }>, schema?: { example?: unknown } }} Parameter
 * @typedef {{ lang: string, label: string, source: string }} CodeSample
 * @typedef {{ operationId: string, method: string, serverUrl: string, path: string, parameters: Parameter[] }} Operation
 */

/**
 * The samples, in tab order. Throws when a path parameter or a required query parameter has no
 * example (the samples would not be runnable) or a required header or cookie parameter exists.
 * @param {Operation} operation
 * @returns {CodeSample[]}
 */
export function buildCodeSamples({ operationId, method, serverUrl, path, parameters }) {
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
    result: resultName(operationId),
  };
  return [
    { lang: 'curl', label: 'curl', source: curl(request) },
    { lang: 'JavaScript', label: 'JavaScript', source: javascript(request) },
    { lang: 'Python', label: 'Python', source: python(request) },
    { lang: 'TypeScript', label: CLIENT_PACKAGE, source: client(request, operationId) },
  ];
}

/** @typedef {{ method: string, endpoint: string, url: string, query: { name: string, value: unknown }[], pathArgs: unknown[], result: string }} Request */

/** @param {Request} r */
function curl(r) {
  return `curl -X ${r.method} ${shellQuote(r.url)} \\\n  -H ${shellQuote(`Authorization: Bearer ${TOKEN_PLACEHOLDER}`)}`;
}

/** @param {Request} r */
function javascript(r) {
  return [
    `const response = await fetch(${JSON.stringify(r.url)}, {`,
    `  method: ${JSON.stringify(r.method)},`,
    `  headers: { Authorization: ${JSON.stringify(`Bearer ${TOKEN_PLACEHOLDER}`)} },`,
    '});',
    `const ${r.result} = await response.json();`,
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
    `    headers={"Authorization": ${JSON.stringify(`Bearer ${TOKEN_PLACEHOLDER}`)}},`,
    ')',
    `${r.result} = response.json()`,
  ].join('\n');
}

/**
 * The resource method named by the dotted operationId; path parameters positional (in path
 * order), then the query object.
 * @param {Request} r @param {string} operationId
 */
function client(r, operationId) {
  const pathArgs = r.pathArgs.map((value) => `${JSON.stringify(String(value))}, `).join('');
  const entries = r.query.map(({ name, value }) => `  ${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}: ${JSON.stringify(value)},`);
  const call = `const ${r.result} = await truto.${operationId}(${pathArgs}`;
  return [
    `import { createTrutoClient } from ${JSON.stringify(CLIENT_PACKAGE)};`,
    'const truto = createTrutoClient({ token: process.env.TRUTO_API_TOKEN! });',
    ...(entries.length ? [`${call}{`, ...entries, '});'] : [`${call}{});`]),
  ].join('\n');
}

/** @param {Parameter} param @param {string} where */
function exampleOf(param, where) {
  const value = param.example ?? param.schema?.example ?? Object.values(param.examples ?? {})[0]?.value;
  if (value === undefined) throw new Error(`${where}: parameter "${param.name}" needs an example for the code samples`);
  if (typeof value === 'object' && value !== null) throw new Error(`${where}: parameter "${param.name}": only scalar examples fit the code samples`);
  return value;
}

/** "crm.engagements.delete" -> "engagement": the resource, singular. @param {string} operationId */
function resultName(operationId) {
  const resource = operationId.split('.').slice(-2)[0];
  return resource.replace(/ies$/, 'y').replace(/s$/, '');
}

/** @param {string} text */
function shellQuote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
