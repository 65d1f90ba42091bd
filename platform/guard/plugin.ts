import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { parse, type DocumentNode, type GraphQLError, type ValidationRule } from 'graphql';
import { findOverBudget } from '../cost/check.js';
import type { CostLimits } from '../cost/limits.js';
import { PLANNER_LIMIT_MESSAGE } from '../../contract/errors.js';
import { assertExecutableOperation } from './operation.js';
import { assertStorableStrings } from '../../contract/strings.js';

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
  return {
    async requestDidStart() {
      let measured = false;
      return {
        async validationDidStart(requestContext) {
          const { schema, document, source, request } = requestContext;
          measured = true;
          const refusal = findOverBudget(schema, document, source, request.variables ?? {}, limits);
          if (!refusal) return;
          const placeholder = parse('{ __typename }');
          refusals.set(document, refusal);
          refusals.set(placeholder, refusal);
          (requestContext as { document: DocumentNode }).document = placeholder;
        },
        async didResolveOperation({ schema, document, request, operation }) {
          if (!measured) {
            const refusal = findOverBudget(schema, document, undefined, request.variables ?? {}, limits);
            if (refusal) throw refusal;
          }
          assertExecutableOperation(document, operation, request.operationName);
          assertStorableStrings(document, request.variables ?? {});
        },
        async didEncounterErrors({ errors, response }) {
          const overLimit = errors.some((e) => PLANNER_LIMIT_MESSAGE.test(e.message) || PLANNER_LIMIT_MESSAGE.test(e.originalError?.message ?? ''));
          if (overLimit) response.http.status = 400;
        },
      };
    },
  };
}
