import type http from 'node:http';

/**
 * The caller's headers every node must see: credentials (each node verifies them), the write's
 * idempotency key, the request id (the caller's or the one the gateway gave it, so the nodes'
 * log lines carry it) and the caller's trace context (replaced by the gateway's own sub-request
 * span while tracing is on, see transport/tracing.ts).
 */
export const FORWARDED_HEADERS = ['authorization', 'idempotency-key', 'x-request-id', 'traceparent', 'tracestate'] as const;

/** Per-request state of the gateway, shared by every subgraph fetch of one client request. */
export interface GatewayContext {
  /** Headers passed on to nodes. */
  forward: Record<string, string>;
  /** Epoch ms after which nobody waits for this request any more. */
  deadline: number;
  /** Set when an ordinary (unsharded) subgraph was asked: it has no data version, so the answer is not cached whole. */
  ordinaryFetched?: boolean;
  /** The client's limit on last known data standing in for an unavailable node (see acceptedStaleness). */
  maxStaleMs?: number;
}

export function createGatewayContext(req: http.IncomingMessage, requestTimeoutMs: number): GatewayContext {
  const forward: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') forward[name] = value;
  }
  return { forward, deadline: Date.now() + requestTimeoutMs, maxStaleMs: acceptedStaleness(req.headers['cache-control']) };
}

/**
 * How old a node's last known data the client accepts in place of an unavailable node, from the
 * request's Cache-Control (RFC 9111 §5.2.1): `max-stale=N` up to N seconds, `max-stale=0`,
 * `no-cache` or `no-store` none. Without a directive, up to the limit the node declared: most
 * GraphQL clients send no Cache-Control, every stale part is marked in the answer, and the office
 * has already consented. Unlike HTTP caches, absence is not refusal: see docs/clients.md.
 */
export function acceptedStaleness(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return undefined;
  let limit: number | undefined;
  for (const directive of value.toLowerCase().split(',')) {
    const [name, arg] = directive
      .trim()
      .split('=', 2)
      .map((s) => s.trim());
    if (name === 'no-cache' || name === 'no-store') return 0;
    if (name !== 'max-stale' || arg === undefined) continue;
    // A malformed value refuses: a client that tried to limit staleness must not get more than it asked.
    const seconds = /^"?\d{1,9}"?$/.test(arg) ? Number(arg.replace(/"/g, '')) : 0;
    limit = Math.min(limit ?? Infinity, seconds * 1000);
  }
  return limit;
}
