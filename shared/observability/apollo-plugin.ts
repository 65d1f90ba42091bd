import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import type { GraphQLFormattedError } from 'graphql';
import type { ServiceMetrics } from './metrics.js';
import { currentScope } from './request-scope.js';
import { tracingEnabled } from './tracing.js';

/** Codes of operations refused before execution (cost limits, rate limits): `refused`, not a client mistake in the query's data. */
export const REFUSED_CODES = new Set(['QUERY_TOO_COMPLEX', 'RATE_LIMITED', 'TOO_MANY_REQUESTS']);

export type Outcome = 'ok' | 'partial' | 'client_error' | 'refused' | 'internal_error';
const RANK: Record<Outcome, number> = { ok: 0, partial: 1, client_error: 2, refused: 3, internal_error: 4 };

/**
 * One word for how a GraphQL response went, from the codes of its (already formatted) errors:
 * the worst of internal_error > refused > client_error > partial (COUNTRY_UNAVAILABLE only) > ok.
 */
export function outcomeOf(errors: readonly GraphQLFormattedError[] | undefined): Outcome {
  let outcome: Outcome = 'ok';
  for (const error of errors ?? []) {
    const code = error.extensions?.code;
    const next: Outcome =
      typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR'
        ? 'internal_error'
        : REFUSED_CODES.has(code)
          ? 'refused'
          : code === 'COUNTRY_UNAVAILABLE'
            ? 'partial'
            : 'client_error';
    if (RANK[next] > RANK[outcome]) outcome = next;
  }
  return outcome;
}

/**
 * Per operation: duration by type and outcome, the operation's name for the access line, and
 * the countries reported unavailable. Requests Apollo refuses before its pipeline (bad method,
 * no query) are counted by the HTTP metrics only.
 */
export function observabilityPlugin(metrics: ServiceMetrics): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart(start) {
      const started = performance.now();
      const scope = currentScope();
      if (scope && start.request.operationName) scope.operationName = start.request.operationName;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          if (scope) {
            scope.operationType = operation.operation;
            if (operationName) scope.operationName = operationName;
          }
          if (tracingEnabled()) {
            trace.getActiveSpan()?.setAttributes({ 'graphql.operation.type': operation.operation, ...(operationName ? { 'graphql.operation.name': operationName } : {}) });
          }
        },
        async willSendResponse({ response, operation, operationName, request }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const outcome = outcomeOf(errors);
          if (scope) {
            scope.outcome = outcome;
            for (const error of errors ?? []) {
              if (error.extensions?.code === 'COUNTRY_UNAVAILABLE' && typeof error.extensions.country === 'string') scope.unavailable.add(error.extensions.country);
            }
          }
          metrics.recordOperation(operation?.operation ?? 'unknown', outcome, operationName ?? request.operationName ?? undefined, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
