import type { DataSource } from 'typeorm';
import { encodeCursor, type OrderName, type Position } from '../../../contract/ordering.js';
import { Event } from '../entities/event.entity.js';
import type { EventFilter } from '../inputs/filters.js';
import { applyEventFilter } from '../data/filters.js';
import { applyOrder } from '../data/page.js';

/** UTC, milliseconds, as `Date.toISOString()` writes it (and so the GraphQL DateTime). */
const ISO_UPDATED_AT = `to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The exported event as PostgreSQL writes it in JSON (contract/export/event-row.ts names the
 * fields): building the text in the database spares the node parsing the row's JSON columns
 * and writing them again, which was most of a node's CPU per exported row. The gateway parses,
 * checks and rewrites every line in the export's exact shape anyway (a node's bytes are never
 * passed on unchecked), so the node need not write it canonically.
 */
// CAST, not `::`: typeorm would read `::text` as the parameter `:text` (the text filter's).
const EVENT_JSON = `CAST(json_build_object(
  'id', e.id, 'country', e.country, 'title', e.title, 'summary', e.summary, 'type', e.type,
  'startDate', e.start_date, 'endDate', e.end_date, 'datePrecision', e.date_precision, 'city', e.city, 'venue', e.venue,
  'online', e.online, 'programmeId', e.programme_id, 'participantCount', e.participant_count,
  'presentationCount', e.presentation_count, 'themes', e.themes, 'outcomes', e.outcomes, 'sources', e.sources,
  'updatedAt', ${ISO_UPDATED_AT}, 'version', e.version) AS text)`;

/**
 * The SQL of the `events` list under `filter` in `order` after `after`, with no LIMIT: the same
 * filter (data/filters.ts) and keyset order (data/page.ts) the GraphQL field pages with, so the
 * export and the pages are the same rows in the same order. Throws bad input as the field does.
 */
export function eventExportQuery(ds: DataSource, filter: EventFilter | null, order: OrderName, after: Position | null): [string, unknown[]] {
  const qb = applyEventFilter(ds.getRepository(Event).createQueryBuilder('e'), filter);
  applyOrder(qb, 'e', order, after);
  qb.select('e.id', 'id').addSelect('e.start_date', 'startDate').addSelect(ISO_UPDATED_AT, 'updatedAt').addSelect(EVENT_JSON, 'json');
  return qb.getQueryAndParameters();
}

/** The row's export line: its cursor in `order` (as the GraphQL connection writes it) and its JSON. */
export function eventLine(order: OrderName, raw: { id: string; startDate: string | null; updatedAt: string; json: string }): string {
  const key = order === 'ID_ASC' ? null : order === 'UPDATED_AT_DESC' ? raw.updatedAt : raw.startDate;
  // A cursor is base64url: nothing in it needs escaping in JSON.
  return `{"cursor":"${encodeCursor(order, { key, id: raw.id })}","node":${raw.json}}\n`;
}
