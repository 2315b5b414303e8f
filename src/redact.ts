// Redaction: every token the client has sent is replaced by "[REDACTED]" in what an error reports
// (bodies, response headers, a SyntaxError's message), so that no error, log or retry event can
// carry it. It travels only in the Authorization header.

const REDACTED = "[REDACTED]";

/** `value` (a string, or parsed JSON) with each token scrubbed from every string value and key, at any depth. */
export function scrubTokens<T>(value: T, tokens: readonly string[]): T {
  for (const token of longestFirst(tokens)) value = scrubToken(value, token);
  return value;
}

/**
 * The tokens, longest first: a token may hold another whole (a token function's new token, an old
 * one with a suffix), and scrubbing the shorter first would leave the longer's rest in plain text.
 */
function longestFirst(tokens: readonly string[]): readonly string[] {
  return [...tokens].sort((a, b) => b.length - a.length);
}

/**
 * Response headers with each token scrubbed from every value and name (a copy only when one holds
 * it): a server may echo the Authorization header into `x-request-id` or a debug header. Names are
 * lower-case in a Headers, so a token is looked for in them whatever its case.
 */
export function scrubHeaders(headers: Headers, tokens: readonly string[]): Headers {
  let found = false;
  headers.forEach((value, name) => {
    found ||= tokens.some((token) => value.includes(token) || name.includes(token.toLowerCase()));
  });
  if (!found) return headers;
  const ordered = longestFirst(tokens);
  const scrubbed = new Headers();
  headers.forEach((value, name) => {
    let cleanName = name;
    let cleanValue = value;
    for (const token of ordered) {
      // "[REDACTED]" is not a valid header name; names are lower-cased, so "redacted" reads the same.
      cleanName = cleanName.split(token.toLowerCase()).join("redacted");
      cleanValue = scrubText(cleanValue, token);
    }
    scrubbed.append(cleanName, cleanValue);
  });
  return scrubbed;
}

/**
 * How many characters at the end of `text` are the beginning of one of the tokens (0 for none): a
 * text cut there was cut through that token, and no scrubbing finds a token's beginning alone.
 */
export function tokenStartAtEnd(text: string, tokens: readonly string[]): number {
  let longest = 0;
  for (const token of tokens) {
    // Stryker disable next-line EqualityOperator: at length === longest a match sets what it holds
    for (let length = Math.min(token.length, text.length); length > longest; length--) {
      if (text.endsWith(token.slice(0, length))) longest = length;
    }
  }
  return longest;
}

function scrubToken<T>(value: T, token: string): T {
  if (typeof value !== "object" || value === null) return scrubScalar(value, token);
  // Cheap test on the JSON text first: a string holding the token holds its JSON-escaped form
  // (a token is printable ASCII, so only `"` and `\` are escaped).
  const text = JSON.stringify(value);
  if (!text.includes(token.replace(/["\\]/g, "\\$&"))) return value;
  // Then a copy with every string and key scrubbed, rebuilt by JSON.parse (no recursion of ours).
  return JSON.parse(text, (_, item: unknown) => {
    if (typeof item !== "object" || item === null) return scrubScalar(item, token);
    if (Array.isArray(item)) return item;
    // fromEntries defines properties: a "__proto__" key stays a key.
    return Object.fromEntries(Object.entries(item).map(([key, field]) => [scrubText(key, token), field]));
  }) as T;
}

/** A string, number or boolean whose text holds the token becomes that text, scrubbed. */
function scrubScalar<T>(value: T, token: string): T {
  return (value === undefined || value === null || !String(value).includes(token) ? value : scrubText(String(value), token)) as T;
}

function scrubText(text: string, token: string): string {
  return text.includes(token) ? text.split(token).join(REDACTED) : text;
}
