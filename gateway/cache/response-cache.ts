import type { ResponseCacheConfig } from '../../platform/config/response-cache.js';
import type { GatewayMetrics } from '../metrics.js';
import { responseCache } from '../transport/cache.js';
import type { TransportPlugin } from '../transport/transport.js';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import { operationCachePlugin, WHOLE_ANSWERS } from './operation-cache.js';
import { sdlHash } from '../registry.js';
import { redisStore } from './redis-store.js';
import { memoryStore, type ResponseStore } from './store.js';
import { VersionBook } from './versions.js';
import { LastKnownPolicies } from '../last-known/policies.js';

export interface ResponseCache {
  store: ResponseStore;
  versions: VersionBook;
  /** What each office last declared about keeping its data (`x-last-known`): `no-store` is never cached. */
  policies: LastKnownPolicies;
  /** Node sub-answers, in the transport. */
  plugin: TransportPlugin;
  /** Whole answers, in Apollo Server: given the configured countries and the current supergraph. */
  operationPlugin(countries: () => string[], supergraph: () => string | null): ApolloServerPlugin<GatewayContext>;
  close(): Promise<void>;
}

/**
 * The gateway's exact response cache: a store (memory, or Redis when configured), the nodes'
 * data versions followed over their streams, and the transport plugin that uses both. A node
 * with `cached: false` is never served from it; its version is not followed, so its stamp stays
 * null and whole answers (keyed by every node's stamp) are not cached either.
 */
export function createResponseCache(
  config: ResponseCacheConfig,
  nodes: Array<{ country: string; url: string; cached?: boolean }>,
  metrics: GatewayMetrics,
  log: (message: string) => void,
): ResponseCache {
  const store = config.redisUrl ? redisStore(config.redisUrl, config.redisTtlSeconds, log) : memoryStore(config.maxBytes);
  const versions = new VersionBook(
    { silenceMs: config.streamSilenceMs, retryMs: 500, maxRetryMs: 10000, maxEventBytes: config.streamMaxEventBytes },
    (country, reason) => {
      store.dropCountry(country);
      store.dropCountry(WHOLE_ANSWERS);
      log(`response cache: ${country} entries dropped, bypassed until its version stream is back (${reason})`);
    },
  );
  const policies = new LastKnownPolicies((country) => {
    store.dropCountry(country);
    store.dropCountry(WHOLE_ANSWERS);
  }, log);
  const uncached = new Set(nodes.filter((n) => n.cached === false).map((n) => n.country));
  for (const { country, url } of nodes) if (!uncached.has(country)) versions.follow(country, url);
  return {
    store,
    versions,
    policies,
    plugin: responseCache(
      store,
      versions,
      (country, outcome) => metrics.recordCacheLookup(country, outcome),
      (country) => !uncached.has(country) && policies.mayCache(country),
    ),
    operationPlugin: (countries, supergraph) => {
      // Hashing the supergraph once per composition, not per request.
      let seen: string | null = null;
      let id: string | null = null;
      const schemaId = () => {
        const sdl = supergraph();
        if (sdl !== seen) [seen, id] = [sdl, sdl ? sdlHash(sdl) : null];
        return id;
      };
      return operationCachePlugin(store, { versions, countries, schemaId, mayCache: (c) => policies.mayCache(c) }, (outcome) =>
        metrics.recordCacheLookup(WHOLE_ANSWERS, outcome),
      );
    },
    close: async () => {
      versions.stop();
      await store.close();
    },
  };
}
