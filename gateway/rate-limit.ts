import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Verifier } from '../shared/auth.js';
import type { RateLimitConfig } from '../shared/config.js';
import { ErrorCode, rateLimited } from '../shared/errors.js';
import { clientAddress, trustFunction, type TrustFunction } from '../shared/http/client-address.js';

/** Set on a request's context: whom the request counts against. */
const CLIENT = Symbol('rate-limit client');

export interface RateLimiter {
  /**
   * Counts one request of the caller and marks `context` with who it is; throws RATE_LIMITED
   * (HTTP 429, Retry-After) over budget or while the caller is blocked for refused operations.
   */
  admit(req: http.IncomingMessage, context: object): Promise<void>;
  /** Counts the operations refused as too complex against their client. */
  plugin: ApolloServerPlugin<object>;
}

/**
 * Who a request counts against: the subject of a token the gateway verified, else the client
 * address as the nearest trusted proxy saw it (TRUST_PROXY, shared/http/client-address.ts; never
 * the client-written leftmost X-Forwarded-For entry). An invalid token counts against the
 * address, so forging subjects gains nothing.
 */
export async function clientKey(req: http.IncomingMessage, verifier: Verifier | null, trust: TrustFunction): Promise<string> {
  if (verifier && req.headers.authorization) {
    const principal = await verifier.principalFrom(req.headers.authorization);
    if (principal.kind === 'user') return `sub:${principal.sub}`;
  }
  return `ip:${clientAddress(req, trust)}`;
}

function refusedAsTooComplex(error: { extensions?: Record<string, unknown>; originalError?: unknown }): boolean {
  const original = error.originalError as { extensions?: Record<string, unknown> } | undefined;
  return error.extensions?.code === ErrorCode.QUERY_TOO_COMPLEX || original?.extensions?.code === ErrorCode.QUERY_TOO_COMPLEX;
}

/**
 * Fixed-window budgets per client (rate-limiter-flexible, in memory: one gateway process):
 * `requests` per window, and `refusals` operations refused as QUERY_TOO_COMPLEX per window,
 * after which the client is refused for a window before its request is even parsed. A refusal
 * still costs parsing and measuring (5 to 10 ms of CPU for issue 7's amplifiers); a blocked
 * request costs reading it.
 */
export function createRateLimiter(config: RateLimitConfig, verifier: Verifier | null): RateLimiter {
  const requests = new RateLimiterMemory({ points: config.requests, duration: config.windowSeconds });
  const refusals =
    config.refusals > 0 ? new RateLimiterMemory({ points: config.refusals, duration: config.windowSeconds, blockDuration: config.windowSeconds }) : null;
  const trust = trustFunction(config.trustProxy);
  const refuse = (refusal: unknown): never => {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    throw rateLimited(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
  };
  return {
    async admit(req, context) {
      const key = await clientKey(req, verifier, trust);
      (context as Record<symbol, string>)[CLIENT] = key;
      const blocked = await refusals?.get(key);
      if (blocked && blocked.consumedPoints > config.refusals) refuse(blocked);
      await requests.consume(key).catch(refuse);
    },
    plugin: {
      async requestDidStart() {
        return {
          async didEncounterErrors({ errors, contextValue }) {
            const key = (contextValue as Record<symbol, string | undefined>)[CLIENT];
            if (refusals && key && errors.some(refusedAsTooComplex)) await refusals.consume(key).catch(() => {});
          },
        };
      },
    },
  };
}
