import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { queryTooComplex } from '../../contract/errors.js';
import { analyseDocument, type AnalyseOptions, type Measures } from './analyse.js';
import type { CostLimits } from './limits.js';
import type { Variables } from './list-size.js';

/** Each measured value, the limit it is held to and the words a refusal uses; checked in this order. */
const CHECKS: Array<{ measure: keyof Measures; limit: keyof CostLimits; words: string }> = [
  { measure: 'mutationFields', limit: 'maxMutationFields', words: 'mutation fields in one operation' },
  { measure: 'aliases', limit: 'maxAliases', words: 'aliases' },
  { measure: 'directives', limit: 'maxDirectives', words: 'directives' },
  { measure: 'depth', limit: 'maxDepth', words: 'depth' },
  { measure: 'repeatedField', limit: 'maxRepeatedField', words: 'fields with one response name in one selection set' },
  { measure: 'selections', limit: 'maxSelections', words: 'fields after expanding fragments' },
  { measure: 'resultSize', limit: 'maxResultSize', words: 'estimated result size (values, lists multiplied by their first or assumed size)' },
];

/**
 * The first budget a document exceeds, as the QUERY_TOO_COMPLEX error to answer with, or null.
 * `source` is the document's text when it is at hand (its length is checked then). Tokens are
 * counted by the parser itself (graphql-js `maxTokens`, see platform/http-server.ts), which stops
 * at the limit; contract/errors.ts words its error like these. `measure` may be a cache's
 * (measure-cache.ts).
 */
export function findOverBudget(
  schema: GraphQLSchema,
  document: DocumentNode,
  source: string | undefined,
  variables: Variables,
  limits: CostLimits,
  measure: (schema: GraphQLSchema, document: DocumentNode, options: AnalyseOptions) => Measures = analyseDocument,
): GraphQLError | null {
  if (source !== undefined && source.length > limits.maxDocumentLength) {
    return queryTooComplex('maxDocumentLength', 'document length (characters)', source.length, limits.maxDocumentLength);
  }
  const measures = measure(schema, document, { variables, listSizes: limits.listSizes, assumedListSize: limits.assumedListSize });
  for (const { measure, limit, words } of CHECKS) {
    const max = limits[limit] as number;
    if (measures[measure] > max) return queryTooComplex(limit, words, measures[measure], max);
  }
  return null;
}
