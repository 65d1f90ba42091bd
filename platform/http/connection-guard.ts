import http from 'node:http';
import { ErrorCode } from '../../contract/errors.js';
import type net from 'node:net';
import { isTrustedPeer, normaliseAddress, type TrustFunction } from './client-address.js';
import type { ConnectionBudget } from './fd-budget.js';

/**
 * Connection admission for one HTTP server: at most `maxConnections` (and no more than the
 * process's descriptor budget allows), at most `maxPerClient` per client address, and a
 * connection must have sent a request's complete headers within `firstRequestTimeoutMs` of
 * connecting. Node's own limits do not cover these: `server.maxConnections` drops the newest
 * socket (the legitimate client arriving during a flood), and `headersTimeout` starts at the first
 * byte, so a socket that never sends one is kept forever.
 *
 * At a cap, a connection doing nothing makes room: first the oldest one that has not yet sent a
 * complete request (idle or slow-header sockets), then the one idle longest between requests
 * (closing it costs a client one reconnect, as a keep-alive timeout would). A connection with a
 * request in progress is never closed for this, and only when every connection is busy is the
 * newcomer refused: an HTTP answer written at once (503 OVERLOADED, or 429 RATE_LIMITED for its
 * own address's cap) with Retry-After, then closed. Nginx and HAProxy likewise close idle
 * keep-alive connections to admit new ones under pressure.
 */
export interface ConnectionGuardOptions {
  maxConnections: number;
  maxPerClient: number;
  firstRequestTimeoutMs: number;
  trust: TrustFunction;
  budget: ConnectionBudget;
  /** Connections this server may always have, whatever the other servers of the process hold. */
  reserved: number;
  retryAfterSeconds?: number;
  now?: () => number;
  /** How often connections past their first-request deadline are closed (default 1 s). */
  sweepMs?: number;
}

export interface ConnectionStats {
  open: number;
  /** Connected, no complete request yet. */
  waiting: number;
  idle: number;
  busy: number;
  clients: number;
  /** Closed to make room, or for sending no request in time, since start. */
  evicted: number;
  timedOut: number;
  /** Refused with 503 (server) or 429 (client address), or closed at once when even that was too much. */
  refused: { server: number; client: number; dropped: number };
}

export interface ConnectionGuard {
  stats(): ConnectionStats;
  /** A socket that was refused: its request, should one arrive, is not answered. */
  isRefused(socket: net.Socket): boolean;
  stop(): void;
}

interface Pool {
  /** Insertion order is age: the first is the one to close first. */
  waiting: Set<Connection>;
  idle: Set<Connection>;
}

interface Client extends Pool {
  address: string;
  count: number;
}

interface Connection {
  socket: net.Socket;
  client: Client | null;
  since: number;
  busy: number;
  closed: boolean;
}

/**
 * The guard's record on its socket. A property rather than a WeakMap: a flood churns thousands of
 * sockets a second, and weak tables cost the garbage collector for every entry.
 */
const CONNECTION = Symbol('guarded connection');
const REFUSED = Symbol('refused connection');
type Tagged = net.Socket & { [CONNECTION]?: Connection; [REFUSED]?: true };

/** Refusals being written at one time; past this a refused socket is closed without an answer. */
const MAX_REFUSALS_IN_FLIGHT = 64;
/** How long a refusal's socket may linger for the client to read the answer. */
const REFUSAL_LINGER_MS = 1000;

