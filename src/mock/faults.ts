// Faults the mock plays for the next requests (mock.inject), for retry, timeout and abort tests,
// and the checks inject() runs: a fault the mock could not play is refused there (a TypeError
// naming the field), never at the request it was meant for.
import { kind } from "../messages.js";

/** An exact answer: any status, a JSON value or a text body, headers. */
export interface ExactReply {
  status: number;
  /** JSON (sent as application/json), or a string sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** How an answer is delivered; without one, at once and whole. */
export interface Delivery {
  /** Wait this many milliseconds before answering. */
  slow?: number;
  /** Send the headers and the first half of the body, then nothing more until close(). */
  stall?: true;
  /** Send the headers and the first half of the body, then drop the connection. */
  cut?: true;
  /** Send the body in two halves, this many milliseconds apart. */
  trickle?: number;
}

export type Fault =
  /**
   * Truto's error body with this status (400-599); `retryAfter` adds Retry-After: a whole number of
   * seconds (RFC 9110 delta-seconds), or a string sent as it is (an HTTP-date, or a malformed value
   * to see how a client copes with one).
   */
  | ({ status: number; message?: string; retryAfter?: number | string } & Delivery)
  /** A failure of the CRM behind Truto: flagged, with the provider's body and headers. */
  | ({ remote: true; status: number; message: string; rawResponse: unknown; headers?: Record<string, string> } & Delivery)
  /** This exact answer instead of the mock's (nothing is acted on). */
  | ({ reply: ExactReply } & Delivery)
  /** The mock's own answer (acted on), delivered so. */
  | Delivery
  /** Never answer (until close()); nothing is acted on. */
  | { hang: true }
  /** Drop the connection without acting or answering. */
  | { reset: true }
  /** Act on the request (create, update, delete…), then drop the connection: the answer is lost. */
  | { lost: true };

export const MAX_FAULT_TIMES = 10_000;
const MAX_DELAY_MS = 600_000;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Visible ASCII, space and tab, and obs-text: no CR, LF or NUL.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers that frame the response: the mock sets them. */
const FRAMING = new Set(["content-length", "transfer-encoding", "connection"]);
const DELIVERY = ["slow", "stall", "cut", "trickle"];
/**
 * Each kind of fault (named by the first of these fields it has; none: a delivery) and exactly the
 * fields it plays: any other field would be ignored, so it is refused.
 */
const KIND_FIELDS = {
  status: ["status", "message", "retryAfter", ...DELIVERY],
  remote: ["remote", "status", "message", "rawResponse", "headers", ...DELIVERY],
  reply: ["reply", ...DELIVERY],
  delivery: DELIVERY,
  hang: ["hang"],
  reset: ["reset"],
  lost: ["lost"],
};
type Kind = keyof typeof KIND_FIELDS;
/** Every field a fault may have: anything else is a typo, refused rather than played as no fault. */
const FIELDS = [...new Set(Object.values(KIND_FIELDS).flat())];

function refuse(problem: string): never {
  throw new TypeError(`mock.inject: ${problem}`);
}

/** Throws a TypeError for a fault or count the mock could not play. */
export function checkFault(fault: unknown, times: unknown): asserts fault is Fault {
  if (!Number.isInteger(times) || (times as number) < 1 || (times as number) > MAX_FAULT_TIMES) refuse(`"times" must be an integer from 1 to ${MAX_FAULT_TIMES}`);
  if (fault === null || typeof fault !== "object" || Array.isArray(fault)) refuse(`the fault must be an object, got ${kind(fault)}`);
  const f = fault as Record<string, unknown>;
  for (const key of Object.keys(f)) if (!FIELDS.includes(key)) refuse(`unknown field "${key.replace(/[^\x20-\x7e]/g, "?")}"; a fault has: ${FIELDS.join(", ")}`);
  const faultKind = kindOf(f);
  for (const key of Object.keys(f)) if (!KIND_FIELDS[faultKind].includes(key)) refuse(`"${key}" is not a field of a ${faultKind} fault (its fields: ${KIND_FIELDS[faultKind].join(", ")})`);
  if (faultKind === "hang" || faultKind === "reset" || faultKind === "lost") {
    if (f[faultKind] !== true) refuse(`"${faultKind}" must be true`);
    return;
  }
  checkDelivery(f);
  if ("reply" in f) return checkReply(f.reply);
  if ("remote" in f) {
    if (f.remote !== true) refuse('"remote" must be true');
    checkStatus(f.status, 400);
    checkText("message", f.message, false);
    try {
      JSON.stringify(f.rawResponse);
    } catch {
      refuse('"rawResponse" must be JSON-serialisable');
    }
    if (f.headers !== undefined) checkHeaders(f.headers);
    return;
  }
  if (!("status" in f)) return;
  checkStatus(f.status, 400);
  checkText("message", f.message, true);
  const { retryAfter } = f;
  if (retryAfter === undefined) return;
  if (typeof retryAfter === "number") {
    // RFC 9110 delta-seconds are digits only: 0.2 or 1e21 would go on the wire as "0.2" or "1e+21".
    if (!Number.isSafeInteger(retryAfter) || retryAfter < 0) refuse('"retryAfter" must be a whole number of seconds >= 0, or a string');
  } else if (typeof retryAfter !== "string" || !HEADER_VALUE.test(retryAfter)) {
    refuse('"retryAfter" must be a number of seconds or a string without CR, LF or NUL');
  }
}

/** The kind of fault `f` is: the first kind whose own field it has, else a delivery of the mock's answer. */
function kindOf(f: Record<string, unknown>): Kind {
  return (["hang", "reset", "lost", "reply", "remote", "status"] as const).find((kind) => kind in f) ?? "delivery";
}

function checkDelivery(f: Record<string, unknown>): void {
  for (const name of ["slow", "trickle"]) {
    const ms = f[name];
    if (ms !== undefined && (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0 || ms > MAX_DELAY_MS)) refuse(`"${name}" must be a number of milliseconds from 0 to ${MAX_DELAY_MS}`);
  }
  for (const name of ["stall", "cut"]) if (f[name] !== undefined && f[name] !== true) refuse(`"${name}" must be true`);
  if (f.stall && f.cut) refuse('"stall" and "cut" cannot be combined');
  if ((f.stall || f.cut) && f.trickle !== undefined) refuse('"trickle" cannot be combined with "stall" or "cut"');
}

function checkReply(reply: unknown): void {
  if (reply === null || typeof reply !== "object") refuse('"reply" must be an object { status, body?, headers? }');
  const { status, body, headers } = reply as ExactReply;
  checkStatus(status, 200);
  if (body !== undefined && typeof body !== "string") {
    try {
      JSON.stringify(body);
    } catch {
      refuse('"reply.body" must be a string or JSON-serialisable');
    }
  }
  if (headers !== undefined) checkHeaders(headers);
}

function checkStatus(status: unknown, min: number): void {
  if (!Number.isInteger(status) || (status as number) < min || (status as number) > 599) refuse(`"status" must be an integer from ${min} to 599, got ${typeof status === "number" ? status : typeof status}`);
}

function checkText(name: string, value: unknown, optional: boolean): void {
  if (value === undefined && optional) return;
  if (typeof value !== "string") refuse(`"${name}" must be a string, got ${typeof value}`);
}

function checkHeaders(headers: unknown): void {
  if (headers === null || typeof headers !== "object" || Array.isArray(headers)) refuse('"headers" must be an object of header names to string values');
  for (const [name, value] of Object.entries(headers as object)) {
    if (!HEADER_NAME.test(name)) refuse(`header name "${name.replace(/[^\x21-\x7e]/g, "?")}" is not a valid HTTP token`);
    if (FRAMING.has(name.toLowerCase())) refuse(`header "${name}" is set by the mock`);
    if (typeof value !== "string" || !HEADER_VALUE.test(value)) refuse(`header "${name}" must be a string without CR, LF or NUL`);
  }
}
