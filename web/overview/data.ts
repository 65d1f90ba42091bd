/** The overview's one query and the pure shaping of its answer into chart and table data. */

export type Lang = 'en' | 'original';

export interface Text {
  en: string;
  original: string;
  originalLang?: string;
}
export interface CountryRow {
  code: string;
  name: Text;
  events: { totalCount: number };
  programmes: { totalCount: number };
  partnerships: { totalCount: number };
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

const TEXT = 'en: text(lang: "en") original originalLang';

/** Every figure the page shows, in one GET (cacheable; the variables are part of the URL). */
export const OVERVIEW_QUERY = `query Overview($countries: [CountryCode!]) {
  countries { code name { ${TEXT} }
    events(first: 0) { totalCount } programmes(first: 0) { totalCount } partnerships(first: 0) { totalCount } }
  byYear: eventStats(groupBy: [COUNTRY, YEAR], filter: { countries: $countries }) { country year count }
  byType: eventStats(groupBy: [TYPE], filter: { countries: $countries }) { type count }
  programmes(filter: { countries: $countries }, orderBy: START_DATE_ASC, first: 500) { totalCount
    nodes { id code country { code } status startDate endDate datePrecision title { ${TEXT} } } }
  organisationReach(minCountries: 2, filter: { countries: $countries }) { globalRef countries
    organisations { id acronym country { code } name { ${TEXT} } } }
}`;

export function textIn(text: Text | null | undefined, lang: Lang): string {
  if (!text) return '';
  return lang === 'en' ? text.en : text.original;
}

/** `ONLINE_MEETING` → `Online meeting`. */
export function humanize(value: string): string {
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const UNDATED = 'undated';

/** Events per year, one series per country: labels are the years (undated last), values counts. */
export function eventsByYear(rows: OverviewData['byYear']) {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  const countries = [...new Set(rows.map((r) => r.country))].sort();
  const labels = years.map((y) => (y === null ? UNDATED : String(y)));
  const series = countries.map((country) => ({
    country,
    counts: years.map((year) => rows.filter((r) => r.country === country && r.year === year).reduce((sum, r) => sum + r.count, 0)),
  }));
  return { labels, series };
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
    bars.push({
      id: p.id,
      country: p.country?.code ?? p.id.slice(0, 2),
      label: p.code ? `${p.code} · ${title}` : title,
      from: fractionalYear(p.startDate),
      to,
      status: p.status,
    });
  }
  return { bars, undated };
}

/** A timeline bar's tooltip: the label and the status, or that no source states one. */
export function barTooltip(bar: TimelineBar): string {
  return `${bar.label} (${bar.status ? bar.status.toLowerCase() : 'status not stated'})`;
}

/** A stable colour per country code, readable on white. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
export function colourOf(country: string, all: string[]): string {
  const i = all.indexOf(country);
  return PALETTE[(i < 0 ? country.charCodeAt(0) + country.charCodeAt(1) : i) % PALETTE.length];
}
