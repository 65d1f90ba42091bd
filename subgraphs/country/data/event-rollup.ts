import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { EventDimension } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import type { Event } from '../entities/event.entity.js';
import type { EventFilter } from '../inputs/filters.js';
import { applyEventFilter } from './filters.js';
import { themesOf } from './stats.js';

/**
 * eventStats from the summary table event_stats_rollup (see its migration, 1766000000020): one
 * row per (country, start year, type, themes as stored) with its event count and participant sum.
 */

/**
 * The filter fields a summary row answers exactly: `countries` is settled before any SQL
 * (excludesCountry), `types` is one of its key columns and `themes` overlaps its themes array.
 * Any other field set (dates, programme, organisation, text, updatedSince, or one added later)
 * needs the event rows: an allow list, so a new field falls back to the scan until it is known.
 */
const ANSWERED = new Set<string>(['countries', 'types', 'themes']);

export function rollupAnswers(filter: EventFilter | null | undefined): boolean {
  return !filter || Object.entries(filter).every(([field, value]) => ANSWERED.has(field) || value === null || value === undefined);
}

/** The dimensions over a summary row (alias `e`): its key columns; THEME unnests as the scan does. */
export const ROLLUP_DIMENSION_SQL: Record<EventDimension, string> = {
  COUNTRY: 'e.country',
  YEAR: 'e.year',
  TYPE: 'e.type',
  THEME: themesOf('e'),
};
export const ROLLUP_WEIGHT = 'e.events';
export const ROLLUP_SUMS = { participantCount: 'e.participants' };

/**
 * The summary rows `filter` selects. The summary's `type` and `themes` columns have the event's
 * names, so the scan's own filter code applies to them unchanged (same SQL, same semantics).
 */
export function rollupRows(ctx: CountryContext, filter: EventFilter | null | undefined): SelectQueryBuilder<ObjectLiteral> {
  const qb = ctx.db.createQueryBuilder().from('event_stats_rollup', 'e');
  return applyEventFilter(qb as unknown as SelectQueryBuilder<Event>, filter) as unknown as SelectQueryBuilder<ObjectLiteral>;
}
