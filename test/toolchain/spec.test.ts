// The bundled spec (generated/openapi.json) carries every fact of Truto's reference page, exactly.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PAGE_FIELDS, PAGE_INTEGRATIONS, PAGE_PARAMETERS, PROPERTY_TYPE, RESPONSE_FORMAT_LINES, pageLines, type PageField, type PageParameter } from "../fixtures/reference-page.js";

type Node = Record<string, any>;
const spec: Node = JSON.parse(readFileSync("generated/openapi.json", "utf8"));
const operation: Node = spec.paths["/unified/crm/engagements/{id}"].delete;

function deref(node: Node): Node {
  if (typeof node?.$ref !== "string") return node;
  const target = node.$ref.slice(2).split("/").reduce((at: Node, key: string) => at[key], spec);
  return deref(target);
}
/** The page's text is the first paragraph; the spec may add a wire-format note after it. */
const firstParagraph = (text: string | undefined) => text?.split("\n\n")[0]!.trim();
const parameters: Node[] = operation.parameters.map(deref);

/** x-truto-support as the page lists it: the same entries, integrations in the page's order (toEqual alone ignores key order). */
function expectSupport(actual: Node | undefined, page: Record<string, unknown>, name: string): void {
  expect(actual, name).toEqual(page);
  expect(Object.keys(actual ?? {}), `${name}: integrations in the page's order`).toEqual(Object.keys(page));
}

/** The properties of an object (or array item) schema: name -> [type, description]. */
function propertiesOf(schema: Node, isArray: boolean): Record<string, [string, string]> {
  const props = deref(isArray ? deref(schema.items) : schema).properties;
  return Object.fromEntries(Object.entries(props).map(([k, v]: [string, any]) => [k, [deref(v).type, v.description]]));
}
const pageProperties = (properties: Record<string, string>) => Object.fromEntries(Object.entries(properties).map(([k, d]) => [k, [PROPERTY_TYPE, d]]));


const engagement = deref(operation.responses["200"].content["application/json"].schema);

