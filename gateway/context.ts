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
}

export function createGatewayContext(req: http.IncomingMessage, requestTimeoutMs: number): GatewayContext {
  const forward: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') forward[name] = value;
  }
  return { forward, deadline: Date.now() + requestTimeoutMs };
}
