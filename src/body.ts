// Bodies. A call's JSON body, serialized before anything is sent: a value JSON cannot carry (a
// BigInt, a cycle, a toJSON that throws) is a TrutoValidationError naming the field, not a failure
// inside openapi-fetch that would look like a lost connection. And a response body let go unread.
import { TrutoValidationError } from "./errors.js";

/**
 * Cancels a response body nobody will read, without waiting on it: its cancel rejects when the body
 * failed already or is locked (the caller reads it), and never settles while a clone of it (a tee's
 * other branch, kept by a custom fetch) is unread.
 */
export function discard(body: ReadableStream | null | undefined): void {
  body?.cancel().catch(() => {});
}

export function jsonBody(body: unknown, at: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (cause) {
    const found = findUnserializable(body, "", "", []) ?? { path: "", problem: "cannot be serialized as JSON" };
    const subject = found.path === "" ? "The JSON body" : `Body field "${found.path}"`;
    // `body.items[0]`, and `body[0]` for an item of a top-level array.
    const parameter = found.path === "" || found.path.startsWith("[") ? `body${found.path}` : `body.${found.path}`;
    throw new TrutoValidationError(parameter, `${at}: ${subject} ${found.problem}`, undefined, { cause });
  }
  // A function or a symbol (or a toJSON returning one) serializes to nothing: no body would be sent.
  if (text === undefined) {
    const problem = typeof body === "object" ? "has a toJSON() method that returns nothing JSON can carry" : `is a ${typeof body}, which JSON cannot carry`;
    throw new TrutoValidationError("body", `${at}: The JSON body ${problem}`);
  }
  return text;
}

/** The first value, in JSON.stringify's order, that makes it throw: its path and why (`key`: its key, as toJSON gets it). */
function findUnserializable(input: unknown, key: string, path: string, open: object[]): { path: string; problem: string } | undefined {
  let value = input;
  if (typeof (value as { toJSON?: unknown } | null)?.toJSON === "function") {
    try {
      value = (value as { toJSON(key: string): unknown }).toJSON(key);
    } catch {
      return { path, problem: "has a toJSON() method that throws" };
    }
  }
  if (typeof value === "bigint") return { path, problem: "is a BigInt, which JSON cannot carry (send it as a string or a number)" };
  if (typeof value !== "object" || value === null) return undefined;
  if (open.includes(value)) return { path, problem: "contains itself (a cycle), which JSON cannot carry" };
  open.push(value);
  let entries: [string, string, unknown][];
  try {
    entries = Array.isArray(value) ? value.map((item, i) => [String(i), `${path}[${i}]`, item]) : Object.entries(value).map(([name, item]) => [name, path ? `${path}.${name}` : name, item]);
  } catch {
    return { path, problem: "has a property whose getter throws" };
  }
  for (const [name, at, item] of entries) {
    const found = findUnserializable(item, name, at, open);
    if (found) return found;
  }
  open.pop();
  return undefined;
}
