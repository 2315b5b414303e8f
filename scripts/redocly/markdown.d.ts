// Types of markdown.js (plain ESM JavaScript so that Redocly loads it), for TypeScript callers.
export declare function tableCell(text: string): string;
