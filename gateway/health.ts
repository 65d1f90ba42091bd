import type { Readiness } from '../shared/observability/routes.js';
import type { NodeRegistry } from './registry.js';
import type { CircuitBreakers } from './transport/breaker.js';

type Breakers = Pick<CircuitBreakers, 'status'>;

/**
 * `GET /health`: every node (with its circuit) and the regional subgraph; `degraded` when any is
 * not up or a circuit is not closed (still 200: the gateway serves). Without details only states
 * and timings are shown: URLs, schema hashes and error texts tell anyone who asks too much.
 */
export function gatewayHealth(registry: NodeRegistry, breakers: Breakers, details: boolean): Record<string, unknown> & { status: string } {
  const nodes = [...registry.nodes.values()].map((n) => ({ ...n, breaker: breakers.status(n.country) }));
  const allUp = registry.regional.status === 'up' && nodes.every((n) => n.status === 'up' && n.breaker.state === 'closed');
  const status = allUp ? 'ok' : 'degraded';
  if (details) {
    const rejectedSchemas = Object.fromEntries(registry.rejectedSchemas);
    return { status, countrySchemaHash: registry.countryHash, regional: registry.regional, nodes, rejectedSchemas };
  }
  const { status: regionalStatus, latencyMs, checkedAt } = registry.regional;
  return {
    status,
    regional: { status: regionalStatus, latencyMs, checkedAt },
    nodes: nodes.map((n) => ({
      country: n.country,
      status: n.status,
      latencyMs: n.latencyMs,
      checkedAt: n.checkedAt,
      breaker: { state: n.breaker.state, since: n.breaker.since },
    })),
  };
}

/** `GET /health/ready`: the gateway can answer only with the regional subgraph and at least one country node it would ask. */
export function gatewayReadiness(registry: NodeRegistry, breakers: Breakers): Readiness {
  if (registry.regional.status === 'down') return { ready: false, reason: 'the regional subgraph is unreachable' };
  const usable = [...registry.nodes.values()].some((n) => (n.status === 'up' || n.status === 'unknown') && breakers.status(n.country).state !== 'open');
  if (!usable) return { ready: false, reason: 'no country node is reachable' };
  return { ready: true };
}
