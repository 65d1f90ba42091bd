/**
 * How each country's part of an answer was given (`extensions.countries`, docs/clients.md
 * "Offline offices: last known data"): answered now, from its office's last known data, or not
 * at all. Pure (no DOM), so the pages and the Node tests share it.
 */

import type { CountryPart } from '../../contract/last-known';

export type { CountryPart };

const STATUSES: ReadonlyArray<CountryPart['status']> = ['FRESH', 'STALE', 'MISSING'];

/** A data version as the server sent it (in a part or an error's extensions), or null when it is none. */
export const readVersion = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** A time as the server sent it, or null when it does not read as one. */
export const readAsOf = (value: unknown): string | null => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null);

/** `extensions.countries`, checked entry by entry (JSON from the server): entries that do not read as one are dropped. */
export function countryParts(value: unknown): CountryPart[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((entry: { country?: unknown; status?: unknown; dataVersion?: unknown; asOf?: unknown } | null) => {
    const status = STATUSES.find((s) => s === entry?.status);
    if (typeof entry?.country !== 'string' || !status) return [];
    return [{ country: entry.country, status, dataVersion: readVersion(entry.dataVersion), asOf: readAsOf(entry.asOf) }];
  });
}
