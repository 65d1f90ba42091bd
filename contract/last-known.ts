/**
 * How a country node tells the gateway, on every GraphQL answer, what it lets the gateway do with
 * its data while the node is unreachable (issue 28): `max-stale=<seconds>` (its last known data
 * may be served up to that age, marked STALE) or `no-store` (nothing of it may be kept).
 * Directives in the style of Cache-Control, but a header of its own: Cache-Control on a node's
 * answer is about HTTP caches between the two, this is about the gateway's own use of the data.
 */
export const LAST_KNOWN_HEADER = 'x-last-known';

/** Longest a node may declare: beyond a month last known data is history, not a stand-in. */
export const MAX_DECLARED_STALE_SECONDS = 30 * 86_400;

export type LastKnownPolicy = { store: false; maxStaleMs: 0 } | { store: true; maxStaleMs: number };

export const NO_STORE: LastKnownPolicy = { store: false, maxStaleMs: 0 };

export function formatLastKnownPolicy(policy: { store: boolean; maxStaleSeconds: number }): string {
  return policy.store ? `max-stale=${policy.maxStaleSeconds}` : 'no-store';
}

/**
 * What a node declared, read strictly: anything but one well-formed directive within bounds is
 * `null` (the caller treats it as no-store), because a node's bytes are not trusted.
 */
export function parseLastKnownPolicy(value: string): LastKnownPolicy | null {
  const text = value.trim().toLowerCase();
  if (text === 'no-store') return NO_STORE;
  const match = /^max-stale=(\d{1,8})$/.exec(text);
  if (!match) return null;
  const seconds = Number(match[1]);
  if (seconds > MAX_DECLARED_STALE_SECONDS) return null;
  return { store: true, maxStaleMs: seconds * 1000 };
}

/**
 * One entry of an answer's `extensions.countries`: how that country's part was given — answered
 * now, stood in for by its last known data, or left out (the gateway writes it, the pages read it).
 */
export interface CountryPart {
  country: string;
  status: 'FRESH' | 'STALE' | 'MISSING';
  /** The node's data version the part was taken at, when known. */
  dataVersion: number | null;
  /** When a STALE part's data was taken (ISO); null otherwise (a FRESH part is current as of the answer). */
  asOf: string | null;
}
