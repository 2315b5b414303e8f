// What `npm run changes` can find between two versions of the spec, and which of those changes
// break code written against the old version (the rules are isBreaking's, and only there).
import type { RecordsAt } from "../../../src/model.js";

/** Where a parameter or field sits: the first three are sent by the caller, `result` is read back. */
export type SubjectKind = "path" | "query" | "body" | "result";

export interface Subject {
  kind: SubjectKind;
  /** As the model names it: `engagement_type`, or a nested result field `contact[].id`. */
  name: string;
}

/** The parameter or field of an operation a change is about. */
export type About = { operation: string; subject: Subject };

/** One difference, before it is judged; integrations are named by their display name. */
export type ChangeData =
  | { kind: "integration"; added: boolean; integration: string; slug: string }
  | { kind: "operation"; added: boolean; operation: string; route: string }
  | { kind: "route"; operation: string; from: string; to: string }
  /** A request body added (required or not) or removed: the resource method's arguments shift. */
  | ({ kind: "body"; operation: string } & ({ added: true; required: boolean } | { added: false }))
  | { kind: "body-required"; operation: string; required: boolean }
  /** The body now refuses fields it does not list (`additionalProperties: false`, which the client enforces), or no longer. */
  | { kind: "body-closed"; operation: string; closed: boolean }
  | { kind: "records-at"; operation: string; from: RecordsAt; to: RecordsAt }
  /** A parameter or field added (required or not) or removed. */
  | (About & { kind: "presence" } & ({ added: true; required: boolean } | { added: false }))
  | (About & { kind: "required"; required: boolean })
  | (About & { kind: "type"; from: string; to: string })
  /** Enum values added or removed. */
  | (About & { kind: "values"; added: boolean; values: string[] })
  /** An enum appeared (`limited`, its values) or went away (its old values). */
  | (About & { kind: "limited"; limited: boolean; values: string[] })
  /** An integration started supporting it (requiring it or not, and with which values, if it names them) or stopped. */
  | (About & { kind: "support"; integration: string } & ({ added: true; required: boolean; values?: string[] } | { added: false }))
  | (About & { kind: "integration-required"; integration: string; required: boolean })
  | (About & { kind: "integration-values"; added: boolean; integration: string; values: string[] })
  /** Now supported by every integration (Truto's own), or no longer: `only` by those integrations. */
  | (About & { kind: "every-integration"; only?: string[] });

export type Change = ChangeData & { breaking: boolean };

/**
 * Breaking: code written against the old version can fail against the new one. What a caller sends
 * (parameters, body fields) breaks when it is narrowed; what a caller reads (result fields) breaks
 * when it is widened or taken away. Two judgement calls:
 * - a result enum value added (for the field, or for one integration) is not breaking: Truto may
 *   answer it already, and readers must handle values they do not know (a `never` check in a switch
 *   fails to compile on upgrade, which is where it should);
 * - a type change is breaking in both directions, even a widening: rare, and a major version is the
 *   cheap side of being wrong;
 * - a request body added or removed, even an optional one, is breaking: the resource method takes
 *   the body between the path parameters and the query, so the query argument moves.
 */
export function isBreaking(change: ChangeData): boolean {
  const read = "subject" in change && change.subject.kind === "result";
  switch (change.kind) {
    case "integration":
    case "operation":
      return !change.added;
    case "route":
    case "body":
    case "records-at":
    case "type":
      return true;
    case "body-required":
      return change.required;
    case "body-closed":
      return change.closed;
    case "presence":
    case "support":
      return !change.added || (change.required && !read);
    case "required":
    case "integration-required":
      return read ? !change.required : change.required;
    case "values":
    case "integration-values":
      return !read && !change.added;
    case "limited":
      return !read && change.limited;
    case "every-integration":
      return change.only !== undefined;
  }
}
