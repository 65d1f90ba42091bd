import type { DataSource } from 'typeorm';
import { checkEventRow, type EventRow } from '../../../shared/export/event-row.js';
import { encodeCursor, type OrderName, type Position } from '../../../shared/ordering.js';
import { Event } from '../entities/event.entity.js';
import type { EventFilter } from '../inputs/filters.js';
import { applyEventFilter } from '../data/filters.js';
import { applyOrder, positionOf } from '../data/page.js';

/** The columns of an exported event, under the export's names (see shared/export/event-row.ts). */
const EVENT_COLUMNS: Array<[string, string]> = [
  ['e.id', 'id'],
  ['e.country', 'country'],
  ['e.title', 'title'],
  ['e.summary', 'summary'],
  ['e.type', 'type'],
  ['e.start_date', 'startDate'],
  ['e.end_date', 'endDate'],
  ['e.date_precision', 'datePrecision'],
  ['e.city', 'city'],
  ['e.venue', 'venue'],
  ['e.online', 'online'],
  ['e.programme_id', 'programmeId'],
  ['e.participant_count', 'participantCount'],
  ['e.presentation_count', 'presentationCount'],
  ['e.themes', 'themes'],
  ['e.outcomes', 'outcomes'],
  ['e.sources', 'sources'],
  ['e.updated_at', 'updatedAt'],
  ['e.version', 'version'],
];

/**
 * The SQL of the `events` list under `filter` in `order` after `after`, with no LIMIT: the same
 * filter (data/filters.ts) and keyset order (data/page.ts) the GraphQL field pages with, so the
 * export and the pages are the same rows in the same order. Throws bad input as the field does.
 */
export function eventExportQuery(ds: DataSource, filter: EventFilter | null, order: OrderName, after: Position | null): [string, unknown[]] {
  const qb = applyEventFilter(ds.getRepository(Event).createQueryBuilder('e'), filter);
  applyOrder(qb, 'e', order, after);
  qb.select(EVENT_COLUMNS[0][0], EVENT_COLUMNS[0][1]);
  for (const [column, name] of EVENT_COLUMNS.slice(1)) qb.addSelect(column, name);
  return qb.getQueryAndParameters();
}

/** A database row as the export's line: its cursor in `order` and the row in the export's shape. */
export function eventLine(order: OrderName, raw: Record<string, unknown>): { cursor: string; node: EventRow } {
  const updatedAt = raw.updatedAt as Date;
  const node = checkEventRow({ ...raw, country: String(raw.country), updatedAt: updatedAt.toISOString() });
  return { cursor: encodeCursor(order, positionOf(order, { id: node.id, startDate: node.startDate, updatedAt })), node };
}