function refusal(status: 503 | 429, retryAfter: number): string {
  const body = JSON.stringify({
    errors: [
      status === 503
        ? { message: 'The server is at its connection limit; retry shortly', extensions: { code: ErrorCode.OVERLOADED, retryAfter } }
        : { message: 'Too many connections from this address; close some or retry shortly', extensions: { code: ErrorCode.RATE_LIMITED, retryAfter } },
    ],
  });
  return (
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\nretry-after: ${retryAfter}\r\n` +
    `connection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

export function guardConnections(server: http.Server, options: ConnectionGuardOptions): ConnectionGuard {
  const now = options.now ?? Date.now;
  const retryAfter = options.retryAfterSeconds ?? 1;
  const member = options.budget.join(Math.min(options.reserved, options.maxConnections));
  const all: Pool = { waiting: new Set(), idle: new Set() };
  const clients = new Map<string, Client>();
  const counts = { evicted: 0, timedOut: 0, server: 0, client: 0, dropped: 0 };
  let refusing = 0;

  const unlist = (c: Connection) => {
    all.waiting.delete(c);
    all.idle.delete(c);
    c.client?.waiting.delete(c);
    c.client?.idle.delete(c);
  };
  const forget = (c: Connection) => {
    if (c.closed) return;
    c.closed = true;
    unlist(c);
    member.count--;
    if (c.client && --c.client.count === 0) clients.delete(c.client.address);
  };
  const close = (c: Connection) => {
    forget(c);
    c.socket.destroy();
  };
  /** Closes the pool's connection that is doing least; false when every one is busy. */
  const evictFrom = (pool: Pool): boolean => {
    const victim = pool.waiting.values().next().value ?? pool.idle.values().next().value;
    if (!victim) return false;
    close(victim);
    counts.evicted++;
    return true;
  };
  const refuse = (socket: net.Socket, status: 503 | 429) => {
    counts[status === 503 ? 'server' : 'client']++;
    if (refusing >= MAX_REFUSALS_IN_FLIGHT) {
      counts.dropped++;
      socket.destroy();
      return;
    }
    refusing++;
    (socket as Tagged)[REFUSED] = true;
    socket.end(refusal(status, retryAfter));
    const linger = setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS);
    linger.unref();
    socket.once('close', () => {
      refusing--;
      clearTimeout(linger);
    });
  };
  const serverFull = () => member.count >= options.maxConnections || !options.budget.admits(member);

  const onConnection = (socket: net.Socket) => {
    const exempt = isTrustedPeer(options.trust, socket.remoteAddress);
    const address = normaliseAddress(socket.remoteAddress);
    const existing = exempt ? null : (clients.get(address) ?? null);
    if (existing && existing.count >= options.maxPerClient && !evictFrom(existing)) return refuse(socket, 429);
    while (serverFull()) if (!evictFrom(all)) return refuse(socket, 503);
    let client = existing;
    if (!exempt && !client) {
      client = { address, count: 0, waiting: new Set(), idle: new Set() };
      clients.set(address, client);
    }
    const c: Connection = { socket, client, since: now(), busy: 0, closed: false };
    member.count++;
    if (client) client.count++;
    all.waiting.add(c);
    client?.waiting.add(c);
    (socket as Tagged)[CONNECTION] = c;
    socket.once('close', () => forget(c));
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const c = (req.socket as Tagged)[CONNECTION];
    if (!c || c.closed) return;
    c.busy++;
    unlist(c);
    res.once('close', () => {
      if (--c.busy > 0 || c.closed) return;
      // Back to idle: the most recently used, so the last to be closed for room.
      c.since = now();
      all.idle.add(c);
      c.client?.idle.add(c);
    });
  };

  const sweep = setInterval(() => {
    const deadline = now() - options.firstRequestTimeoutMs;
    for (const c of all.waiting) {
      if (c.since > deadline) break;
      close(c);
      counts.timedOut++;
    }
  }, options.sweepMs ?? 1000);
  sweep.unref();

  server.prependListener('connection', onConnection);
  server.prependListener('request', onRequest);
  return {
    stats: () => ({
      open: member.count,
      waiting: all.waiting.size,
      idle: all.idle.size,
      busy: member.count - all.waiting.size - all.idle.size,
      clients: clients.size,
      evicted: counts.evicted,
      timedOut: counts.timedOut,
      refused: { server: counts.server, client: counts.client, dropped: counts.dropped },
    }),
    isRefused: (socket) => (socket as Tagged)[REFUSED] === true,
    stop: () => {
      clearInterval(sweep);
      server.off('connection', onConnection);
      server.off('request', onRequest);
      options.budget.leave(member);
    },
  };
}