describe("parameters", () => {
  it("are exactly the page's, in the page's order", () => {
    expect(parameters.map((p) => p.name)).toEqual(PAGE_PARAMETERS.map((p) => p.name));
  });

  it.each(PAGE_PARAMETERS.map((p) => [p.name, p] as const))("%s matches the page", (name, page: PageParameter) => {
    matchesPage(name, page);
  });

  function matchesPage(name: string, page: PageParameter): void {
    const param = parameters.find((p) => p.name === name)!;
    const schema = deref(param.schema);
    expect(param.in).toBe(page.in);
    expect(param.required ?? undefined).toBe(page.required);
    expect(firstParagraph(param.description)).toBe(page.description);
    expect(schema.type).toBe(page.type);
    expect(schema.format).toBe(page.format);
    expect(schema.enum).toEqual(page.enum);
    expect(schema.default).toBe(page.default);
    expect(schema.items && deref(schema.items).type).toBe(page.items);
    if (page.properties) expect(propertiesOf(schema, page.type === "array")).toEqual(pageProperties(page.properties));
    expect(param["x-truto-references"]).toEqual(page.references);
    // Page examples: a value (`example`) or the wire form (the summary of an `examples` entry).
    const example = param.example ?? param.examples?.wire?.summary;
    expect(example).toEqual(page.example);
    if (page.support === undefined) {
      expect(param["x-truto-specific"]).toBe(true);
      expect(param["x-truto-support"]).toBeUndefined();
    } else {
      expectSupport(param["x-truto-support"], page.support, name);
      expect(param["x-truto-specific"]).toBeUndefined();
    }
  }

  it("wire examples carry the values they show", () => {
    const byName = Object.fromEntries(parameters.map((p) => [p.name, p]));
    expect(byName.truto_exclude_fields.examples.wire.value).toEqual(["id", "name"]);
    expect(byName.remote_query.examples.wire.value).toEqual({ foo: "bar" });
  });

  it("truto_response_format's description has each of the page's lines", () => {
    const format = parameters.find((p) => p.name === "truto_response_format")!;
    const plain = format.description.replace(/`/g, "").replace(/^- /gm, "");
    for (const line of RESPONSE_FORMAT_LINES) expect(plain).toContain(line);
  });

  it("describe the exact wire format of bracketed parameters", () => {
    const text = (name: string) => parameters.find((p) => p.name === name)!.description as string;
    expect(text("truto_exclude_fields")).toContain("`truto_exclude_fields[]=id&truto_exclude_fields[]=name`");
    expect(text("remote_query")).toContain("`remote_query[filter][status]=open`");
    expect(text("account")).toContain("`account[id]=<account id>`");
    expect(text("contact")).toContain("`contact[0][id]=<contact id>&contact[1][id]=<contact id>`");
  });
});

describe("200 response body", () => {
  it("has the page's 22 fields in its order, id required", () => {
    expect(Object.keys(engagement.properties)).toEqual(PAGE_FIELDS.map((f) => f.name));
    expect(Object.keys(engagement.properties)).toHaveLength(22);
    expect(engagement.required).toEqual(["id"]);
  });

  it("has one field of Truto's own, remote_data (x-truto-specific), whatever the page lists for it", () => {
    expect(PAGE_FIELDS.filter((f) => f.trutoOwn).map((f) => f.name)).toEqual(["remote_data"]);
    expect(Object.keys(engagement.properties).filter((name) => engagement.properties[name]["x-truto-specific"])).toEqual(["remote_data"]);
  });

  it.each(PAGE_FIELDS.map((f) => [f.name, f] as const))("%s matches the page", (name, page: PageField) => {
    const raw = engagement.properties[name];
    const schema = deref(raw);
    expect(schema.type).toBe(page.type);
    expect(schema.format).toBe(page.format);
    expect(raw.description).toBe(page.description);
    if (page.trutoOwn) {
      expect(page.support).toEqual({});
      expect(raw["x-truto-specific"]).toBe(true);
      expect(raw["x-truto-support"]).toBeUndefined();
    } else {
      expectSupport(raw["x-truto-support"], page.support, name);
      expect(raw["x-truto-specific"]).toBeUndefined();
    }
    expect(raw["x-truto-references"]).toEqual(page.references);
    expect(schema.items && deref(schema.items).type).toBe(page.items);
    if (page.type === "object" && !page.properties) expect(schema.additionalProperties).toBe(true);
    if (page.properties) expect(propertiesOf(schema, page.type === "array")).toEqual(pageProperties(page.properties));
  });
});

describe("integrations", () => {
  it("are the 11 the page names, slug -> display name", () => {
    expect(spec["x-truto-integrations"]).toEqual(Object.fromEntries(Object.entries(PAGE_INTEGRATIONS).map(([slug, name]) => [slug, { name }])));
  });

  it("are each used by some parameter or field, and nothing else is", () => {
    const used = new Set<string>();
    for (const p of [...PAGE_PARAMETERS, ...PAGE_FIELDS]) for (const slug of Object.keys(p.support ?? {})) used.add(slug);
    expect([...used].sort()).toEqual(Object.keys(PAGE_INTEGRATIONS).sort());
  });
});

describe("operation", () => {
  it("has its id, summary, tag, server, bearer auth and error responses", () => {
    expect(operation.operationId).toBe("crm.engagements.delete");
    expect(operation.summary).toBe("Delete an engagement");
    expect(operation.tags).toEqual(["Engagements"]);
    expect(spec.servers).toEqual([{ url: "https://api.truto.one" }]);
    expect(spec.security).toEqual([{ bearerAuth: [] }]);
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(Object.keys(operation.responses)).toEqual(["200", "400", "401", "404", "405", "429", "5XX"]);
    for (const code of ["400", "401", "404", "405", "429", "5XX"]) {
      expect(deref(operation.responses[code]).content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    }
    expect(deref(operation.responses["429"]).headers["Retry-After"].schema).toEqual({ type: "string" });
    expect(spec.components.schemas.Error.required).toEqual(["statusCode", "error", "message"]);
  });

  // Truto's unified API conventions (shared/notes/truto-api.md, "Errors", from truto-skills): the
  // error body is { statusCode, error, message, details? }, and on a sandbox account POST, PATCH and
  // DELETE answer 405. The reference page lists no error; these come from that source only.
  it("documents Truto's error body whole (details included) and the 405 a DELETE gets on a sandbox account", () => {
    const error = spec.components.schemas.Error;
    expect(Object.keys(error.properties)).toEqual(["statusCode", "error", "message", "details", "truto_is_remote_error", "raw_response"]);
    expect(error.properties.details).toEqual({ description: "Optional extra context; for a validation error, a `failures` array describing each invalid field." });
    expect(deref(operation.responses["405"]).description).toBe("The integrated account is a sandbox account: Truto answers POST, PATCH and DELETE on it with 405.");
  });
});

// The oracle above was typed by hand; check it against the page's own text where the page is here.
const PAGE = "../shared/reference/truto-delete-crm-engagement.txt";
describe.skipIf(!existsSync(PAGE))("the hand-written oracle against the page text", () => {
  const page = existsSync(PAGE) ? readFileSync(PAGE, "utf8") : "";
  it("every description, example and display name is on the page", () => {
    const texts = [
      ...PAGE_PARAMETERS.flatMap((p) => [p.description, typeof p.example === "string" ? p.example : undefined, ...Object.values(p.properties ?? {})]),
      ...PAGE_FIELDS.flatMap((f) => [f.description, ...Object.values(f.properties ?? {})]),
      ...Object.values(PAGE_INTEGRATIONS),
      ...RESPONSE_FORMAT_LINES.map((line) => line.replace(/^(unified|raw|normalized|stream) /, "")),
    ].filter((t): t is string => t !== undefined);
    for (const text of texts) expect(page, text).toContain(text);
  });

  it("printed as the page's text reads, is the page from Path Parameters to the end of Response Body, line for line", () => {
    // Blank lines carry nothing; every other line is a fact (name and type, required·, description,
    // example, possible values, references, support counts, each integration's support and values).
    const lines = page.split("\n").filter((line) => line.trim() !== "");
    const section = lines.slice(lines.indexOf("Path Parameters"), lines.findIndex((line) => line.startsWith("curl -X DELETE")));
    expect(pageLines()).toEqual(section);
  });

  it("support counts match the page's 'N supported' lines", () => {
    for (const p of [...PAGE_PARAMETERS, ...PAGE_FIELDS]) {
      if (!("counts" in p) || !p.counts) continue;
      const [supported, required] = p.counts;
      expect(Object.keys(p.support!)).toHaveLength(supported);
      expect(Object.values(p.support!).filter((e) => e.required)).toHaveLength(required);
    }
    expect(page).toContain("7 supported6 required");
  });
});
