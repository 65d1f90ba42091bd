import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import type { GraphQLFormattedError } from 'graphql';
import type { ServiceMetrics } from './metrics.js';
import { currentScope } from './request-scope.js';
import { tracingEnabled } from './tracing.js';

export type Outcome = 'ok' | 'partial' | 'client_error' | 'refused' | 'timeout' | 'unavailable' | 'internal_error';
const RANK: Record<Outcome, number> = { ok: 0, partial: 1, client_error: 2, refused: 3, timeout: 4, unavailable: 5, internal_error: 6 };

/**
 * Codes that are not the client's mistake in its data. Any other client code (BAD_USER_INPUT,
 * FORBIDDEN, NOT_FOUND, VERSION_CONFLICT, …) is `client_error`; a missing code or
 * INTERNAL_SERVER_ERROR is `internal_error`.
 */
const OUTCOME_OF_CODE: Record<string, Outcome> = {
  COUNTRY_UNAVAILABLE: 'partial',
  COUNTRY_BAD_RESPONSE: 'partial',
  SUBGRAPH_UNAVAILABLE: 'partial',
  // Limits: refused before (or instead of) the work.
  QUERY_TOO_COMPLEX: 'refused',
  RATE_LIMITED: 'refused',
  TOO_MANY_REQUESTS: 'refused',
  RESPONSE_TOO_LARGE: 'refused',
  // Load: no free database connection in time, or a row another write keeps locked.
  DATABASE_BUSY: 'refused',
  RECORD_LOCKED: 'refused',
  DEADLINE_EXCEEDED: 'timeout',
  DATABASE_UNAVAILABLE: 'unavailable',
};

/**
 * One word for how a GraphQL response went, from the codes of its (already formatted) errors:
 * the worst of internal_error > unavailable > timeout > refused > client_error > partial > ok.
 */
export function outcomeOf(errors: readonly GraphQLFormattedError[] | undefined): Outcome {
  let outcome: Outcome = 'ok';
  for (const error of errors ?? []) {
    const code = error.extensions?.code;
    const next: Outcome = typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR' ? 'internal_error' : (OUTCOME_OF_CODE[code] ?? 'client_error');
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
            trace
              .getActiveSpan()
              ?.setAttributes({ 'graphql.operation.type': operation.operation, ...(operationName ? { 'graphql.operation.name': operationName } : {}) });
          }
        },
        async willSendResponse({ response, operation, operationName, request }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const outcome = outcomeOf(errors);
          if (scope) {
            scope.outcome = outcome;
            for (const error of errors ?? []) {
              const code = error.extensions?.code;
              if ((code === 'COUNTRY_UNAVAILABLE' || code === 'COUNTRY_BAD_RESPONSE') && typeof error.extensions?.country === 'string')
                scope.unavailable.add(error.extensions.country);
            }
          }
          metrics.recordOperation(
            operation?.operation ?? 'unknown',
            outcome,
            operationName ?? request.operationName ?? undefined,
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };
}
