/**
 * What a partial answer leaves out, read from the gateway's errors (docs/clients.md, "Partial
 * answers"): each country that gave no answer has a COUNTRY_UNAVAILABLE (or, when its answer
 * was refused, COUNTRY_BAD_RESPONSE) error naming it; an error at a path (`["events"]`) says
 * what it leaves incomplete, and `extensions.missingCountries` lists every country missing
 * there. An error without a path (older gateways) is taken to touch every field that asked
 * its country. Pure, so the pages and the Node tests share it.
 */

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
