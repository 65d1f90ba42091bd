import type { ExplorerKey } from '../shared/messages/explorer';
import { Banners, Excludes } from './banners';
import { latest, yearSpan } from './format';
import { useQuery } from './hooks';
import type { Kind } from './kinds';
import { excludedFrom } from './partial';
import { COUNTRY_FACTS, COUNTRY_FIGURES } from './queries';
import { listHref, yearRange } from './route';
import { counted, dateTime, enumLabel, t, uiLang } from './text';

interface CountryData {
  country: {
    code: string;
    iloMemberSince: number | null;
    ratifiedConventions: number | null;
    ratificationsAsOf: string | null;
    iloOffice: string | null;
    name: { text: string; original: string; originalLang: string } | null;
    events: { totalCount: number; nodes: Array<{ updatedAt: string }> } | null;
    programmes: { totalCount: number; nodes: Array<{ updatedAt: string }> } | null;
    partnerships: { totalCount: number } | null;
  } | null;
  organisations: { totalCount: number } | null;
  people: { totalCount: number } | null;
  byYear: Array<{ year: number | null; count: number }> | null;
  byType: Array<{ type: string; count: number }> | null;
}

/** A country's page: its facts, what its office records (each count opens the list), events by year and type, how current it is. */
export function CountryPage({ code, search, nameOf }: { code: string; search: string; nameOf: (c: string) => string }) {
  const facts = useQuery<Pick<CountryData, 'country'>>(COUNTRY_FACTS, { code, lang: uiLang });
  const numbers = useQuery<Omit<CountryData, 'country'>>(COUNTRY_FIGURES, { countries: [code] });
  // One answer for the banners: each read's errors name their own fields.
  const result =
    facts.result && numbers.result
      ? {
          data: { ...facts.result.data, ...numbers.result.data } as CountryData,
          errors: [...facts.result.errors, ...numbers.result.errors],
          networkError: facts.result.networkError ?? numbers.result.networkError,
        }
      : null;
  const loading = facts.loading || numbers.loading;
  const data = result?.data ?? null;
  const c = data?.country ?? null;
  const errors = result?.errors ?? [];
  const missing = (field: string) => excludedFrom(errors, field, [code]);
  const countryMissing = missing('country');
  const counts: Array<[Kind, number | undefined, string[]]> = [
    ['events', c?.events?.totalCount, c?.events ? [] : countryMissing],
    ['programmes', c?.programmes?.totalCount, c?.programmes ? [] : countryMissing],
    ['partnerships', c?.partnerships?.totalCount, c?.partnerships ? [] : countryMissing],
    ['organisations', data?.organisations?.totalCount, missing('organisations')],
    ['people', data?.people?.totalCount, missing('people')],
  ];
  const unknown = (excluded: string[]) => excluded.includes(code);
  const lastChange = latest([c?.events?.nodes[0]?.updatedAt, c?.programmes?.nodes[0]?.updatedAt]);
  const years = continuousYears(data?.byYear ?? []);
  const undated = (data?.byYear ?? []).find((r) => r.year === null)?.count ?? 0;
  const figures = [
    { label: t('figure.counts'), excluded: [...new Set(counts.flatMap(([, , e]) => e))] },
    { label: t('figure.byYear'), excluded: missing('byYear') },
  ];
  return (
    <article class="country-page" data-country={code}>
      <h2 id="view-title" tabIndex={-1}>
        {c?.name?.text ?? nameOf(code)} <span class="code">{code}</span>
      </h2>
      <Banners result={result} figures={figures} nameOf={nameOf} />
      {loading && <p class="status">{t('loading')}</p>}
      {data && (
        <div class="grid">
          <section class="card">
            <h3>{t('country.facts')}</h3>
            <dl class="fields">
              <dt>{t('country.memberSince')}</dt>
              <dd>{c?.iloMemberSince ?? t('notStated')}</dd>
              <dt>{t('country.ratified')}</dt>
              <dd>
                {c?.ratifiedConventions !== null && c?.ratifiedConventions !== undefined
                  ? `${c.ratifiedConventions}${c.ratificationsAsOf ? ` (${t('asOf', { date: c.ratificationsAsOf })})` : ''}`
                  : t('notStated')}
              </dd>
              <dt>{t('country.office')}</dt>
              <dd>{c?.iloOffice ?? t('notStated')}</dd>
              <dt>{t('country.dataAsOf')}</dt>
              <dd id="data-as-of">
                {unknown(countryMissing) ? t('country.unavailable') : lastChange ? t('country.lastChange', { when: dateTime(lastChange) }) : t('notStated')}
              </dd>
            </dl>
          </section>
          <section class="card">
            <h3>{t('country.records')}</h3>
            <table class="counts">
              <tbody>
                {counts.map(([kind, n, excluded]) => (
                  <tr key={kind} data-kind={kind}>
                    <th scope="row">{t(`kind.${kind}` as ExplorerKey)}</th>
                    <td class="num">
                      {n === undefined || unknown(excluded) ? (
                        <span class="unavailable">{t('unavailable')}</span>
                      ) : (
                        <a href={listHref(kind, { country: code }, search)}>{n.toLocaleString(uiLang)}</a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section class="card">
            <h3>
              {t('country.byYear')} <Excludes countries={missing('byYear')} nameOf={nameOf} />
            </h3>
            <table class="counts">
              <tbody>
                {years.map(({ year, count }) => (
                  <tr key={year}>
                    <th scope="row">{year}</th>
                    <td class="num">{count ? <a href={listHref('events', { country: code, ...yearRange(year) }, search)}>{count}</a> : 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {undated > 0 && <p class="muted">{counted('undatedEvents', undated)}</p>}
          </section>
          <section class="card">
            <h3>{t('country.byType')}</h3>
            <ul class="plain">
              {[...(data.byType ?? [])]
                .sort((a, b) => b.count - a.count)
                .map((r) => (
                  <li key={r.type}>
                    <a href={listHref('events', { country: code, type: r.type }, search)}>{enumLabel('EventType', r.type)}</a> {r.count}
                  </li>
                ))}
            </ul>
          </section>
        </div>
      )}
    </article>
  );
}

/** Every year from the first to the last with events, gaps as 0. */
function continuousYears(rows: Array<{ year: number | null; count: number }>): Array<{ year: number; count: number }> {
  const dated = rows.filter((r): r is { year: number; count: number } => r.year !== null);
  return yearSpan(dated.map((r) => r.year)).map((year) => ({ year, count: dated.filter((r) => r.year === year).reduce((s, r) => s + r.count, 0) }));
}
