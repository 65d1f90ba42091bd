import { nodeDeadline, type NodeTimeouts } from '../transport/deadline.js';
import type { TransportPlugin } from '../transport/transport.js';
import type { Shard } from './subgraph-list.js';

/**
 * The per-node cap of nodeDeadline, except that a shard with its own timeout (`shards.<key>.timeout`,
 * or the sharded subgraph's `timeout`) is capped at that for reads and writes alike: a node across
 * the continent may be given longer than the one across the street, or less. Always within the
 * whole request's deadline.
 */
export function shardDeadlines(shards: readonly Shard[], defaults: NodeTimeouts): TransportPlugin {
  const caps = new Map(shards.filter((s) => s.timeoutMs !== null).map((s) => [s.key, s.timeoutMs!]));
  return (next) => {
    const byDefault = nodeDeadline(defaults)(next);
    return {
      send(country, request) {
        const cap = caps.get(country);
        if (cap === undefined) return byDefault.send(country, request);
        return next.send(country, { ...request, deadline: Math.min(request.deadline, Date.now() + cap) });
      },
    };
  };
}
