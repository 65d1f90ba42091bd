import { nonNegativeInt, positiveInt, type Env } from '../env-values.js';
import { parseTrustProxy, type TrustProxy } from './client-address.js';

/**
 * What one HTTP server (gateway, node, regional) allows a connection, modelled on what Node's
 * own server offers (headersTimeout, requestTimeout, keepAliveTimeout) plus what it does not:
 * caps on connections in total and per client address, a deadline for the first request of a
 * connection (Node's header timer only starts at the first byte, so a socket that never sends
 * one lived until the process ran out of descriptors), and eviction of idle connections before
 * a busy one is refused (see connection-guard.ts).
 */
export interface ServerLimits {
  /** Connections this server holds at most (MAX_CONNECTIONS; default: its share of the process's descriptors). */
  maxConnections: number | null;
  /** Connections one client address holds at most (MAX_CONNECTIONS_PER_CLIENT); a trusted proxy is exempt. */
  maxConnectionsPerClient: number;
  /** From connect (or the previous answer) to a request's complete headers (HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** From connect to the whole request, body included (REQUEST_RECEIVE_TIMEOUT_MS). */
  requestReceiveTimeoutMs: number;
  /** How long an idle keep-alive connection is kept (KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /** A connection with no byte in either direction this long is closed (SOCKET_IDLE_TIMEOUT_MS; e.g. a client that stopped reading). */
  socketIdleTimeoutMs: number;
  /** Requests served on one connection before it is closed (MAX_REQUESTS_PER_SOCKET, 0 = no limit). */
  maxRequestsPerSocket: number;
  /** Proxies whose connections carry many clients (TRUST_PROXY): not held to the per-client cap. */
  trustProxy: TrustProxy;
}

export type ServerRole = 'gateway' | 'subgraph';

/**
 * Defaults, and why:
 * - per client 256 at the gateway: a browser opens at most 6 per origin, so an office of 40
 *   people behind one NAT address fits, and beyond it the address's idle connections make room
 *   first; 1,024 at a node, whose clients are gateways holding up to 64 per worker process;
 * - 10 s for headers: a request's headers are one packet; a slow mobile link needs well under 1 s;
 * - 30 s for the whole request: 2 MiB (the body limit) at 70 KB/s;
 * - keep-alive 5 s at the gateway (Node's default; clients reconnect in one round trip), 60 s at
 *   a node, so that a gateway far away does not pay a new handshake after a pause (bench 9);
 * - 120 s without a byte either way: longer than any request's deadline (15 s) and than the
 *   version stream's heartbeat (1 s), so only a dead or non-reading peer reaches it.
 */
export function serverLimitsFromEnv(env: Env, role: ServerRole): ServerLimits {
  const maxConnections = nonNegativeInt(env.MAX_CONNECTIONS, 0, 'MAX_CONNECTIONS');
  const headersTimeoutMs = positiveInt(env.HEADERS_TIMEOUT_MS, 10_000, 'HEADERS_TIMEOUT_MS');
  return {
    maxConnections: maxConnections === 0 ? null : maxConnections,
    maxConnectionsPerClient: positiveInt(env.MAX_CONNECTIONS_PER_CLIENT, role === 'gateway' ? 256 : 1024, 'MAX_CONNECTIONS_PER_CLIENT'),
    headersTimeoutMs,
    requestReceiveTimeoutMs: Math.max(headersTimeoutMs, positiveInt(env.REQUEST_RECEIVE_TIMEOUT_MS, 30_000, 'REQUEST_RECEIVE_TIMEOUT_MS')),
    keepAliveTimeoutMs: positiveInt(env.KEEP_ALIVE_TIMEOUT_MS, role === 'gateway' ? 5_000 : 60_000, 'KEEP_ALIVE_TIMEOUT_MS'),
    socketIdleTimeoutMs: positiveInt(env.SOCKET_IDLE_TIMEOUT_MS, 120_000, 'SOCKET_IDLE_TIMEOUT_MS'),
    maxRequestsPerSocket: nonNegativeInt(env.MAX_REQUESTS_PER_SOCKET, 0, 'MAX_REQUESTS_PER_SOCKET'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
