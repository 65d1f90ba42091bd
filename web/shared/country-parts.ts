/**
 * How each country's part of an answer was given (`extensions.countries`, docs/clients.md
 * "Offline offices: last known data"): answered now, from its office's last known data, or not
 * at all. Pure (no DOM), so the pages and the Node tests share it.
 */

export interface CountryPart {
  country: string;
  status: 'FRESH' | 'STALE' | 'MISSING';
  /** The data version a STALE part was taken at; null when the gateway did not know it. */
  dataVersion: number | null;
  /** When a STALE part was taken; null for a part current as of the answer. */
  asOf: string | null;
}

const STATUSES: ReadonlyArray<CountryPart['status']> = ['FRESH', 'STALE', 'MISSING'];

/** `extensions.countries`, checked entry by entry (JSON from the server): entries that do not read as one are dropped. */
export function countryParts(value: unknown): CountryPart[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((entry: { country?: unknown; status?: unknown; dataVersion?: unknown; asOf?: unknown } | null) => {
    const status = STATUSES.find((s) => s === entry?.status);
    if (typeof entry?.country !== 'string' || !status) return [];
    const dataVersion = typeof entry.dataVersion === 'number' && Number.isFinite(entry.dataVersion) ? entry.dataVersion : null;
    const asOf = typeof entry.asOf === 'string' && !Number.isNaN(Date.parse(entry.asOf)) ? entry.asOf : null;
    return [{ country: entry.country, status, dataVersion, asOf }];
  });
}
