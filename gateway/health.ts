import type { Readiness } from '../platform/observability/routes.js';
import type { HealthBook } from './health-book.js';
import type { CircuitBreakers } from './transport/breaker.js';

type Breakers = Pick<CircuitBreakers, 'status'>;

/**
 * `GET /health`: every ordinary subgraph (as its schema polls and answers show it) and every
 * shard (with its circuit); `degraded` when any is not up or a circuit is not closed (still 200:
 * the gateway serves), and per shard its office's last-known-data policy and the version and age
 * of the newest data kept of it (issue 28). Without details only states and timings are shown: URLs, schema hashes
 * and error texts tell anyone who asks too much.
 */
export function gatewayHealth(
  book: HealthBook,
  breakers: Breakers,
  details: boolean,
  lastKnown?: (country: string) => Record<string, unknown>,
): Record<string, unknown> & { status: string } {
  const nodes = [...book.nodes.values()].map((n) => ({ ...n, breaker: breakers.status(n.country), ...(lastKnown ? { lastKnown: lastKnown(n.country) } : {}) }));
  const subgraphs = [...book.subgraphs.values()];
  // An ordinary subgraph not yet asked since start is not a problem: it owes the gateway no health endpoint.
  const allUp = subgraphs.every((s) => s.status !== 'down') && nodes.every((n) => n.status === 'up' && n.breaker.state === 'closed');
  const status = allUp ? 'ok' : 'degraded';
  if (details) return { status, shardSchemaHash: book.shardSchemaHash, subgraphs, nodes, rejectedSchemas: Object.fromEntries(book.rejectedSchemas) };
  return {
    status,
    subgraphs: subgraphs.map(({ name, status, latencyMs, checkedAt }) => ({ name, status, latencyMs, checkedAt })),
    nodes: nodes.map((n) => ({
      country: n.country,
      status: n.status,
      latencyMs: n.latencyMs,
      checkedAt: n.checkedAt,
      breaker: { state: n.breaker.state, since: n.breaker.since },
      ...(n.lastKnown ? { lastKnown: n.lastKnown } : {}),
    })),
  };
}

/**
 * `GET /health/ready`: with shards, not ready while none of them would be asked. An ordinary
 * subgraph that is down costs only its own fields (the answer carries errors at their paths), so
 * it makes the gateway `degraded` in /health, never unready: pulling every instance out of a
 * load balancer would cost every other field too.
 */
export function gatewayReadiness(book: HealthBook, breakers: Breakers): Readiness {
  if (book.nodes.size === 0) return { ready: true };
  const usable = [...book.nodes.values()].some((n) => (n.status === 'up' || n.status === 'unknown') && breakers.status(n.country).state !== 'open');
  if (!usable) return { ready: false, reason: `no shard of the subgraph ${book.shardedName} is reachable` };
  return { ready: true };
}
