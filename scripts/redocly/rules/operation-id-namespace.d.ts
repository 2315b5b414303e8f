// Types of operation-id-namespace.js for the TypeScript that imports it (its test).
export declare const CLIENT_MEMBERS: string[];
export declare function OperationIdNamespace(): unknown;
