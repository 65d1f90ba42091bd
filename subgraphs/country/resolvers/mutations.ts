/** Mutation resolvers (one file per type), registered in schema.ts. */
export const MUTATION_RESOLVERS: Function[] = [];
