import { Excludes } from '../explorer/banners';
import type { StaleCountry } from '../explorer/partial';
import { latest } from '../explorer/format';
import { countryHref, listHref, yearRange } from '../explorer/route';
import { counted, dateTime, dayOf, enumLabel, t } from '../explorer/text';
import { eventsByType, eventsByYear, textIn, type CountryRow, type Lang, type OverviewData, type ReachRow } from './data';

/**
 * Counts per country; each number opens that list in the explorer, each name the country's
 * page. A country whose node did not answer says so instead of showing 0, and each row says how
 * current its records are (its latest event or programme change); a country shown from its
 * office's last known data says as of when.
 */
export function CountsTable({
  countries,
  unavailable,
  stale,
  lang,
  search,
}: {
  countries: CountryRow[];
  unavailable: string[];
  stale: StaleCountry[];
  lang: Lang;
  search: string;
}) {
  return (
    <table class="counts">
      <thead>
        <tr>
          <th scope="col">{t('col.country')}</th>
          <th scope="col">{t('kind.events')}</th>
          <th scope="col">{t('kind.programmes')}</th>
          <th scope="col">{t('kind.partnerships')}</th>
          <th scope="col">{t('overview.latestChange')}</th>
        </tr>
      </thead>
      <tbody>
        {countries.map((c) => {
          const missing = unavailable.includes(c.code);
          // A count is null when the gateway could not learn it (the country's node did not answer).
          const cell = (kind: 'events' | 'programmes' | 'partnerships', list: { totalCount: number } | null) =>
            missing || !list ? (
              <td class="unavailable">{t('unavailable')}</td>
            ) : (
              <td class="num">
                <a href={listHref(kind, { country: c.code }, search)}>{list.totalCount}</a>
              </td>
            );
          const changed = latest([c.events?.nodes?.[0]?.updatedAt, c.programmes?.nodes?.[0]?.updatedAt]);
          const lastKnown = missing ? undefined : stale.find((s) => s.country === c.code);
          return (
            <tr key={c.code} data-country={c.code} data-stale={lastKnown ? 'true' : undefined}>
              <th scope="row">
                <a href={countryHref(c.code, search)}>{textIn(c.name, lang)}</a> <span class="code">{c.code}</span>
              </th>
              {cell('events', c.events)}
              {cell('programmes', c.programmes)}
              {cell('partnerships', c.partnerships)}
              <td class="as-of">
                {missing ? '—' : changed ? dayOf(changed) : '—'}
                {lastKnown?.asOf && <span class="last-known"> ({t('overview.lastKnown', { date: dateTime(lastKnown.asOf) })})</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The year chart's numbers as a table, each a link: the same drill-down for the keyboard and screen readers. */
export function YearTable({
  rows,
  countryName,
  search,
  excluded,
}: {
  rows: OverviewData['byYear'];
  countryName: (c: string) => string;
  search: string;
  excluded: string[];
}) {
  const { years, series, undated } = eventsByYear(rows);
  return (
    <>
      {undated.length > 0 && (
        <p class="muted" id="undated-events">
          {counted(
            'undatedEvents',
            undated.reduce((n, u) => n + u.count, 0),
          )}
          : {undated.map((u) => `${countryName(u.country)} ${u.count}`).join(', ')} <Excludes countries={excluded} nameOf={countryName} />
        </p>
      )}
      <details class="figures">
        <summary>{t('overview.asTable')}</summary>
        <div class="table-scroll">
          <table class="counts">
            <thead>
              <tr>
                <th scope="col">{t('overview.year')}</th>
                {series.map((s) => (
                  <th scope="col" key={s.country}>
                    {s.country}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {years.map((year, i) => (
                <tr key={year}>
                  <th scope="row">{year}</th>
                  {series.map((s) => (
                    <td class="num" key={s.country}>
                      {s.counts[i] ? <a href={listHref('events', { country: s.country, ...yearRange(year) }, search)}>{s.counts[i]}</a> : 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

export function TypeTable({ rows, countries, search }: { rows: OverviewData['byType']; countries: string | undefined; search: string }) {
  const { types, counts } = eventsByType(rows);
  return (
    <details class="figures">
      <summary>{t('overview.asTable')}</summary>
      <ul class="plain">
        {types.map((type, i) => (
          <li key={type}>
            <a href={listHref('events', { country: countries, type }, search)}>{enumLabel('EventType', type)}</a> {counts[i]}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Organisations recorded by two or more country offices (same globalRef), with each office's name for it. */
export function ReachTable({ groups, lang, search }: { groups: ReachRow[]; lang: Lang; search: string }) {
  if (!groups.length) return <p class="muted">{t('overview.noReach')}</p>;
  return (
    <table class="reach">
      <thead>
        <tr>
          <th scope="col">{t('col.partner')}</th>
          <th scope="col">{t('overview.countries')}</th>
          <th scope="col">{t('overview.asRecorded')}</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => {
          // Offices may record the partner under different acronyms (ILO, BƏT, МОТ): head the row with the English name.
          const first = g.organisations[0];
          return (
            <tr key={g.globalRef} data-global-ref={g.globalRef}>
              <th scope="row">
                <a href={listHref('organisations', { ref: g.globalRef }, search)}>{textIn(first?.name, 'en')}</a> <span class="code">{g.globalRef}</span>
              </th>
              <td>{g.countries.join(', ')}</td>
              <td>
                <ul class="plain">
                  {g.organisations.map((o) => (
                    <li key={o.id} lang={lang === 'original' ? o.name.originalLang : undefined}>
                      <span class="code">{o.country?.code}</span> {textIn(o.name, lang)}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
