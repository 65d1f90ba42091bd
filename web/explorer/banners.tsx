import type { GraphQLResult } from '../shared/graphql';
import { useHealth, type NodeHealth } from './hooks';
import { missingCountries, otherErrors, staleCountries, withoutStaleParts, type MissingCountry, type StaleCountry } from './partial';
import { dateTime, t } from './text';

/** A figure on the page and the countries it leaves out (from partial.ts's excludedFrom). */
export interface Figure {
  label: string;
  excluded: string[];
}

/**
 * One banner per country missing from the answer: which country, since when (the gateway's
 * circuit for it has been open since then; otherwise it failed this request only), and which
 * figures on the page leave it out. Shown, never hidden; the rest of the page still shows. A
 * country answered from its office's last known data is included: its banner says as of when.
 */
export function Banners({ result, figures, nameOf }: { result: GraphQLResult<unknown> | null; figures: Figure[]; nameOf: (code: string) => string }) {
  const missing = result ? missingCountries(withoutStaleParts(result.errors, result.countries)) : [];
  const stale = result ? staleCountries(result.errors, result.countries) : [];
  const health = useHealth(missing.map((m) => m.country));
  const others = result ? otherErrors(result.errors) : [];
  return (
    <>
      {missing.map((m) => (
        <CountryBanner key={m.country} missing={m} health={health} figures={figures} nameOf={nameOf} />
      ))}
      {stale.map((s) => (
        <StaleBanner key={s.country} stale={s} nameOf={nameOf} />
      ))}
      {result?.networkError && (
        <div class="notice" role="alert">
          {t('banner.network', { reason: result.networkError })}
        </div>
      )}
      {others.length > 0 && (
        <div class="notice" role="alert" id="query-problems">
          {t('banner.errors', { messages: [...new Set(others.map((e) => e.message))].join('; ') })}
        </div>
      )}
    </>
  );
}

function sinceOf(health: NodeHealth[] | null, country: string): string | null {
  const node = health?.find((n) => n.country === country);
  return node?.breaker && node.breaker.state !== 'closed' ? node.breaker.since : null;
}

function CountryBanner({
  missing,
  health,
  figures,
  nameOf,
}: {
  missing: MissingCountry;
  /** Null while the gateway's health is still being asked: until then the banner cannot say since when. */
  health: NodeHealth[] | null;
  figures: Figure[];
  nameOf: (code: string) => string;
}) {
  const name = `${nameOf(missing.country)} (${missing.country})`;
  const labels = figures.filter((f) => f.excluded.includes(missing.country)).map((f) => f.label);
  const since = sinceOf(health, missing.country);
  const why = missing.code === 'COUNTRY_BAD_RESPONSE' ? t('banner.badAnswer') : t('banner.noAnswer');
  return (
    <div class="notice" role="alert" data-unavailable={missing.country} data-health={health ? 'checked' : 'pending'}>
      <strong>{t('banner.title', { name })}</strong> {why} {since ? t('banner.since', { since: dateTime(since) }) : t('banner.thisRequest')}{' '}
      {labels.length > 0 ? t('banner.excludes', { figures: labels.join('; ') }) : t('banner.excludesPage')} {t('banner.retry')}
    </div>
  );
}

function StaleBanner({ stale, nameOf }: { stale: StaleCountry; nameOf: (code: string) => string }) {
  const name = `${nameOf(stale.country)} (${stale.country})`;
  const text = !stale.asOf
    ? t('banner.staleUndated', { name })
    : stale.dataVersion === null
      ? t('banner.staleNoVersion', { name, asOf: dateTime(stale.asOf) })
      : t('banner.stale', { name, asOf: dateTime(stale.asOf), version: stale.dataVersion });
  return (
    <div class="notice" role="status" data-stale={stale.country}>
      {text} {t('banner.retry')}
    </div>
  );
}

/** The note beside a count or total: "excludes Viet Nam (VN)". */
export function Excludes({ countries, nameOf }: { countries: string[]; nameOf: (code: string) => string }) {
  if (!countries.length) return null;
  return (
    <span class="excludes" data-excludes={countries.join(',')}>
      {t('excludes', { names: countries.map((c) => `${nameOf(c)} (${c})`).join(', ') })}
    </span>
  );
}
