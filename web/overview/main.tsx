import { render } from 'preact';
import { useCallback, useEffect, useRef } from 'preact/hooks';
import { Banners, Excludes } from '../explorer/banners';
import { useQuery } from '../explorer/hooks';
import { navigate, useSearch } from '../explorer/nav';
import { excludedFrom, missingCountries, staleCountries, withoutStaleParts } from '../explorer/partial';
import { LanguageSwitch } from '../explorer/language-switch';
import { navText, t, uiLang } from '../explorer/text';
import { Layout } from '../shared/layout';
import '../shared/style.css';
import '../explorer/explorer.css';
import { EventsByTypeChart, EventsByYearChart, ProgrammeTimeline } from './charts';
import { OVERVIEW_QUERY, textIn, type Lang, type OverviewData } from './data';
import { CountsTable, ReachTable, TypeTable, YearTable } from './tables';

/** `?country=AZ,VN&text=original`: the overview's state is in its address too (shareable, back button works). */
function overviewState(search: string): { selected: string[] | null; lang: Lang } {
  const q = new URLSearchParams(search);
  const codes = (q.get('country') ?? '').split(',').filter((c) => /^[A-Z]{2}$/.test(c));
  return { selected: codes.length ? [...new Set(codes)].sort() : null, lang: q.get('text') === 'original' ? 'original' : 'en' };
}

function setParam(search: string, key: string, value: string | null): void {
  const q = new URLSearchParams(search);
  if (value) q.set(key, value);
  else q.delete(key);
  const query = q.toString();
  navigate(query ? `?${query}` : window.location.pathname);
}

function Overview() {
  const search = useSearch();
  const { selected, lang } = overviewState(search);
  // An offline office's last known data is welcome here: the banners and the counts say which country is shown as of when.
  const answer = useQuery<OverviewData>(OVERVIEW_QUERY, { countries: selected, lang: uiLang }, { acceptStale: true });
  // The figures stay on screen while a new selection loads.
  const last = useRef(answer.result);
  if (answer.result) last.current = answer.result;
  const result = last.current;
  const loading = answer.loading;
  const data = result?.data ?? null;
  // The country checkboxes outlive an answer without data (every selected country unanswered), so a reader can change the selection.
  const known = useRef<OverviewData['countries']>([]);
  if (data?.countries?.length) known.current = data.countries;
  const allCodes = known.current.map((c) => c.code);
  // Errors of parts answered from last known data leave nothing out: only the rest read as "excludes".
  const errors = withoutStaleParts(result?.errors ?? [], result?.countries);
  const unavailable = missingCountries(errors).map((m) => m.country);
  const stale = staleCountries(result?.errors ?? [], result?.countries);
  const nameOf = useCallback(
    (code: string) => {
      const country = known.current.find((c) => c.code === code);
      return country ? textIn(country.name, lang) : code;
    },
    [data, lang],
  );
  const shown = selected ?? allCodes;
  const countryParam = selected ? selected.join(',') : undefined;
  const toggle = (code: string) => {
    const next = shown.includes(code) ? shown.filter((c) => c !== code) : [...shown, code].sort();
    setParam(search, 'country', next.length === allCodes.length ? null : next.join(','));
  };
  const excluded = (field: string) => excludedFrom(errors, field, selected);
  const figures = [
    { label: t('overview.byYear'), excluded: excluded('byYear') },
    { label: t('overview.byType'), excluded: excluded('byType') },
    { label: t('overview.counts'), excluded: excluded('countries') },
    { label: t('overview.timeline'), excluded: excluded('programmes') },
    { label: t('overview.reach'), excluded: excluded('organisationReach') },
  ];
  useEffect(() => {
    document.documentElement.lang = uiLang;
    document.title = `${t('overview.title')} · ILO`;
  }, []);

  return (
    <Layout title={t('overview.title')} current="overview" nav={navText()}>
      <LanguageSwitch />
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('filter.countries')}</legend>
          {allCodes.map((code) => (
            <label key={code}>
              <input type="checkbox" name="country" value={code} checked={shown.includes(code)} onChange={() => toggle(code)} /> {nameOf(code)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('filter.textMode')}</legend>
          <label>
            <input type="radio" name="lang" value="en" checked={lang === 'en'} onChange={() => setParam(search, 'text', null)} /> {t('textMode.translated')}
          </label>
          <label>
            <input type="radio" name="lang" value="original" checked={lang === 'original'} onChange={() => setParam(search, 'text', 'original')} />{' '}
            {t('textMode.original')}
          </label>
        </fieldset>
        <span class="status" aria-live="polite">
          {loading ? t('loading') : ''}
        </span>
      </form>

      <Banners result={result} figures={figures} nameOf={nameOf} />

      {data && (
        <div class="grid" aria-busy={loading}>
          <section class="card wide">
            <h2>
              {t('overview.byYear')} <Excludes countries={excluded('byYear')} nameOf={nameOf} />
            </h2>
            <EventsByYearChart rows={data.byYear ?? []} countryName={nameOf} search={search} />
            <YearTable rows={data.byYear ?? []} countryName={nameOf} search={search} excluded={excluded('byYear')} />
          </section>
          <section class="card">
            <h2>
              {t('overview.byType')} <Excludes countries={excluded('byType')} nameOf={nameOf} />
            </h2>
            <EventsByTypeChart rows={data.byType ?? []} countries={countryParam} search={search} />
            <TypeTable rows={data.byType ?? []} countries={countryParam} search={search} />
          </section>
          <section class="card">
            <h2>{t('overview.counts')}</h2>
            <CountsTable
              countries={(data.countries ?? []).filter((c) => shown.includes(c.code))}
              unavailable={unavailable}
              stale={stale}
              lang={lang}
              search={search}
            />
            <p class="muted">{t('overview.asOf')}</p>
          </section>
          <section class="card wide">
            <h2>
              {t('overview.timeline')} <Excludes countries={excluded('programmes')} nameOf={nameOf} />
            </h2>
            <ProgrammeTimeline programmes={data.programmes?.nodes ?? []} lang={lang} countryName={nameOf} search={search} />
            {data.programmes && data.programmes.totalCount > data.programmes.nodes.length && (
              <p class="muted">{t('overview.firstProgrammes', { shown: data.programmes.nodes.length, total: data.programmes.totalCount })}</p>
            )}
          </section>
          <section class="card wide">
            <h2>
              {t('overview.reach')} <Excludes countries={excluded('organisationReach')} nameOf={nameOf} />
            </h2>
            <ReachTable groups={data.organisationReach ?? []} lang={lang} search={search} />
          </section>
        </div>
      )}
    </Layout>
  );
}

render(<Overview />, document.getElementById('app')!);
