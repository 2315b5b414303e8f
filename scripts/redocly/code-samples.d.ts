// Types of code-samples.js (plain ESM JavaScript so that Redocly loads it), for TypeScript callers.
export declare const TOKEN_PLACEHOLDER: string;
export declare const CLIENT_PACKAGE: string;

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  schema?: { example?: unknown };
}

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface BodySchema {
  type?: unknown;
  example?: unknown;
  required?: string[];
  properties?: Record<string, { example?: unknown }>;
}

export declare function buildCodeSamples(operation: {
  operationId: string;
  method: string;
  serverUrl: string;
  path: string;
  parameters: Parameter[];
  /** The JSON request body's schema, properties resolved. */
  body?: BodySchema;
  /** False when the success response has no JSON body (204). Default true. */
  hasResult?: boolean;
}): CodeSample[];
