import { read, type Env } from './setting.js';
import { S } from './settings/index.js';

/** What an office declares of its data kept by the gateway (platform/config/settings/last-known.ts). */
export interface LastKnownNodeConfig {
  /** Oldest its last known data may be when served, in seconds; 0 = never served stale. */
  maxStaleSeconds: number;
  /** False: `no-store`, nothing of it is kept. */
  store: boolean;
}

/** The gateway's bounds on the last known data it holds. */
export interface LastKnownConfig {
  enabled: boolean;
  maxBytes: number;
  maxEntries: number;
  /** Reads kept current after every announced version (gateway/last-known/warm.ts). */
  warm: 'overview' | 'off';
  warmSettleMs: number;
}

export function lastKnownNodeConfig(env: Env): LastKnownNodeConfig {
  return { maxStaleSeconds: read(env, S.LAST_KNOWN_MAX_STALE, 24 * 3600), store: read(env, S.LAST_KNOWN_STORE, 'store') === 'store' };
}

export function lastKnownConfig(env: Env, envName: string): LastKnownConfig {
  return {
    enabled: read(env, S.LAST_KNOWN, true),
    maxBytes: read(env, S.LAST_KNOWN_MAX_MB, 64 * 1024 * 1024),
    maxEntries: read(env, S.LAST_KNOWN_MAX_ENTRIES, 20_000),
    // Off in tests, as the response cache: warm reads would reach the nodes behind their counters.
    warm: read(env, S.LAST_KNOWN_WARM, envName === 'test' ? 'off' : 'overview'),
    warmSettleMs: read(env, S.LAST_KNOWN_WARM_SETTLE_MS, 2000),
  };
}
