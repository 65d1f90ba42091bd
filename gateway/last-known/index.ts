import type { LastKnownConfig } from '../../platform/config/last-known.js';
import type { ResponseCacheConfig } from '../../platform/config/response-cache.js';
import type { Logger } from '../../platform/observability/logger.js';
import { redisStore } from '../cache/redis-store.js';
import { memoryStore } from '../cache/store.js';
import type { GatewayMetrics } from '../metrics.js';
import type { TransportPlugin } from '../transport/transport.js';
import { overviewOpenings } from '../../contract/overview.js';
import type { GatewayConfig } from '../../platform/config.js';
import type { VersionBook } from '../cache/versions.js';
import { LastKnownBook, type LastKnownSummary } from './book.js';
import { LastKnownWarmer, sendToSelf } from './warm.js';
import { lastKnownData, type VersionsOfNodes } from './plugin.js';
import type { LastKnownPolicies } from './policies.js';

export interface LastKnown {
  book: LastKnownBook;
  plugin: TransportPlugin;
  /** What `/health` shows per country: the office's policy and the newest data kept of it. */
  health(country: string): { maxStaleSeconds: number; store: boolean; lastKnown: (LastKnownSummary & { ageSeconds: number }) | null };
  close(): Promise<void>;
}

/**
 * Offline offices answered from their last known data (issue 28): a store (Redis when the
 * response cache uses it, so the data outlives a gateway restart; else bounded memory), the
 * offices' declared policies, and the transport plugin. Needs the response cache's version
 * streams: an entry is only as good as the version it is known to have been taken at.
 */
export function createLastKnown(
  config: LastKnownConfig,
  cache: ResponseCacheConfig,
  versions: VersionsOfNodes,
  policies: LastKnownPolicies,
  metrics: GatewayMetrics,
  logger: Logger,
): LastKnown {
  const log = (message: string) => logger.warn(message);
  // The Redis lifetime of an entry is set per entry (its office's max-stale); this is only the fallback.
  const store = cache.redisUrl ? redisStore(cache.redisUrl, 86_400, log, 250, 'ilo:last-known:') : memoryStore(config.maxBytes, config.maxEntries);
  const book = new LastKnownBook(store);
  policies.onNoStore((country) => {
    book.drop(country);
    logger.info({ country }, `last known data: ${country} declared no-store; nothing of it is kept`);
  });
  const plugin = lastKnownData({
    book,
    versions,
    policies,
    served: (country, ageMs, entry) => {
      metrics.recordStaleAnswer(country);
      logger.info(
        { country, ageSeconds: Math.round(ageMs / 1000), dataVersion: entry.version },
        `served ${country}'s last known data (version ${entry.version}, ${Math.round(ageMs / 1000)} s old)`,
      );
    },
  });
  return {
    book,
    plugin,
    health: (country) => {
      const policy = policies.current(country);
      return { maxStaleSeconds: policy.maxStaleMs / 1000, store: policy.store, lastKnown: book.summary(country) };
    },
    close: () => store.close(),
  };
}

/** The regional overview's openings sent again after every version an office announces (LAST_KNOWN_WARM=overview). */
export function keepOverviewWarm(
  versions: VersionBook,
  url: () => string,
  config: Pick<GatewayConfig, 'lastKnown' | 'requestTimeoutMs'>,
  log: (message: string) => void,
): LastKnownWarmer {
  const warmer = new LastKnownWarmer(overviewOpenings(), sendToSelf(url, config.requestTimeoutMs), config.lastKnown.warmSettleMs, log);
  versions.onNewVersion(() => warmer.changed());
  // Versions announced before the server listened are not told again: warm once now.
  warmer.changed();
  return warmer;
}
