/**
 * What a partial answer leaves out, read from the gateway's errors (docs/clients.md, "Partial
 * answers"): each country that gave no answer has a COUNTRY_UNAVAILABLE (or, when its answer
 * was refused, COUNTRY_BAD_RESPONSE) error naming it; an error at a path (`["events"]`) says
 * what it leaves incomplete, and `extensions.missingCountries` lists every country missing
 * there. An error without a path (older gateways) is taken to touch every field that asked
 * its country. A COUNTRY_UNAVAILABLE error whose part was answered from the office's last
 * known data does not leave its country out: withoutStaleParts drops it before the rest reads
 * the errors, and staleCountries says which countries are shown as of when. Pure, so the pages
 * and the Node tests share it.
 */

import { readAsOf, readVersion, type CountryPart } from '../shared/country-parts';

export interface ErrorLike {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; country?: string; reason?: string; missingCountries?: unknown; [key: string]: unknown };
}

export const COUNTRY_MISSING = ['COUNTRY_UNAVAILABLE', 'COUNTRY_BAD_RESPONSE'];

export interface MissingCountry {
  country: string;
  /** COUNTRY_UNAVAILABLE (no answer) or COUNTRY_BAD_RESPONSE (an answer the gateway refused). */
  code: string;
}

const isMissing = (e: ErrorLike) => COUNTRY_MISSING.includes(String(e.extensions?.code));

/** Every country missing from an answer, once each, in code order. */
export function missingCountries(errors: readonly ErrorLike[]): MissingCountry[] {
  const byCountry = new Map<string, MissingCountry>();
  for (const e of errors.filter(isMissing)) {
    const countries = [e.extensions?.country, ...(Array.isArray(e.extensions?.missingCountries) ? e.extensions.missingCountries : [])];
    for (const c of countries) if (typeof c === 'string' && !byCountry.has(c)) byCountry.set(c, { country: c, code: String(e.extensions?.code) });
  }
  return [...byCountry.values()].sort((a, b) => a.country.localeCompare(b.country));
}

/**
 * The countries a root field's figures exclude: those named by errors at its path, and by errors
 * with no path (they may touch any field), among the countries it asked (`asked` null: every one).
 */
export function excludedFrom(errors: readonly ErrorLike[], field: string, asked: readonly string[] | null): string[] {
  const names = new Set<string>();
  for (const e of errors.filter(isMissing)) {
    if (e.path?.length && e.path[0] !== field) continue;
    const listed = Array.isArray(e.extensions?.missingCountries) ? (e.extensions.missingCountries as unknown[]) : [];
    for (const c of [e.extensions?.country, ...listed]) if (typeof c === 'string') names.add(c);
  }
  return [...names].filter((c) => !asked || asked.includes(c)).sort();
}

/** Errors that are not about a missing country (bad input, limits, …), to show as they are. */
export function otherErrors<E extends ErrorLike>(errors: readonly E[]): E[] {
  return errors.filter((e) => !isMissing(e));
}

/** A country shown from its office's last known data (docs/clients.md, "Offline offices: last known data"). */
export interface StaleCountry {
  country: string;
  dataVersion: number | null;
  asOf: string | null;
}

/**
 * Whether an error says its country's part is there, from last known data: the answer's
 * `extensions.countries` says STALE for it, or (no such entry) the error says `servedStale`.
 * A country MISSING at one field may still be stale at another, so the error's own word counts then.
 */
function isStalePart(e: ErrorLike, parts: readonly CountryPart[] | undefined): boolean {
  if (e.extensions?.code !== 'COUNTRY_UNAVAILABLE' || typeof e.extensions.country !== 'string') return false;
  const status = parts?.find((p) => p.country === e.extensions?.country)?.status;
  if (status === 'STALE') return true;
  return status !== 'FRESH' && e.extensions.servedStale === true;
}

/** The errors that leave something out: those of parts served from last known data are not (their country is included). */
export function withoutStaleParts<E extends ErrorLike>(errors: readonly E[], parts?: readonly CountryPart[]): E[] {
  return errors.filter((e) => !isStalePart(e, parts));
}

/** Every country whose figures are (somewhere in the answer) its last known data, once each, in code order. */
export function staleCountries(errors: readonly ErrorLike[], parts?: readonly CountryPart[]): StaleCountry[] {
  const byCountry = new Map<string, StaleCountry>();
  for (const p of parts ?? []) if (p.status === 'STALE') byCountry.set(p.country, { country: p.country, dataVersion: p.dataVersion, asOf: p.asOf });
  for (const e of errors.filter((x) => isStalePart(x, parts))) {
    const country = String(e.extensions?.country);
    if (byCountry.has(country)) continue;
    byCountry.set(country, { country, dataVersion: readVersion(e.extensions?.dataVersion), asOf: readAsOf(e.extensions?.asOf) });
  }
  return [...byCountry.values()].sort((a, b) => a.country.localeCompare(b.country));
}
