import type { ComponentChildren } from 'preact';
import type { ExplorerKey } from '../shared/messages/explorer';
import { period, shown, shownLang, type Text } from './format';
import type { Kind } from './kinds';
import { countryHref, listHref, recordHref, type TextMode } from './route';
import { enumLabel, t, uiLang } from './text';

/* eslint-disable @typescript-eslint/no-explicit-any -- rows are the API's JSON, shaped by kinds.ts's rowFields */

interface Column {
  head: ExplorerKey;
  cell: (row: any, ctx: Ctx) => ComponentChildren;
  /** The column that names the record (its link); on a phone it heads the row. */
  main?: boolean;
}
interface Ctx {
  mode: TextMode;
  search: string;
}

function Shown({ text, mode }: { text: Text | null | undefined; mode: TextMode }) {
  return <span lang={shownLang(text, mode, uiLang)}>{shown(text, mode) || '—'}</span>;
}

const countryCell = (row: any, ctx: Ctx) => {
  const code = row.country?.code ?? row.id.slice(0, 2);
  return (
    <a href={countryHref(code, ctx.search)} class="code">
      {code}
    </a>
  );
};
const recordLink = (row: any, ctx: Ctx, text: Text | null | undefined) => (
  <a href={recordHref(row.id, ctx.search)}>
    <Shown text={text} mode={ctx.mode} />
  </a>
);
const undated = (value: string | null) => value ?? <span class="muted">{t('undated')}</span>;

export const COLUMNS: Record<Kind, Column[]> = {
  events: [
    { head: 'col.date', cell: (r) => undated(period(r.startDate, r.endDate, r.datePrecision)) },
    { head: 'col.country', cell: countryCell },
    { head: 'col.title', cell: (r, c) => recordLink(r, c, r.title), main: true },
    { head: 'col.type', cell: (r) => enumLabel('EventType', r.type) },
    { head: 'col.place', cell: (r) => [r.city, r.online ? t('online') : null].filter(Boolean).join(' · ') },
  ],
  programmes: [
    { head: 'col.period', cell: (r) => undated(period(r.startDate, r.endDate, r.datePrecision)) },
    { head: 'col.country', cell: countryCell },
    { head: 'col.title', cell: (r, c) => recordLink(r, c, r.title), main: true },
    { head: 'col.code', cell: (r, c) => (r.code ? <a href={listHref('programmes', { code: r.code }, c.search)}>{r.code}</a> : '') },
    { head: 'col.status', cell: (r) => (r.status ? enumLabel('ActivityStatus', r.status) : <span class="muted">{t('status.unstated')}</span>) },
  ],
  organisations: [
    { head: 'col.country', cell: countryCell },
    {
      head: 'col.name',
      cell: (r, c) => (
        <>
          {recordLink(r, c, r.name)} {r.acronym && <span class="muted">({r.acronym})</span>}
        </>
      ),
      main: true,
    },
    { head: 'col.orgType', cell: (r) => enumLabel('OrganisationType', r.type) },
    { head: 'col.group', cell: (r) => enumLabel('ConstituentGroup', r.constituentGroup) },
    { head: 'col.globalRef', cell: (r, c) => (r.globalRef ? <a href={listHref('organisations', { ref: r.globalRef }, c.search)}>{r.globalRef}</a> : '') },
  ],
  people: [
    { head: 'col.country', cell: countryCell },
    { head: 'col.name', cell: (r, c) => recordLink(r, c, r.name), main: true },
    {
      head: 'col.roles',
      cell: (r, c) =>
        (r.roles ?? [])
          .slice(0, 2)
          .map((role: any) => shown(role.title, c.mode))
          .join('; ') + ((r.roles?.length ?? 0) > 2 ? ' …' : ''),
    },
    { head: 'col.globalRef', cell: (r, c) => (r.globalRef ? <a href={listHref('people', { ref: r.globalRef }, c.search)}>{r.globalRef}</a> : '') },
  ],
  partnerships: [
    { head: 'col.country', cell: countryCell },
    { head: 'col.partner', cell: (r, c) => recordLink(r, c, r.organisation?.name), main: true },
    {
      head: 'col.programme',
      cell: (r, c) =>
        r.programme ? <a href={recordHref(r.programme.id, c.search)}>{r.programme.code ?? <Shown text={r.programme.title} mode={c.mode} />}</a> : '',
    },
    { head: 'col.role', cell: (r) => enumLabel('OrganisationRole', r.role) },
    { head: 'col.basis', cell: (r) => enumLabel('PartnershipBasis', r.basis) },
    { head: 'col.period', cell: (r) => period(r.startDate, r.endDate, 'DAY') ?? '' },
  ],
};

/** The list as a table; on a phone each row stacks into a card (style.css), nothing scrolls sideways. */
export function ResultsTable({ kind, rows, mode, search }: { kind: Kind; rows: any[]; mode: TextMode; search: string }) {
  const columns = COLUMNS[kind];
  return (
    <table class="results" data-kind={kind}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c.head}>
              {t(c.head)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-id={row.id}>
            {columns.map((c) => (
              <td key={c.head} data-label={t(c.head)} class={c.main ? 'main' : undefined}>
                {c.cell(row, { mode, search })}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
