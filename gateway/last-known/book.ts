import { cacheKey } from '../transport/cache.js';
import type { ResponseStore } from '../cache/store.js';
import type { DataVersion } from '../cache/versions.js';
import type { NodeRequest, NodeResponse } from '../transport/transport.js';

/** One kept sub-answer: what the node answered, at which data version, when. */
export interface LastKnownEntry {
  version: number;
  writes: number;
  /** Epoch ms the node's answer arrived. */
  takenAt: number;
  /** The office's max-stale when it was taken: its last word, for a gateway that restarted since (Redis). */
  maxStaleMs: number;
  response: NodeResponse;
}

/** What `/health` shows of one country: its newest kept data. */
export interface LastKnownSummary {
  dataVersion: number;
  asOf: string;
}

/**
 * The last successful sub-answer per (country, sub-operation, variables), replaced by each newer
 * one. Kept in a store bounded by bytes and entries (memory) or in Redis, where it outlives a
 * gateway restart and each entry lives no longer than its office lets it be served. The clock
 * is injected: ages are logic here, and tests turn it.
 */
export class LastKnownBook {
  private readonly newestKept = new Map<string, { version: number; takenAt: number }>();

  constructor(
    readonly store: ResponseStore,
    private readonly now: () => number = Date.now,
  ) {}

  keep(country: string, request: NodeRequest, taken: DataVersion, response: NodeResponse, maxStaleMs: number): void {
    const entry: LastKnownEntry = { version: taken.version, writes: taken.writes, takenAt: this.now(), maxStaleMs, response };
    this.store.set(keyOf(country, taken.tag, request), JSON.stringify(entry), Math.max(1, Math.ceil(maxStaleMs / 1000)));
    const seen = this.newestKept.get(country);
    if (!seen || seen.takenAt <= entry.takenAt) this.newestKept.set(country, { version: entry.version, takenAt: entry.takenAt });
  }

  /** The entry for this request, if any (whether it may stand in is the caller's rule). */
  async find(country: string, tag: string, request: NodeRequest): Promise<LastKnownEntry | undefined> {
    const text = await this.store.get(keyOf(country, tag, request));
    if (text === undefined) return undefined;
    try {
      const entry = JSON.parse(text) as LastKnownEntry;
      return typeof entry.version === 'number' && typeof entry.takenAt === 'number' && typeof entry.maxStaleMs === 'number' && entry.response
        ? entry
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** Ms since `entry` was taken. */
  age(entry: LastKnownEntry): number {
    return Math.max(0, this.now() - entry.takenAt);
  }

  drop(country: string): void {
    this.newestKept.delete(country);
    this.store.dropCountry(country);
  }

  summary(country: string): (LastKnownSummary & { ageSeconds: number }) | null {
    const kept = this.newestKept.get(country);
    if (!kept) return null;
    return { dataVersion: kept.version, asOf: new Date(kept.takenAt).toISOString(), ageSeconds: Math.round((this.now() - kept.takenAt) / 1000) };
  }
}

/** Keyed without the version: a newer answer replaces the older one. */
function keyOf(country: string, tag: string, request: NodeRequest): string {
  return cacheKey(country, `lk.${tag}`, request.query, request.variables);
}
