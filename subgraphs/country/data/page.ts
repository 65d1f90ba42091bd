import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor, type OrderName, type Position } from '../../../contract/ordering.js';
import type { ConnectionData } from '../entities/connection.js';
import { columnsToRead, type NodeSelection } from './columns.js';
import { readRows } from './page-rows.js';

interface SortColumn {
  column: string;
  direction: 'ASC' | 'DESC';
  /** Stored in place of a missing start date so undated rows sort last (see the migration). */
  nullSentinel?: string;
}

const SORT: Record<Exclude<OrderName, 'ID_ASC'>, SortColumn> = {
  START_DATE_DESC: { column: 'sort_start_desc', direction: 'DESC', nullSentinel: '-infinity' },
  START_DATE_ASC: { column: 'sort_start_asc', direction: 'ASC', nullSentinel: 'infinity' },
  UPDATED_AT_DESC: { column: 'updated_at', direction: 'DESC' },
};

export interface Sortable {
  id: string;
  startDate?: string | null;
  updatedAt: Date;
}

/** The row properties positionOf reads for `order` besides the id (a page reads them whatever was selected). */
export function cursorKeysOf(order: OrderName): string[] {
  switch (order) {
    case 'START_DATE_DESC':
    case 'START_DATE_ASC':
      return ['startDate'];
    case 'UPDATED_AT_DESC':
      return ['updatedAt'];
    default:
      return [];
  }
}

export function positionOf(order: OrderName, row: Sortable): Position {
  switch (order) {
    case 'START_DATE_DESC':
    case 'START_DATE_ASC':
      return { key: row.startDate ?? null, id: row.id };
    case 'UPDATED_AT_DESC':
      return { key: row.updatedAt.toISOString(), id: row.id };
    default:
      return { key: null, id: row.id };
  }
}

/** Adds ORDER BY (key, then id) and, after a cursor, the keyset condition the order's index can seek to. */
export function applyOrder<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, order: OrderName, after: Position | null): void {
  if (order === 'ID_ASC') {
    qb.orderBy(`${alias}.id`, 'ASC');
    if (after) qb.andWhere(`${alias}.id > :afterId`, { afterId: after.id });
    return;
  }
  const sort = SORT[order];
  const col = `${alias}.${sort.column}`;
  qb.orderBy(col, sort.direction).addOrderBy(`${alias}.id`, 'ASC');
  if (!after) return;
  const key = after.key ?? sort.nullSentinel;
  if (key === undefined) return;
  const [le, lt] = sort.direction === 'DESC' ? ['<=', '<'] : ['>=', '>'];
  // The leading range lets PostgreSQL start the index scan at the cursor; only ties on the key are filtered.
  qb.andWhere(`${col} ${le} :afterKey AND (${col} ${lt} :afterKey OR ${alias}.id > :afterId)`, {
    afterKey: key,
    afterId: after.id,
  });
}

export interface PageRequest {
  order: OrderName;
  first: number;
  after?: string | null;
  /** Which parts of the connection the query selected. */
  wantRows: boolean;
  wantCount: boolean;
  wantPrevious?: boolean;
  /** The fields selected on the nodes: only their columns (and the keys) are read. */
  nodes?: NodeSelection | null;
}

/** Narrows a list query that reads whole rows of its entity to the columns `nodes` needs. */
function readOnlyNeeded<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, order: OrderName, nodes: NodeSelection | null | undefined): void {
  const { mainAlias, selects } = qb.expressionMap;
  // A query that selects anything else (a join, an expression) is left as it is.
  if (!mainAlias?.hasMetadata || selects.length !== 1 || selects[0].selection !== alias) return;
  const columns = columnsToRead(mainAlias.metadata, nodes, ['id', ...cursorKeysOf(order)]);
  if (columns) qb.select(columns.map((property) => `${alias}.${property}`));
}

/** Keeps the rows at or before the cursor in `order` (the complement of applyOrder's keyset condition). */
function applyNotAfter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, order: OrderName, after: Position): void {
  if (order === 'ID_ASC') {
    qb.andWhere(`${alias}.id <= :beforeId`, { beforeId: after.id });
    return;
  }
  const sort = SORT[order];
  const col = `${alias}.${sort.column}`;
  const key = after.key ?? sort.nullSentinel;
  const [gt, ge] = sort.direction === 'DESC' ? ['>', '>='] : ['<', '<='];
  // Sort columns are never null (undated rows hold a sentinel), so the complement is exact.
  qb.andWhere(`${col} ${ge} :beforeKey AND (${col} ${gt} :beforeKey OR ${alias}.id <= :beforeId)`, { beforeKey: key, beforeId: after.id });
}

/**
 * One page of a filtered query: at most one SELECT for the rows (first + 1 to learn hasNextPage)
 * and one COUNT, each only when selected.
 */
export async function fetchPage<T extends ObjectLiteral & Sortable>(
  makeQuery: () => SelectQueryBuilder<T>,
  alias: string,
  request: PageRequest,
): Promise<ConnectionData<T>> {
  const after = request.after ? decodeCursor(request.order, request.after) : null;
  // Build both queries before running either: a filter that throws (bad input) must not leave
  // the other query's promise rejected and unhandled (that would take the process down).
  // With first: 0 the LIMIT 1 query still tells whether rows exist after the cursor (hasNextPage).
  const rowsQuery = request.wantRows ? makeQuery() : null;
  const countQuery = request.wantCount ? makeQuery() : null;
  const previousQuery = after && request.wantPrevious ? makeQuery() : null;
  const rowsPromise = (async () => {
    if (!rowsQuery) return { rows: [] as T[], more: false };
    readOnlyNeeded(rowsQuery, alias, request.order, request.nodes);
    applyOrder(rowsQuery, alias, request.order, after);
    const rows = await readRows(rowsQuery.limit(request.first + 1));
    return { rows: rows.slice(0, request.first), more: rows.length > request.first };
  })();
  // COUNT(*) rather than typeorm's getCount(), which counts DISTINCT ids (a sort per request).
  const countPromise = countQuery
    ? countQuery
        .select('COUNT(*)::int', 'n')
        .getRawOne<{ n: number }>()
        .then((r) => r?.n ?? 0)
    : Promise.resolve(0);
  // Relay's hasPreviousPage for a forward page: does any row of the filtered list sit at or before the cursor?
  const previousPromise = previousQuery
    ? (applyNotAfter(previousQuery, alias, request.order, after!), previousQuery.select('1').limit(1).getRawMany()).then((r) => r.length > 0)
    : Promise.resolve(false);
  const [{ rows, more }, totalCount, hasPreviousPage] = await Promise.all([rowsPromise, countPromise, previousPromise]);
  const edges = rows.map((node) => ({ node, cursor: encodeCursor(request.order, positionOf(request.order, node)) }));
  return {
    edges,
    nodes: rows,
    pageInfo: { hasNextPage: more, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}
