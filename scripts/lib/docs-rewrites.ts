// The docs' copy of the bundle, rewritten where Redoc would show it wrong (scripts/docs.ts; the
// committed bundle is not changed): query examples in the client's query format, and descriptions
// without the soft line breaks its search index drops.
import { serializeQuery } from "../../src/query.js";
import type { BundledSpec } from "./spec.js";

// Query parameter examples in the docs, as the query string the client sends. Redoc prints an
// `examples` entry of a query parameter as `name=<JSON>` (`truto_exclude_fields=["id","name"]`,
// `remote_query={"foo":"bar"}`) and an array `example` as `name=a&name=b`: neither is Truto's
// bracket format. So, for the docs only (scripts/docs.ts, on its copy of the bundle), every query
// parameter whose example is an array or an object loses `example`/`examples` and its description
// gains one line per example, `Example: \`<serializeQuery({ [name]: value })>\``, as the reference
// page writes it. Scalar examples (`integrated_account_id=…`) stay Redoc's, which prints them right.

interface ExampleParameter {
  $ref?: string;
  name?: string;
  in?: string;
  description?: string;
  example?: unknown;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const isStructured = (value: unknown) => typeof value === "object" && value !== null;

/** Rewrites, in place, every query parameter of `spec` (components and inline) with an array or object example. */
export function wireExamples(spec: BundledSpec): void {
  const parameters: ExampleParameter[] = [
    ...Object.values((spec.components?.parameters ?? {}) as Record<string, ExampleParameter>),
    ...Object.values(spec.paths).flatMap((item) => [
      ...((item.parameters ?? []) as ExampleParameter[]),
      ...METHODS.flatMap((method) => (item[method]?.parameters ?? []) as ExampleParameter[]),
    ]),
  ];
  for (const parameter of parameters) {
    if (parameter.$ref !== undefined || parameter.in !== "query" || parameter.name === undefined) continue;
    const values = parameter.examples ? Object.values(parameter.examples).map((example) => example.value) : [parameter.example];
    if (!values.some(isStructured)) continue;
    if (parameter.examples && Object.values(parameter.examples).some((example) => example.$ref !== undefined)) {
      throw new Error(`Query parameter "${parameter.name}": a $ref example cannot be shown in the docs' query format`);
    }
    const name = parameter.name;
    const lines = values.filter((value) => value !== undefined).map((value) => `Example: \`${serializeQuery({ [name]: value })}\``);
    parameter.description = [parameter.description?.trimEnd(), ...lines].filter(Boolean).join("\n\n");
    delete parameter.example;
    delete parameter.examples;
  }
}

// Soft line breaks in the docs. Redoc renders a Markdown soft break as a space but its search index
// drops it, gluing the words around it ("behind the integrated\naccount" is indexed and shown as
// "integratedaccount"). So, for the docs only, every description (and info.description) has its
// paragraphs' lines joined with a space; blank lines, list items, table rows, headings, quotes,
// indented and fenced code keep their line breaks.

const BLOCK_LINE = /^\s*(?:[-*+] |\d+[.)] |\||#|>|```|~~~)|^ {4}/;

/** `markdown` with each soft line break inside a paragraph turned into a space. */
export function unwrapSoftBreaks(markdown: string): string {
  const out: string[] = [];
  let fenced = false;
  let joinable = false;
  for (const line of markdown.split("\n")) {
    const fence = /^\s*(?:```|~~~)/.test(line);
    if (!fenced && joinable && line.trim() !== "" && !BLOCK_LINE.test(line)) {
      out[out.length - 1] = `${out[out.length - 1]!.trimEnd()} ${line.trim()}`;
      continue;
    }
    out.push(line);
    if (fence) fenced = !fenced;
    // A paragraph's line takes the next one; so does a list item's (its continuation), never a table row, heading or code.
    joinable = !fenced && !fence && line.trim() !== "" && !/^\s*(?:\||#|>)|^ {4}/.test(line);
  }
  return out.join("\n");
}

/** Unwraps every `description` of `spec` in place (see unwrapSoftBreaks). */
export function unwrapDescriptions(node: unknown): void {
  if (Array.isArray(node)) for (const item of node) unwrapDescriptions(item);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "description" && typeof value === "string") (node as Record<string, unknown>)[key] = unwrapSoftBreaks(value);
      else unwrapDescriptions(value);
    }
  }
}
