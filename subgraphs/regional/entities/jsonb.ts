/** LocalizedText and SourceRef lists are stored as JSON documents in exactly their GraphQL shape. */
export const jsonb = { type: 'jsonb' as const };
