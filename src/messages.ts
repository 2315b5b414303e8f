// The words of every rule violation, shared by the client's checks (validate.ts, options.ts,
// query.ts…) and the mock's answers (src/mock/checks.ts), so that both say the same thing; and the
// one way a rejected value is described (its kind, never its content, which may be a secret).

/** `Query parameter "x"`, `Body field "x"`, `Path parameter "x"`. */
export type Subject = string;

export const label = {
  query: (name: string): Subject => `Query parameter "${name}"`,
  body: (name: string): Subject => `Body field "${name}"`,
  path: (name: string): Subject => `Path parameter "${name}"`,
};

export const message = {
  required: (subject: Subject) => `${subject} is required`,
  oneOf: (subject: Subject, values: readonly unknown[], got?: unknown) => `${subject} must be one of ${values.join(", ")}${gotText(got)}`,
  type: (subject: Subject, types: string | readonly string[], got?: unknown) => `${subject} must be of type ${[types].flat().join(" or ")}${got === undefined ? "" : `, got ${kind(got)}`}`,
  uuid: (subject: Subject) => `${subject} must be a UUID (e.g. 62f44730-dd91-461e-bd6a-aedd9e0ad79d)`,
  dateTime: (subject: Subject) => `${subject} must be an ISO 8601 date-time (e.g. 2024-01-31T12:00:00Z) or a valid Date`,
  notInSchema: (subject: Subject, known: readonly string[]) => `${subject} is not in the schema; expected only: ${known.join(", ")}`,
  requiredBy: (subject: Subject, integration: string, values?: readonly unknown[]) => `${subject} is required for ${integration}${values ? ` (allowed: ${values.join(", ")})` : ""}`,
  oneOfFor: (subject: Subject, values: readonly unknown[], integration: string, got: unknown) => `${subject} must be one of ${values.join(", ")} for ${integration}${gotText(got)}`,
  unsupported: (subject: Subject, integration: string, supportedBy: readonly string[]) =>
    `${subject} is not supported by ${integration} (${supportedBy.length > 0 ? `supported by: ${supportedBy.join(", ")}` : "no integration lists it"}); Truto ignores it`,
};

function gotText(got: unknown): string {
  return got === undefined ? "" : `; got ${describe(got)}`;
}

/** A plain object (any realm, or null-prototype): what JSON and query strings can carry as a record. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** The kind of a value for messages, never the value itself: `null`, `an array`, `a Map`, `an Error`, `string`… (`a URL`: U reads "you"). */
export function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value !== "object") return typeof value;
  if (isPlainObject(value)) return "an object";
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? `${/^[AEIO]/.test(name) ? "an" : "a"} ${name}` : "a non-plain object";
}

/** A short string as JSON (enum values are short), anything else by its kind: long input may be sensitive. */
export function describe(value: unknown): string {
  return typeof value === "string" && value.length <= 40 ? JSON.stringify(value) : kind(value);
}
