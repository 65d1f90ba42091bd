import { LRUCache } from 'lru-cache';

/** Where cached node answers live: this process's memory, or Redis shared by gateway replicas. */
export interface ResponseStore {
  readonly kind: 'memory' | 'redis';
  /** The stored answer (JSON text), or undefined; never throws (a store that fails is a miss). */
  get(key: string): Promise<string | undefined>;
  /** Keeps `value`; `ttlSeconds` over the store's own lifetime for it (Redis; memory evicts by size). */
  set(key: string, value: string, ttlSeconds?: number): void;
  /** Forgets every entry of `country` (keys start with `keyPrefix(country)`). */
  dropCountry(country: string): void;
  close(): Promise<void>;
}

export const keyPrefix = (country: string) => `${country}:`;

/**
 * An LRU bounded by bytes (key and JSON text, 2 bytes a character as V8 may hold them), so a
 * burst of large pages cannot grow the gateway without bound. Entries of an old version are
 * never asked for again; they leave as the LRU evicts them. `maxEntries` also bounds their number.
 */
export function memoryStore(maxBytes: number, maxEntries?: number): ResponseStore {
  const lru = new LRUCache<string, string>({ maxSize: maxBytes, max: maxEntries, sizeCalculation: (value, key) => 2 * (value.length + key.length) });
  return {
    kind: 'memory',
    get: async (key) => lru.get(key),
    set: (key, value) => {
      // One huge answer must not flush everything else: an entry may take an eighth of the cache.
      if (2 * (value.length + key.length) <= maxBytes / 8) lru.set(key, value);
    },
    dropCountry: (country) => {
      const prefix = keyPrefix(country);
      for (const key of [...lru.keys()]) if (key.startsWith(prefix)) lru.delete(key);
    },
    close: async () => lru.clear(),
  };
}
