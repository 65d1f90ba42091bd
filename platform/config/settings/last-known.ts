import { boolean, duration, integer, oneOf, size } from '../kinds.js';
import { setting } from '../setting.js';

/**
 * Last known data of offline offices (issue 28). The office decides (its node's settings,
 * published on every answer) and the gateway bounds what it holds (its own settings).
 */
export const LAST_KNOWN_SETTINGS = {
  LAST_KNOWN_MAX_STALE: setting({
    env: 'LAST_KNOWN_MAX_STALE',
    key: 'lastKnown.maxStale',
    services: ['node'],
    kind: duration('s', { min: 0, max: 30 * 86_400 }),
    default: '`24h`',
    doc: "how old this office's last known data may be when the gateway answers with it while the node is unreachable (`0` = never; marked `STALE` with its version and age, see [docs/clients.md](clients.md#offline-offices-last-known-data)). 24 h covers the overnight link failures offices see without presenting yesterday's figures as today's",
  }),
  LAST_KNOWN_STORE: setting({
    env: 'LAST_KNOWN_STORE',
    key: 'lastKnown.store',
    services: ['node'],
    kind: oneOf(['store', 'no-store'] as const),
    default: '`store`',
    doc: "`no-store`: the gateway keeps none of this office's answers, neither as last known data nor in its response cache, and drops what it holds as soon as it reads the declaration (data sovereignty)",
  }),
  LAST_KNOWN: setting({
    env: 'LAST_KNOWN',
    key: 'lastKnown.enabled',
    services: ['gateway'],
    kind: boolean,
    default: '`on` (needs the response cache: its version streams date each entry)',
    doc: "answer an unreachable office's part from its last known data within the limit that office declares",
  }),
  LAST_KNOWN_MAX_MB: setting({
    env: 'LAST_KNOWN_MAX_MB',
    key: 'lastKnown.maxSize',
    services: ['gateway'],
    kind: size('MB'),
    default: '`64MB`',
    doc: 'memory bound of the last known data per gateway process (least recently used first out)',
  }),
  LAST_KNOWN_WARM: setting({
    env: 'LAST_KNOWN_WARM',
    key: 'lastKnown.warm',
    services: ['gateway'],
    kind: oneOf(['overview', 'off'] as const),
    default: '`overview` (`off` under `NODE_ENV=test`)',
    doc: "reads whose last known data the gateway keeps current by sending them again after every version an office announces: `overview`, the regional overview as it first opens, in each interface language, so it has every office's figures when a link fails",
  }),
  LAST_KNOWN_WARM_SETTLE_MS: setting({
    env: 'LAST_KNOWN_WARM_SETTLE_MS',
    key: 'lastKnown.warmSettle',
    services: ['gateway'],
    kind: duration('ms', { min: 0, max: 3_600_000 }),
    default: '`2s`',
    doc: 'quiet time after an office announces a version before the warm reads are sent again: a burst of writes costs one round',
  }),
  LAST_KNOWN_MAX_ENTRIES: setting({
    env: 'LAST_KNOWN_MAX_ENTRIES',
    key: 'lastKnown.maxEntries',
    services: ['gateway'],
    kind: integer({ min: 1, max: 10_000_000 }),
    default: '`20000`',
    doc: "most sub-answers kept as last known data per gateway process; with Redis (`RESPONSE_CACHE_REDIS_URL`) they are kept there instead, bounded by Redis `maxmemory` and by each office's `LAST_KNOWN_MAX_STALE` as their lifetime",
  }),
};
