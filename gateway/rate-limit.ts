import type http from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Verifier } from '../shared/auth.js';
import type { RateLimitConfig } from '../shared/config.js';
import { rateLimited } from '../shared/errors.js';

export interface RateLimiter {
  /** Counts one request of the caller; throws RATE_LIMITED (HTTP 429, Retry-After) over budget. */
  admit(req: http.IncomingMessage): Promise<void>;
}

/**
 * Who a request counts against: the subject of a token the gateway verified, else the client
 * address. An invalid token counts against the address, so forging subjects gains nothing.
 */
export async function clientKey(req: http.IncomingMessage, verifier: Verifier | null, trustProxy: boolean): Promise<string> {
  if (verifier && req.headers.authorization) {
    const principal = await verifier.principalFrom(req.headers.authorization);
    if (principal.kind === 'user') return `sub:${principal.sub}`;
  }
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0].trim() : '';
  return `ip:${forwarded || req.socket.remoteAddress || 'unknown'}`;
}

/** A fixed-window budget per client (rate-limiter-flexible, in memory: one gateway process). */
export function createRateLimiter(config: RateLimitConfig, verifier: Verifier | null): RateLimiter {
  const limiter = new RateLimiterMemory({ points: config.requests, duration: config.windowSeconds });
  return {
    async admit(req) {
      const key = await clientKey(req, verifier, config.trustProxy);
      try {
        await limiter.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        throw rateLimited(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
      }
    },
  };
}
