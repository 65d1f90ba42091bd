import { ConfigError, flag, positiveInt, seconds, type Env } from '../../shared/env-values.js';

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
 * RESPONSE_CACHE (on by default, except under NODE_ENV=test: the suite counts the requests that
 * reach each node and freezes nodes behind proxies; the cache tests turn it on), RESPONSE_CACHE_MAX_MB,
 * RESPONSE_CACHE_REDIS_URL, RESPONSE_CACHE_REDIS_TTL, RESPONSE_CACHE_STREAM_SILENCE_MS,
 * RESPONSE_CACHE_STREAM_MAX_EVENT_BYTES. On by default
 * because it is exact: an answer is served only at the data version it was fetched at.
 */
export function responseCacheConfig(env: Env, envName: string): ResponseCacheConfig {
  const redisUrl = env.RESPONSE_CACHE_REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError(`RESPONSE_CACHE_REDIS_URL must look like redis://host:6379, got "${redisUrl}"`);
  return {
    enabled: flag(env.RESPONSE_CACHE, envName !== 'test', 'RESPONSE_CACHE'),
    maxBytes: positiveInt(env.RESPONSE_CACHE_MAX_MB, 64, 'RESPONSE_CACHE_MAX_MB') * 1024 * 1024,
    redisUrl,
    redisTtlSeconds: seconds(env.RESPONSE_CACHE_REDIS_TTL, 600, 'RESPONSE_CACHE_REDIS_TTL'),
    streamSilenceMs: positiveInt(env.RESPONSE_CACHE_STREAM_SILENCE_MS, 5000, 'RESPONSE_CACHE_STREAM_SILENCE_MS'),
    streamMaxEventBytes: positiveInt(env.RESPONSE_CACHE_STREAM_MAX_EVENT_BYTES, 4096, 'RESPONSE_CACHE_STREAM_MAX_EVENT_BYTES'),
  };
}
