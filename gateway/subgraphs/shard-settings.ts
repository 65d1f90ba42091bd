import { ConfigError } from '../../platform/env-values.js';
import type { BreakerOverride } from '../transport/breaker.js';
import type { Shard } from './subgraph-list.js';

/** The gateway-wide values a shard's own `breaker:` and `cache:` override. */
export interface GatewayWide {
  breaker: { openMs: number; maxOpenMs: number; probeTimeoutMs: number };
  cacheEnabled: boolean;
}

export interface ShardSettings {
  /** Each shard's breaker settings that differ from the gateway-wide ones, by shard key. */
  perKey: Map<string, BreakerOverride>;
  probeTimeoutMs(key: string): number;
  /** The response cache's nodes; a shard's `cache:` overrides RESPONSE_CACHE either way. */
  cacheNodes: Array<{ country: string; url: string; cached: boolean }>;
}

/**
 * A sharded subgraph's per-shard settings over the gateway-wide ones. A shard's open time longer
 * than its longest (e.g. `openFor: 30s` under the default BREAKER_MAX_OPEN_MS of 15 s) is refused
 * at start: the circuit would wait the longer time once, then the shorter, which no one means.
 */
export function shardSettings(shards: readonly Shard[], wide: GatewayWide): ShardSettings {
  const perKey = new Map<string, BreakerOverride>();
  for (const { key, breaker = {} } of shards) {
    const openMs = breaker.openMs ?? wide.breaker.openMs;
    const maxOpenMs = breaker.maxOpenMs ?? wide.breaker.maxOpenMs;
    if (openMs > maxOpenMs)
      throw new ConfigError(
        `subgraphs: shard ${key}: breaker openFor (${openMs} ms) is longer than maxOpenFor (${maxOpenMs} ms, BREAKER_MAX_OPEN_MS when not set)`,
      );
    const { probeTimeoutMs: _probe, ...override } = breaker;
    perKey.set(key, override);
  }
  const probe = new Map(shards.map((s) => [s.key, s.breaker?.probeTimeoutMs ?? wide.breaker.probeTimeoutMs]));
  return {
    perKey,
    probeTimeoutMs: (key) => probe.get(key) ?? wide.breaker.probeTimeoutMs,
    cacheNodes: shards.map(({ key, url, cache }) => ({ country: key, url, cached: cache ?? wide.cacheEnabled })),
  };
}
