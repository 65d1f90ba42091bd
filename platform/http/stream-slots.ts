import type http from 'node:http';
import { ErrorCode } from '../../contract/errors.js';
import { positiveInt, type Env } from '../env-values.js';
import { clientAddress, parseTrustProxy, trustFunction, type TrustFunction } from './client-address.js';

/**
 * Long-lived answers (Server-Sent Events) hold a connection and a timer each for as long as the
 * client likes: 5,000 streams stayed open on one node. Each stream takes a slot, within a total
 * and a per-client-address cap; a request over either is answered at once with a coded error and
 * Retry-After, and its slot is given back when the stream closes.
 */
export interface StreamLimits {
  /** Streams open at once on this server (MAX_SSE_STREAMS). */
  total: number;
  /** Streams open at once from one client address (MAX_SSE_STREAMS_PER_CLIENT). */
  perClient: number;
  trust: TrustFunction;
}

/**
 * A gateway process follows one stream per node, so 16 per address is a host running 16 gateway
 * workers; 256 in all is 16 such hosts, far beyond a federation of country offices.
 */
export function streamLimitsFromEnv(env: Env): StreamLimits {
  return {
    total: positiveInt(env.MAX_SSE_STREAMS, 256, 'MAX_SSE_STREAMS'),
    perClient: positiveInt(env.MAX_SSE_STREAMS_PER_CLIENT, 16, 'MAX_SSE_STREAMS_PER_CLIENT'),
    trust: trustFunction(parseTrustProxy(env.TRUST_PROXY)),
  };
}

export interface StreamSlots {
  /** Takes a slot for `req` and returns its release, or answers `res` with the refusal and returns null. */
  acquire(req: http.IncomingMessage, res: http.ServerResponse): (() => void) | null;
  open(): number;
}

const RETRY_AFTER_SECONDS = 5;

export function createStreamSlots(limits: StreamLimits): StreamSlots {
  const perClient = new Map<string, number>();
  let open = 0;
  const refuse = (res: http.ServerResponse, status: 429 | 503, message: string) => {
    const code = status === 429 ? ErrorCode.RATE_LIMITED : ErrorCode.OVERLOADED;
    res
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(RETRY_AFTER_SECONDS) })
      .end(JSON.stringify({ errors: [{ message, extensions: { code, retryAfter: RETRY_AFTER_SECONDS } }] }));
  };
  return {
    open: () => open,
    acquire(req, res) {
      const client = clientAddress(req, limits.trust);
      const mine = perClient.get(client) ?? 0;
      if (mine >= limits.perClient) {
        refuse(res, 429, `This address has ${mine} streams open, the most one client may (MAX_SSE_STREAMS_PER_CLIENT); close one or retry later`);
        return null;
      }
      if (open >= limits.total) {
        refuse(res, 503, `This server has ${open} streams open, the most it serves (MAX_SSE_STREAMS); retry later`);
        return null;
      }
      open++;
      perClient.set(client, mine + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open--;
        const left = (perClient.get(client) ?? 1) - 1;
        if (left > 0) perClient.set(client, left);
        else perClient.delete(client);
      };
    },
  };
}
