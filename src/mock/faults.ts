// Faults the mock injects for retry tests, and the checks inject() runs when it is called: a bad
// fault is refused there (a TypeError naming the field), never at the request it was meant for.
export type Fault =
  /** Truto's error body with this status (400-599); `retryAfter` (seconds, or an HTTP-date) adds Retry-After. */
  | { status: number; message?: string; retryAfter?: number | string }
  /** A failure of the CRM behind Truto: flagged, with the provider's body and headers. */
  | { remote: true; status: number; message: string; rawResponse: unknown; headers?: Record<string, string> }
  /** Answer normally, after `ms`. */
  | { slow: number }
  /** Drop the connection without acting or answering. */
  | { reset: true }
  /** Act on the request (create, update, delete…), then drop the connection: the answer is lost. */
  | { lost: true };

export const MAX_FAULT_TIMES = 10_000;
const MAX_SLOW_MS = 600_000;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Visible ASCII, space and tab, and obs-text: no CR, LF or NUL.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers that frame the response: the mock sets them. */
const FRAMING = new Set(["content-length", "transfer-encoding", "connection", "content-type"]);

function refuse(problem: string): never {
  throw new TypeError(`mock.inject: ${problem}`);
}

function checkStatus(status: unknown): void {
  if (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599) refuse(`"status" must be an integer from 400 to 599, got ${typeof status === "number" ? status : typeof status}`);
}

function checkText(name: string, value: unknown, optional: boolean): void {
  if (value === undefined && optional) return;
  if (typeof value !== "string") refuse(`"${name}" must be a string, got ${typeof value}`);
}

/** Throws a TypeError for a fault or count the mock could not play. */
export function checkFault(fault: unknown, times: unknown): asserts fault is Fault {
  if (!Number.isInteger(times) || (times as number) < 1 || (times as number) > MAX_FAULT_TIMES) refuse(`"times" must be an integer from 1 to ${MAX_FAULT_TIMES}`);
  if (fault === null || typeof fault !== "object" || Array.isArray(fault)) refuse(`the fault must be an object, got ${fault === null ? "null" : typeof fault}`);
  const f = fault as Record<string, unknown>;
  if ("reset" in f) {
    if (f.reset !== true) refuse('"reset" must be true');
    return;
  }
  if ("lost" in f) {
    if (f.lost !== true) refuse('"lost" must be true');
    return;
  }
  if ("slow" in f) {
    if (typeof f.slow !== "number" || !Number.isFinite(f.slow) || f.slow < 0 || f.slow > MAX_SLOW_MS) refuse(`"slow" must be a number of milliseconds from 0 to ${MAX_SLOW_MS}`);
    return;
  }
  checkStatus(f.status);
  if ("remote" in f) {
    if (f.remote !== true) refuse('"remote" must be true');
    checkText("message", f.message, false);
    try {
      JSON.stringify(f.rawResponse);
    } catch {
      refuse('"rawResponse" must be JSON-serialisable');
    }
    if (f.headers !== undefined) {
      if (f.headers === null || typeof f.headers !== "object" || Array.isArray(f.headers)) refuse('"headers" must be an object of header names to string values');
      for (const [name, value] of Object.entries(f.headers)) {
        if (!HEADER_NAME.test(name)) refuse(`header name "${name.replace(/[^\x21-\x7e]/g, "?")}" is not a valid HTTP token`);
        if (FRAMING.has(name.toLowerCase())) refuse(`header "${name}" is set by the mock`);
        if (typeof value !== "string" || !HEADER_VALUE.test(value)) refuse(`header "${name}" must be a string without CR, LF or NUL`);
      }
    }
    return;
  }
  checkText("message", f.message, true);
  const { retryAfter } = f;
  if (retryAfter === undefined) return;
  if (typeof retryAfter === "number") {
    if (!Number.isFinite(retryAfter) || retryAfter < 0) refuse('"retryAfter" must be a finite number of seconds >= 0, or a string');
  } else if (typeof retryAfter !== "string" || !HEADER_VALUE.test(retryAfter)) {
    refuse('"retryAfter" must be a number of seconds or a string without CR, LF or NUL');
  }
}
