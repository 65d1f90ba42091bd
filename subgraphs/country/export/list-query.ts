import type { DataSource } from 'typeorm';
import { encodeCursor, ORDER_KEY_FIELD, type OrderName, type Position } from '../../../contract/ordering.js';
import { applyOrder } from '../data/page.js';
import type { NodeExportList } from './lists.js';

/** UTC, milliseconds, as `Date.toISOString()` writes it (and so the GraphQL DateTime). */
const isoTimestamp = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The JSON key and SQL value of each exported field, from the entity's columns (typeorm's metadata). */
function fieldSql(ds: DataSource, list: NodeExportList): Array<[string, string]> {
  const columns = ds.getMetadata(list.entity).columns;
  const column = (property: string) => columns.find((c) => c.propertyName === property);
  return list.fields.map((field): [string, string] => {
    const computed = list.computed?.[field];
    if (computed) return [field, computed];
    const own = column(field);
    if (own) {
      const sql = `${list.alias}.${own.databaseName}`;
      return [field, own.type === 'timestamptz' ? isoTimestamp(sql) : sql];
    }
    // A reference is written as its key: a country by its code (`country`), a record by its id (`programmeId`).
    const code = column(`${field}Code`);
    if (code) return [field, `${list.alias}.${code.databaseName}`];
    const id = column(`${field}Id`);
    if (id) return [`${field}Id`, `${list.alias}.${id.databaseName}`];
    throw new Error(`export ${list.path}: ${field} is no column of ${list.entity.name} and has no SQL of its own`);
  });
}

const built = new WeakMap<NodeExportList, string>();

/**
 * The exported row as PostgreSQL writes it in JSON: building the text in the database spares the
 * node parsing the row's JSON columns and writing them again, which was most of a node's CPU per
 * exported row. The gateway parses, checks and rewrites every line in the export's exact shape
 * anyway (a node's bytes are never passed on unchecked), so the node need not write it canonically.
 */
function rowJson(ds: DataSource, list: NodeExportList): string {
  let sql = built.get(list);
  if (!sql) {
    const pairs = fieldSql(ds, list).map(([key, value]) => `'${key}', ${value}`);
    // CAST, not `::`: typeorm would read `::text` as the parameter `:text` (the text filter's).
    sql = `CAST(json_build_object(${pairs.join(', ')}) AS text)`;
    built.set(list, sql);
  }
  return sql;
}

export interface ExportRaw {
  id: string;
  key: string | null;
  json: string;
}

/**
 * The SQL of `list` under `filter` in `order` after `after`, with no LIMIT: the same filter
 * (data/filters.ts) and keyset order (data/page.ts) the GraphQL field pages with, so the export
 * and the pages are the same rows in the same order. Throws bad input as the field does.
 */
export function exportQuery(ds: DataSource, list: NodeExportList, filter: unknown, order: OrderName, after: Position | null): [string, unknown[]] {
  const a = list.alias;
  const qb = list.filter(ds.getRepository(list.entity).createQueryBuilder(a), filter as never);
  applyOrder(qb, a, order, after);
  const keyField = ORDER_KEY_FIELD[order];
  const key = keyField === null ? 'NULL' : keyField === 'updatedAt' ? isoTimestamp(`${a}.updated_at`) : `CAST(${a}.start_date AS text)`;
  qb.select(`${a}.id`, 'id').addSelect(key, 'key').addSelect(rowJson(ds, list), 'json');
  return qb.getQueryAndParameters();
}

/** The row's export line: its cursor in `order` (as the GraphQL connection writes it) and its JSON. */
export function exportLine(order: OrderName, raw: ExportRaw): string {
  // A cursor is base64url: nothing in it needs escaping in JSON.
  return `{"cursor":"${encodeCursor(order, { key: raw.key, id: raw.id })}","node":${raw.json}}\n`;
}
