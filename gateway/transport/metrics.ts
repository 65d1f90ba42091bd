import { currentScope } from '../../platform/observability/request-scope.js';
import type { GatewayMetrics, SubRequestOutcome } from '../metrics.js';
import type { NodeAnswer, TransportPlugin } from './transport.js';

/**
 * Records every sub-request that goes out to a node: latency and outcome per country, and the
 * country in the request's access line. Placed after the gates that refuse without sending
 * (left-out nodes, open circuits: the breaker gauge shows those) and outside `nodeOutage`, so a
 * node that answers "my database is down" counts as an outage of its country.
 */
export function transportMetrics(metrics: GatewayMetrics): TransportPlugin {
  return (next) => ({
    async send(country, request) {
      currentScope()?.countries.add(country);
      const started = performance.now();
      const answer = await next.send(country, request);
      metrics.recordSubRequest(country, request.operation, outcomeOf(answer), (performance.now() - started) / 1000);
      return answer;
    },
  });
}

function outcomeOf(answer: NodeAnswer): SubRequestOutcome {
  if (!answer.failure) return answer.response.errors?.length ? 'error' : 'ok';
  switch (answer.failure.kind) {
    case 'timeout':
    case 'no-time':
      return 'timeout';
    case 'outage':
      return 'outage';
    case 'bad-answer':
      return answer.failure.code ? 'refused_answer' : 'unavailable';
    default:
      return 'unavailable';
  }
}
