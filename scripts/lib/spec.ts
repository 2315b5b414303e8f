// Types for the parts of the bundled spec the generators read, and a walker over its operations.
export type Support = Record<string, { required?: true; values?: string[]; note?: string }>;

export interface SchemaNode {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  "x-truto-support"?: Support;
}

export interface ParameterNode {
  $ref?: string;
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: SchemaNode;
  "x-truto-support"?: Support;
  "x-truto-specific"?: true;
}

export interface OperationNode {
  operationId: string;
  parameters?: ParameterNode[];
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: SchemaNode }> }>;
}

export interface BundledSpec {
  "x-truto-integrations": Record<string, { name: string }>;
  paths: Record<string, Record<string, OperationNode>>;
  components?: Record<string, Record<string, unknown>>;
}

export interface OperationEntry {
  method: string;
  path: string;
  operation: OperationNode;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation of the spec, sorted by operationId so output never depends on file order. */
export function listOperations(spec: BundledSpec): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) entries.push({ method: method.toUpperCase(), path, operation });
    }
  }
  return entries.sort((a, b) => a.operation.operationId.localeCompare(b.operation.operationId, "en"));
}

/** Follows a local `#/components/...` reference of the bundled document. */
export function deref<T>(spec: BundledSpec, node: T & { $ref?: string }): T {
  if (!node.$ref) return node;
  const parts = node.$ref.replace(/^#\//, "").split("/");
  let target: unknown = spec;
  for (const part of parts) target = (target as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (target === undefined) throw new Error(`Unresolved reference ${node.$ref}`);
  return deref(spec, target as T & { $ref?: string });
}

/** The JSON body schema of the operation's first 2xx response. */
export function successSchema(spec: BundledSpec, operation: OperationNode): SchemaNode | undefined {
  const status = Object.keys(operation.responses).find((code) => code.startsWith("2"));
  if (!status) return undefined;
  const response = deref(spec, operation.responses[status]!);
  const schema = response.content?.["application/json"]?.schema;
  return schema && deref(spec, schema);
}
