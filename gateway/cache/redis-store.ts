import { Redis } from 'ioredis';
import { keyPrefix, type ResponseStore } from './store.js';

/** Every key of the cache starts with this, so it can share a Redis database with other uses. */
const NAMESPACE = 'ilo:response:';

/**
 * The cache in Redis, shared by every gateway process that points at it (workers, replicas).
 * Redis is an accelerator here, never a dependency: a command that fails or takes longer than
 * `timeoutMs` is a miss (reads) or nothing (writes), and commands are not queued while Redis is
 * away. Entries expire after `ttlSeconds`; the Redis server's own `maxmemory` and an LRU
 * eviction policy bound its memory (docs/operations.md, Configuration). Other uses (the last
 * known data) pass a `namespace` of their own and a lifetime per entry.
 */
export function redisStore(
  url: string,
  ttlSeconds: number,
  log: (message: string) => void = () => {},
  timeoutMs = 250,
  namespace = NAMESPACE,
): ResponseStore & { redis: Redis } {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: timeoutMs, connectTimeout: 2000, lazyConnect: false });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported)
      log(`${namespace === NAMESPACE ? 'response cache' : `store ${namespace}`}: Redis unavailable (${error.message}); answering without it until it is back`);
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  return {
    kind: 'redis',
    redis,
    get: async (key) => {
      try {
        return (await redis.get(namespace + key)) ?? undefined;
      } catch {
        return undefined;
      }
    },
    set: (key, value, ttl = ttlSeconds) => {
      redis.set(namespace + key, value, 'EX', ttl).catch(() => {});
    },
    dropCountry: (country) => {
      // SCAN, not KEYS: Redis stays responsive however many entries there are. Lookups for the
      // country are bypassed while in doubt, so nothing waits for this.
      const stream = redis.scanStream({ match: `${namespace}${keyPrefix(country)}*`, count: 500 });
      stream.on('data', (keys: string[]) => {
        if (keys.length) redis.unlink(...keys).catch(() => {});
      });
      stream.on('error', () => {});
    },
    close: async () => {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect(); // also stops reconnecting to a Redis that is away
    },
  };
}
