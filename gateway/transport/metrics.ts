import { currentScope } from '../../shared/observability/request-scope.js';
import type { GatewayMetrics, SubRequestOutcome } from '../metrics.js';
import type { NodeAnswer, NodeRequest, TransportPlugin } from './transport.js';

/**
 * Records every sub-request that goes out to a node: latency and outcome per country, and the
 * country in the request's access line. Placed after the deadline plugin (so a failure at the
 * request's own deadline is a timeout) and after the gates that refuse without sending.
 */
export function transportMetrics(metrics: GatewayMetrics): TransportPlugin {
  return (next) => ({
    async send(country, request) {
      currentScope()?.countries.add(country);
      const started = performance.now();
      const answer = await next.send(country, request);
      metrics.recordSubRequest(country, request.operation, outcomeOf(answer, request), (performance.now() - started) / 1000);
      return answer;
    },
  });
}

// The HTTP transport's timer fires at the deadline; allow for timer granularity.
const DEADLINE_SLACK_MS = 2;

function outcomeOf(answer: NodeAnswer, request: NodeRequest): SubRequestOutcome {
  if (answer.failure) return Date.now() >= request.deadline - DEADLINE_SLACK_MS ? 'timeout' : 'unavailable';
  return answer.response.errors?.length ? 'error' : 'ok';
}
