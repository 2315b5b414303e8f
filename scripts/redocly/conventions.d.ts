// Types of conventions.js (plain ESM JavaScript so that Redocly loads it), for TypeScript callers.
export declare const ENVELOPE_FIELDS: readonly string[];
export declare const CURSOR: string;
export declare const ITEMS: string;
export declare function successStatus(responses: Record<string, unknown> | undefined): string | undefined;
export declare function isIdempotencyHeader(param: { in?: string; name?: unknown } | undefined): boolean;
