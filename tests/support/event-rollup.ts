import type { DataSource } from 'typeorm';
import { EventDimension, EventType, Theme } from '../../contract/enums.js';
import type { CountryContext } from '../../subgraphs/country/context.js';
import { eventStats } from '../../subgraphs/country/data/events.js';
import { rollupAnswers } from '../../subgraphs/country/data/event-rollup.js';
import type { EventFilter } from '../../subgraphs/country/inputs/filters.js';
import { prng } from './generate.js';

/** mulberry32: the same cases every run, so a failure can be replayed. */
export function seeded(seed: number) {
  const next = prng(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const some = <T>(list: readonly T[], max: number): T[] => Array.from({ length: int(max + 1) }, () => pick(list));
  return { next, int, pick, some };
}
export type Random = ReturnType<typeof seeded>;

const TYPES = Object.values(EventType);
const THEMES = Object.values(Theme);
const DIMENSIONS = Object.values(EventDimension);

/** The columns of an event row the summary reads (the others get fixed values). */
export interface EventRow {
  id: string;
  country: string;
  type: string;
  start_date: string | null;
  themes: string[];
  participant_count: number | null;
}

/** Event rows with every key shape: undated, no themes, several themes (a repeated one too), no participant count. */
export function randomEvents(r: Random, country: string, prefix: string, n: number): EventRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${country}:EVT:${prefix}-${i}`,
    country,
    type: r.pick(TYPES.slice(0, 5)),
    start_date: r.int(8) === 0 ? null : `${2015 + r.int(6)}-0${1 + r.int(9)}-1${r.int(9)}`,
    themes: r.some(THEMES.slice(0, 5), 3),
    participant_count: r.int(4) === 0 ? null : r.int(200),
  }));
}

/** One multi-row INSERT (a bulk load: the statement trigger sees all rows at once). */
export async function insertEvents(q: { query(sql: string, params?: unknown[]): Promise<unknown> }, rows: EventRow[]): Promise<void> {
  await q.query(
    `INSERT INTO event (id, country, title, type, start_date, date_precision, themes, participant_count, search_text, updated_at, version)
     SELECT id, country, '{"original":"t","originalLang":"en","translations":[]}', type, start_date, 'DAY', themes::text[], participant_count, 't', now(), 1
     FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::int[]) AS t(id, country, type, start_date, themes, participant_count)`,
    [
      rows.map((e) => e.id),
      rows.map((e) => e.country),
      rows.map((e) => e.type),
      rows.map((e) => e.start_date),
      rows.map((e) => `{${e.themes.join(',')}}`),
      rows.map((e) => e.participant_count),
    ],
  );
}

/** The summary as it should be: recomputed from every event row. */
const RECOMPUTED = `SELECT country, EXTRACT(YEAR FROM start_date)::int AS year, type, themes, count(*)::int AS events, COALESCE(sum(participant_count), 0)::int AS participants
  FROM event GROUP BY 1, 2, 3, 4`;
const STORED = `SELECT country, year, type, themes, events::int, participants::int FROM event_stats_rollup`;
const sortRows = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();

/** The stored summary, row for row, against a recomputation (so no row left at 0 either). */
export async function storedSummaryIsExact(ds: DataSource): Promise<void> {
  const [stored, recomputed] = [await ds.query(STORED), await ds.query(RECOMPUTED)];
  expect(sortRows(stored)).toEqual(sortRows(recomputed));
}

/** A random filter of the fields the summary answers; sometimes empty lists, sometimes other countries too. */
function randomFilter(r: Random, country: string): EventFilter | null {
  if (r.int(4) === 0) return null;
  const filter: EventFilter = {};
  if (r.int(2)) filter.countries = r.int(3) ? [country, 'XX'] : [country];
  if (r.int(2)) filter.types = r.some(TYPES.slice(0, 6), 3);
  if (r.int(2)) filter.themes = r.some(THEMES.slice(0, 6), 3);
  return filter;
}

/**
 * `cases` random groupBy subsets (repeats and any order) × filters: the summary path answers
 * exactly what the scan of the events answers. Returns how many groups were compared, so a
 * caller can see the cases were not all empty.
 */
export async function summaryAnswersAsScan(ds: DataSource, country: string, r: Random, cases: number): Promise<number> {
  const ctx = { country, db: ds.manager } as unknown as CountryContext;
  let groups = 0;
  for (let i = 0; i < cases; i++) {
    const groupBy = r.some(DIMENSIONS, 4);
    const filter = randomFilter(r, country);
    expect(rollupAnswers(filter)).toBe(true);
    const [fromSummary, fromScan] = [await eventStats(ctx, groupBy, filter), await eventStats(ctx, groupBy, filter, true)];
    expect({ groupBy, filter, stats: fromSummary }).toEqual({ groupBy, filter, stats: fromScan });
    groups += fromScan.length;
  }
  return groups;
}
