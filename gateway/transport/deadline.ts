import type { TransportPlugin } from './transport.js';

export interface NodeTimeouts {
  /** Longest a read waits for one node. */
  readTimeoutMs: number;
  /** Longest a write waits for its node (a write is worth waiting longer for than a read). */
  writeTimeoutMs: number;
  /** Read timeouts of particular nodes (NODE_TIMEOUTS): one across a continent may need longer. */
  readTimeoutMsByCountry?: Record<string, number>;
}

/**
 * Caps each node request at the per-node timeout, within the whole request's deadline: a slow
 * country costs at most this long, and never longer than the client is willing to wait.
 */
export function nodeDeadline(timeouts: NodeTimeouts): TransportPlugin {
  return (next) => ({
    send(country, request) {
      const cap = request.operation === 'mutation' ? timeouts.writeTimeoutMs : (timeouts.readTimeoutMsByCountry?.[country] ?? timeouts.readTimeoutMs);
      return next.send(country, { ...request, deadline: Math.min(request.deadline, Date.now() + cap) });
    },
  });
}
