import { currentScope, type CountryPart } from '../../platform/observability/request-scope.js';

const RANK: Record<CountryPart['status'], number> = { FRESH: 0, STALE: 1, MISSING: 2 };

/**
 * Notes how `country`'s part of the current request was answered. A country asked more than once
 * in one request (several fetches, a second page round) reports its worst part, and of stale
 * parts the oldest: the answer is only as current as its oldest piece.
 */
export function recordPart(country: string, part: CountryPart): void {
  const scope = currentScope();
  if (!scope) return;
  const parts = (scope.countryParts ??= new Map<string, CountryPart>());
  const seen = parts.get(country);
  if (!seen || RANK[part.status] > RANK[seen.status] || (part.status === 'STALE' && seen.status === 'STALE' && (part.asOf ?? '') < (seen.asOf ?? '')))
    parts.set(country, part);
}

/** Whether any part of the current request is last known data (never cached, never public). */
export function servedStale(): boolean {
  for (const part of currentScope()?.countryParts?.values() ?? []) if (part.status === 'STALE') return true;
  return false;
}
