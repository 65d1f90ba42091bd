/** The overview's one query and the pure shaping of its answer into chart and table data. */

import { yearSpan } from '../explorer/format';

export type Lang = 'en' | 'original';

export interface Text {
  /** In the reader's interface language (the API falls back to English, then the original). */
  text?: string;
  en: string;
  original: string;
  originalLang?: string;
}
export interface CountryRow {
  code: string;
  name: Text;
  /** Null while the country's node cannot answer (unknown, not zero); the first row is the latest change. */
  events: { totalCount: number; nodes?: Array<{ updatedAt: string }> } | null;
  programmes: { totalCount: number; nodes?: Array<{ updatedAt: string }> } | null;
  partnerships: { totalCount: number } | null;
}
export interface ProgrammeRow {
  id: string;
  code: string | null;
  country: { code: string } | null;
  /** Null when no source states it. */
  status: string | null;
  startDate: string | null;
  endDate: string | null;
  datePrecision: 'DAY' | 'MONTH' | 'YEAR' | 'UNKNOWN';
  title: Text;
}
export interface ReachRow {
  globalRef: string;
  countries: string[];
  organisations: Array<{ id: string; acronym: string | null; country: { code: string } | null; name: Text }>;
}
export interface OverviewData {
  countries: CountryRow[];
  byYear: Array<{ country: string; year: number | null; count: number }>;
  byType: Array<{ type: string; count: number }>;
  programmes: { totalCount: number; nodes: ProgrammeRow[] };
  organisationReach: ReachRow[];
}

export { OVERVIEW_QUERY } from '../../contract/overview';

export function textIn(text: Text | null | undefined, lang: Lang): string {
  if (!text) return '';
  return lang === 'en' ? (text.text ?? text.en) : text.original;
}

/** `ONLINE_MEETING` → `Online meeting`. */
export function humanize(value: string): string {
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Events per year, one series per country. The years run without a gap from the first to the
 * last (an empty year shows as empty, not skipped); undated events are counted apart, per
 * country, since they belong to no year on the axis.
 */
export function eventsByYear(rows: OverviewData['byYear']) {
  const years = yearSpan(rows.flatMap((r) => (r.year === null ? [] : [r.year])));
  const countries = [...new Set(rows.map((r) => r.country))].sort();
  const sum = (country: string, year: number | null) => rows.filter((r) => r.country === country && r.year === year).reduce((n, r) => n + r.count, 0);
  const series = countries.map((country) => ({ country, counts: years.map((year) => sum(country, year)) }));
  const undated = countries.map((country) => ({ country, count: sum(country, null) })).filter((u) => u.count > 0);
  return { years, labels: years.map(String), series, undated };
}

/** Event types by count, largest first (ties by name, so the order is stable). */
export function eventsByType(rows: OverviewData['byType']) {
  const sorted = [...rows].sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  return { types: sorted.map((r) => r.type), counts: sorted.map((r) => r.count) };
}

/** A date as a fractional year (2017-07-01 → 2017.5), for a linear time axis without a date adapter. */
export function fractionalYear(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const start = Date.UTC(y, 0, 1);
  return y + (Date.UTC(y, m - 1, d) - start) / (Date.UTC(y + 1, 0, 1) - start);
}

/** The end of the period a date stands for at a precision (a YEAR date covers its whole year). */
function endOfPeriod(date: string, precision: ProgrammeRow['datePrecision']): number {
  const [y, m] = date.split('-').map(Number);
  if (precision === 'YEAR' || precision === 'UNKNOWN') return y + 1;
  if (precision === 'MONTH') return fractionalYear(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`);
  return fractionalYear(date) + 1 / 365;
}

export interface TimelineBar {
  id: string;
  country: string;
  label: string;
  from: number;
  to: number;
  status: string | null;
}

/**
 * Programmes as [from, to) spans in fractional years. As in the API's date filters, a record
 * without an end date covers its start period only. Undated programmes are returned apart.
 */
export function programmeTimeline(rows: ProgrammeRow[], lang: Lang) {
  const bars: TimelineBar[] = [];
  const undated: ProgrammeRow[] = [];
  for (const p of rows) {
    if (!p.startDate) {
      undated.push(p);
      continue;
    }
    const to = p.endDate ? endOfPeriod(p.endDate, p.datePrecision) : endOfPeriod(p.startDate, p.datePrecision);
    const title = textIn(p.title, lang);
    const country = p.country?.code ?? p.id.slice(0, 2);
    bars.push({
      id: p.id,
      country,
      // The country first: the components of one multi-country programme share code and title.
      label: [country, p.code, title].filter(Boolean).join(' · '),
      from: fractionalYear(p.startDate),
      to,
      status: p.status,
    });
  }
  return { bars, undated };
}

/** A timeline bar's tooltip: the label and the status, or that no source states one. */
export function barTooltip(bar: TimelineBar, statusText: (status: string | null) => string = (s) => (s ? s.toLowerCase() : 'status not stated')): string {
  return `${bar.label} (${statusText(bar.status)})`;
}

/**
 * A country's colour from its code alone, so adding a country never recolours another. The
 * region's offices have fixed, distinguishable colours (readable on white, and not told apart
 * by red/green alone); any other code gets a hue from its letters.
 */
const COUNTRY_COLOURS: Record<string, string> = {
  MN: '#1f77b4',
  KG: '#d62728',
  AZ: '#2ca02c',
  VN: '#9467bd',
  TJ: '#ff7f0e',
  UZ: '#17becf',
  KZ: '#8c564b',
  AM: '#e377c2',
  GE: '#7f7f7f',
  TM: '#bcbd22',
};
export function colourOf(country: string): string {
  const fixed = COUNTRY_COLOURS[country];
  if (fixed) return fixed;
  const n = (country.charCodeAt(0) - 65) * 26 + (country.charCodeAt(1) - 65);
  // The golden angle spreads neighbouring codes far apart on the colour wheel.
  return `hsl(${Math.round((n * 137.508) % 360)}, 55%, 42%)`;
}
