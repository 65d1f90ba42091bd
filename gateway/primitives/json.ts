/** A JSON object as nodes answer it; the gateway reshapes answers without a schema-typed model. */
export type Json = Record<string, unknown>;

export const asObject = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
