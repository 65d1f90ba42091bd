import { read, type Env } from './setting.js';
import { S } from './settings/index.js';

/** The gateway's exact response cache (see gateway/transport/cache.ts). */
export interface ResponseCacheConfig {
  enabled: boolean;
  /** Memory store bound, in bytes (each gateway process has its own). */
  maxBytes: number;
  /** Redis shared by gateway replicas and workers instead of memory (`redis://host:6379/0`). */
  redisUrl?: string;
  /** How long an entry lives in Redis at most; old versions are never read again, this bounds what they hold. */
  redisTtlSeconds: number;
  /** A node's version stream silent this long (it beats every second) is taken as lost. */
  streamSilenceMs: number;
  /** Longest event of a version stream (the node's are a few dozen bytes); a longer one drops the stream as lost. */
  streamMaxEventBytes: number;
}

/**
 * The cache's settings (platform/config/settings/gateway.ts). On by default because it is exact:
 * an answer is served only at the data version it was fetched at; off under NODE_ENV=test, where
 * the suite counts the requests that reach each node (the cache tests turn it on).
 */
export function responseCacheConfig(env: Env, envName: string): ResponseCacheConfig {
  return {
    enabled: read(env, S.RESPONSE_CACHE, envName !== 'test'),
    maxBytes: read(env, S.RESPONSE_CACHE_MAX_MB, 64 * 1024 * 1024),
    redisUrl: read(env, S.RESPONSE_CACHE_REDIS_URL),
    redisTtlSeconds: read(env, S.RESPONSE_CACHE_REDIS_TTL, 600),
    streamSilenceMs: read(env, S.RESPONSE_CACHE_STREAM_SILENCE_MS, 5000),
    streamMaxEventBytes: read(env, S.RESPONSE_CACHE_STREAM_MAX_EVENT_BYTES, 4096),
  };
}
