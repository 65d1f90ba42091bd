import { render } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { COUNTRY_MISSING_CODES, graphql, unavailableCountries, type GraphQLResult } from '../shared/graphql';
import { Layout, UnavailableNotice } from '../shared/layout';
import '../shared/style.css';
import { EventsByTypeChart, EventsByYearChart, ProgrammeTimeline } from './charts';
import { OVERVIEW_QUERY, textIn, type Lang, type OverviewData } from './data';
import { CountsTable, ReachTable } from './tables';

function Overview() {
  const [lang, setLang] = useState<Lang>('en');
  /** null = every country (one cache entry shared by every visitor). */
  const [selected, setSelected] = useState<string[] | null>(null);
  const [result, setResult] = useState<GraphQLResult<OverviewData> | null>(null);
  const [loading, setLoading] = useState(true);
  const [allCodes, setAllCodes] = useState<string[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    graphql<OverviewData>(OVERVIEW_QUERY, { countries: selected }, { signal: controller.signal }).then((r) => {
      if (controller.signal.aborted) return;
      setResult(r);
      setLoading(false);
      if (r.data?.countries) setAllCodes((known) => (known.length ? known : r.data!.countries.map((c) => c.code)));
    });
    return () => controller.abort();
  }, [selected]);

  const data = result?.data ?? null;
  const unavailable = useMemo(() => unavailableCountries(result?.errors ?? []), [result]);
  const otherErrors = (result?.errors ?? []).filter((e) => !COUNTRY_MISSING_CODES.includes(String(e.extensions?.code)));
  const nameOf = useCallback(
    (code: string) => {
      const country = data?.countries?.find((c) => c.code === code);
      return country ? textIn(country.name, lang) : code;
    },
    [data, lang],
  );
  const shown = selected ?? allCodes;
  const toggle = (code: string) => {
    const next = shown.includes(code) ? shown.filter((c) => c !== code) : [...shown, code].sort();
    setSelected(next.length === allCodes.length ? null : next);
  };

  return (
    <Layout title="ILO country offices: regional overview" current="overview">
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Countries</legend>
          {allCodes.map((code) => (
            <label key={code}>
              <input type="checkbox" name="country" value={code} checked={shown.includes(code)} onChange={() => toggle(code)} /> {nameOf(code)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Language</legend>
          <label>
            <input type="radio" name="lang" value="en" checked={lang === 'en'} onChange={() => setLang('en')} /> English
          </label>
          <label>
            <input type="radio" name="lang" value="original" checked={lang === 'original'} onChange={() => setLang('original')} /> Original
          </label>
        </fieldset>
        <span class="status" aria-live="polite">
          {loading ? 'Loading…' : ''}
        </span>
      </form>

      <UnavailableNotice codes={unavailable} nameOf={nameOf} />
      {result?.networkError && (
        <div class="notice" role="alert">
          The gateway did not answer ({result.networkError}). Reload to try again.
        </div>
      )}
      {otherErrors.length > 0 && (
        <div class="notice" role="alert">
          Some figures could not be loaded: {otherErrors.map((e) => e.message).join('; ')}
        </div>
      )}

      {data && (
        <div class="grid" aria-busy={loading}>
          <section class="card wide">
            <h2>Events per year by country</h2>
            <EventsByYearChart rows={data.byYear ?? []} countryCodes={allCodes} countryName={nameOf} />
          </section>
          <section class="card">
            <h2>Events by type</h2>
            <EventsByTypeChart rows={data.byType ?? []} />
          </section>
          <section class="card">
            <h2>Counts per country</h2>
            <CountsTable countries={(data.countries ?? []).filter((c) => shown.includes(c.code))} unavailable={unavailable} lang={lang} />
          </section>
          <section class="card wide">
            <h2>Programmes timeline</h2>
            <ProgrammeTimeline programmes={data.programmes?.nodes ?? []} lang={lang} countryCodes={allCodes} countryName={nameOf} />
            {data.programmes && data.programmes.totalCount > data.programmes.nodes.length && (
              <p class="muted">
                Showing the first {data.programmes.nodes.length} of {data.programmes.totalCount} programmes.
              </p>
            )}
          </section>
          <section class="card wide">
            <h2>Partners present in two or more countries</h2>
            <ReachTable groups={data.organisationReach ?? []} lang={lang} />
          </section>
        </div>
      )}
    </Layout>
  );
}

render(<Overview />, document.getElementById('app')!);
