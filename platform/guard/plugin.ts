import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { parse, type DocumentNode, type GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { findOverBudget } from '../cost/check.js';
import { MeasureCache } from '../cost/measure-cache.js';
import type { CostLimits } from '../cost/limits.js';
import { PLANNER_LIMIT_MESSAGE } from '../../contract/errors.js';
import { assertExecutableOperation } from './operation.js';
import { assertStorableStrings } from '../../contract/strings.js';

/** Variables longer than this as JSON are checked every time rather than remembered. */
const MAX_REMEMBERED_VARIABLES = 2048;
/** Passing variable sets remembered per document; beyond it the document's set starts over. */
const MAX_PASSES_PER_DOCUMENT = 64;

/**
 * Requests that passed didResolveOperation's checks, per schema, document and operation name, by
 * their variables as JSON. Every check there is a function of exactly these (the limits are the
 * plugin's own), so a repeat of a passing request passes again: the measures, the operation and
 * the string walk were a visible share of the gateway's CPU per page (issue 26) and repeat for
 * every request of the same query. Only passes are kept; a refusal is recomputed, and its error
 * built, each time. Documents come from Apollo Server's parsed-document cache, so the weak keys
 * go with its entries.
 */
class PassedRequests {
  private readonly bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, true>>>();

  /** The key of a request to remember, or null when its variables are too large to keep. */
  key(operationName: string | null | undefined, variables: Record<string, unknown>): string | null {
    const json = JSON.stringify(variables);
    return json.length > MAX_REMEMBERED_VARIABLES ? null : `${operationName ?? ''}\n${json}`;
  }

  has(schema: GraphQLSchema, document: DocumentNode, key: string): boolean {
    return this.bySchema.get(schema)?.get(document)?.has(key) ?? false;
  }

  add(schema: GraphQLSchema, document: DocumentNode, key: string): void {
    let byDocument = this.bySchema.get(schema);
    if (!byDocument) this.bySchema.set(schema, (byDocument = new WeakMap()));
    let passes = byDocument.get(document);
    if (!passes) byDocument.set(document, (passes = new Map()));
    if (passes.size >= MAX_PASSES_PER_DOCUMENT) passes.clear();
    passes.set(key, true);
  }
}

/** Documents refused before validation, with the error validation is to report for them. */
const refusals = new WeakMap<DocumentNode, GraphQLError>();

/**
 * Reports the refusal recorded for a document. Registered with Apollo Server's validationRules,
 * so a refused document fails validation like any invalid one: HTTP 400, every plugin hook
 * runs, nothing is cached.
 */
export const refusedDocumentRule: ValidationRule = (context) => ({
  Document(node) {
    const refusal = refusals.get(node);
    if (refusal) context.reportError(refusal);
  },
});

/**
 * Refuses what must never reach validation, planning or a resolver. Apollo Server's order is
 * didResolveSource → parse (graphql-js `maxTokens`) → validationDidStart → validate (every rule
 * at once) → didResolveOperation → plan/execute, and a hook that throws before
 * didResolveOperation becomes an HTTP 500. So:
 * - validationDidStart measures the parsed document (length, tokens, depth, aliases, directives,
 *   expanded size, repeated fields, result size, mutation fields) without exponential work. An
 *   over-budget document is replaced, for validation only, by a one-field placeholder whose
 *   refusal refusedDocumentRule reports: graphql-js validation (whose
 *   OverlappingFieldsCanBeMerged is quadratic in repeated fields, seconds on a 15 KB document)
 *   and the gateway's query planner never see the original. The original is refused as well,
 *   should a later Apollo Server read the document before this hook.
 * - didResolveOperation measures documents served from the parsed-document cache (sizes depend
 *   on variables), refuses unresolvable operations and subscriptions (@apollo/gateway answers
 *   those with HTTP 500) and strings PostgreSQL cannot hold.
 * - didEncounterErrors keeps a planner limit error that got through a 400.
 */
export function requestGuardPlugin<TContext extends BaseContext>(limits: CostLimits): ApolloServerPlugin<TContext> {
  const passed = new PassedRequests();
  // A request with new variables still reuses what its document alone decides: measures no variable
  // sizes (measure-cache.ts) and its literal strings (contract/strings.ts).
  const cache = new MeasureCache();
  const measure = cache.measure.bind(cache);
  return {
    async requestDidStart() {
      let measured = false;
      return {
        async validationDidStart(requestContext) {
          const { schema, document, source, request } = requestContext;
          measured = true;
          const refusal = findOverBudget(schema, document, source, request.variables ?? {}, limits, measure);
          if (!refusal) return;
          const placeholder = parse('{ __typename }');
          refusals.set(document, refusal);
          refusals.set(placeholder, refusal);
          (requestContext as { document: DocumentNode }).document = placeholder;
        },
        async didResolveOperation({ schema, document, request, operation }) {
          const variables = request.variables ?? {};
          const key = passed.key(request.operationName, variables);
          if (key !== null && passed.has(schema, document, key)) return;
          if (!measured) {
            const refusal = findOverBudget(schema, document, undefined, variables, limits, measure);
            if (refusal) throw refusal;
          }
          assertExecutableOperation(document, operation, request.operationName);
          assertStorableStrings(document, variables);
          if (key !== null) passed.add(schema, document, key);
        },
        async didEncounterErrors({ errors, response }) {
          const overLimit = errors.some((e) => PLANNER_LIMIT_MESSAGE.test(e.message) || PLANNER_LIMIT_MESSAGE.test(e.originalError?.message ?? ''));
          if (overLimit) response.http.status = 400;
        },
      };
    },
  };
}
