import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract, type IRateLimiterOptions } from 'rate-limiter-flexible';
import type { Verifier } from '../platform/auth.js';
import type { RateLimitConfig } from '../platform/config.js';
import { ErrorCode, rateLimited } from '../contract/errors.js';
import { clientAddress, trustFunction, type TrustFunction } from '../platform/http/client-address.js';

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
  /** Where the budgets live: this process, or Redis shared with the other gateways. */
  store: 'memory' | 'redis';
  /** Whether the budgets are where \`store\` says: false while Redis is not connected (each gateway then counts alone). */
  shared(): boolean;
  /** Lets go of Redis. */
  close(): Promise<void>;
}

/**
 * Who a request counts against: the subject of a token the gateway verified, else the client
 * address as the nearest trusted proxy saw it (TRUST_PROXY, platform/http/client-address.ts; never
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

/** Every key of the budgets starts with this, so they can share a Redis database with the response cache. */
const NAMESPACE = 'ilo:rate:';

/**
 * A limiter in Redis when one is configured, so N gateways behind a load balancer enforce one
 * budget per client; otherwise in this process. While Redis is away (not ready, or a command
 * fails or takes over 250 ms) an in-memory limiter with the same budget stands in for it
 * (rate-limiter-flexible's insurance limiter): each gateway then enforces the budget alone, so
 * a client may get up to N budgets for that while. Failing open (no limit) would let a flood
 * through exactly when the shared state is gone; failing closed would turn a Redis outage into
 * a gateway outage.
 */
function limiter(redis: Redis | null, name: string, options: IRateLimiterOptions): RateLimiterAbstract {
  if (!redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({
    ...options,
    storeClient: redis,
    keyPrefix: `${NAMESPACE}${name}`,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/**
 * Fixed-window budgets per client (rate-limiter-flexible; in Redis when `redisUrl` is set):
 * `requests` per window, and `refusals` operations refused as QUERY_TOO_COMPLEX per window,
 * after which the client is refused for a window before its request is even parsed. A refusal
 * still costs parsing and measuring (5 to 10 ms of CPU for issue 7's amplifiers); a blocked
 * request costs reading it.
 */
export function createRateLimiter(config: RateLimitConfig, verifier: Verifier | null, log: (message: string) => void = () => {}): RateLimiter {
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 250, connectTimeout: 2000 })
    : null;
  let reported = false;
  redis?.on('error', (error: Error) => {
    if (!reported) log(`rate limit: Redis unavailable (${error.message}); each gateway counts alone until it is back`);
    reported = true;
  });
  redis?.on('ready', () => {
    reported = false;
  });
  const requests = limiter(redis, 'req:', { points: config.requests, duration: config.windowSeconds });
  const refusals =
    config.refusals > 0 ? limiter(redis, 'refused:', { points: config.refusals, duration: config.windowSeconds, blockDuration: config.windowSeconds }) : null;
  const trust = trustFunction(config.trustProxy);
  const refuse = (refusal: unknown): never => {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    throw rateLimited(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
  };
  return {
    store: redis ? 'redis' : 'memory',
    shared: () => !redis || redis.status === 'ready',
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
    async close() {
      if (redis?.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis?.disconnect();
    },
  };
}
