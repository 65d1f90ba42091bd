import type { Readiness } from '../shared/observability/routes.js';
import type { NodeRegistry, NodeState } from './registry.js';

type Listed = Pick<NodeState, 'status' | 'latencyMs' | 'checkedAt'> & Partial<NodeState>;

/** Without details: status and timing only; URLs, schema hashes and error texts say too much to anyone who asks. */
function listed<T extends Listed>(node: T, details: boolean): Listed {
  if (details) return node;
  const { country, status, latencyMs, checkedAt } = node;
  return { country, status, latencyMs, checkedAt };
}

/** `GET /health`: every node and the regional subgraph; `degraded` when any is not up (still 200: the gateway serves). */
export function gatewayHealth(registry: NodeRegistry, details: boolean): Record<string, unknown> & { status: string } {
  const nodes = [...registry.nodes.values()];
  const allUp = registry.regional.status === 'up' && nodes.every((n) => n.status === 'up');
  const status = allUp ? 'ok' : 'degraded';
  if (!details) return { status, regional: listed(registry.regional, false), nodes: nodes.map((n) => listed(n, false)) };
  const rejectedSchemas = Object.fromEntries(registry.rejectedSchemas);
  return { status, countrySchemaHash: registry.countryHash, regional: registry.regional, nodes, rejectedSchemas };
}

/** `GET /health/ready`: the gateway can answer only with the regional subgraph and at least one country node reachable. */
export function gatewayReadiness(registry: NodeRegistry): Readiness {
  if (registry.regional.status === 'down') return { ready: false, reason: 'the regional subgraph is unreachable' };
  const nodes = [...registry.nodes.values()];
  if (!nodes.some((n) => n.status === 'up' || n.status === 'unknown')) return { ready: false, reason: 'no country node is reachable' };
  return { ready: true };
}
