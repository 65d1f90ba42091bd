import type { EntityMetadata, ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils.js';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * The rows of a page query, as typeorm's `getMany()` would return them, without its per-request
 * work: `getMany()` prints the SQL from the query builder on every request (select expressions,
 * property-name rewriting by regular expression) and hydrates through a transformer built for
 * joins (grouping rows by primary key, relation ids, listeners). That was about a tenth of a
 * node's CPU on the gateway's page sub-request (issue 26). Here the SQL is printed once per
 * query shape (selected columns, conditions, order, limit) and rows become entities through the
 * same typeorm calls its transformer makes per column (`metadata.create`, the driver's
 * `prepareHydratedValue`, `setEntityValue`). A query outside the plain shape this covers (joins,
 * locks, caching, inheritance, relation ids, load listeners, …) runs through `getMany()`.
 */

interface Shape {
  /** The SQL with typeorm's `:named` parameters, as `getQuery()` printed it. */
  sql: string;
  /** Raw result key → the column it hydrates, for the columns the query selected. */
  columns: Array<[string, ColumnMetadata]>;
}

/** Per entity: its shapes by fingerprint. Bounded: clients choose the node fields, hence the columns. */
const shapes = new WeakMap<EntityMetadata, Map<string, Shape>>();
const MAX_SHAPES = 512;

/** The query's fingerprint when it has the plain shape (see above), else null. */
function fingerprintOf(qb: SelectQueryBuilder<ObjectLiteral>): string | null {
  const map = qb.expressionMap;
  const alias = map.mainAlias;
  if (!alias?.hasMetadata || alias.subQuery) return null;
  const metadata = alias.metadata;
  const plain =
    map.joinAttributes.length === 0 &&
    map.relationIdAttributes.length === 0 &&
    map.groupBys.length === 0 &&
    map.havings.length === 0 &&
    !map.selectDistinct &&
    map.selectDistinctOn.length === 0 &&
    map.offset === undefined &&
    map.skip === undefined &&
    map.take === undefined &&
    map.lockMode === undefined &&
    !map.cache &&
    !map.useTransaction &&
    !map.withDeleted &&
    !map.extraAppendedAndWhereCondition &&
    map.comment === undefined &&
    !map.timeTravel &&
    map.relationLoadStrategy === 'join' &&
    // A view's rows are grouped by every column (identical rows become one entity); a table's by its primary key, unique here.
    metadata.tableType !== 'view' &&
    !metadata.discriminatorColumn &&
    metadata.childEntityMetadatas.length === 0 &&
    metadata.lazyRelations.length === 0 &&
    metadata.deleteDateColumn === undefined &&
    !qb.dataSource.options.typename &&
    // `getMany()` broadcasts "Load" to these; with none, that broadcast does nothing.
    (!map.callListeners || (metadata.afterLoadListeners.length === 0 && qb.dataSource.subscribers.length === 0 && metadata.relations.length === 0)) &&
    map.selects.every((s) => s.aliasName === undefined) &&
    map.wheres.every((w) => typeof w.condition === 'string');
  if (!plain) return null;
  return JSON.stringify([alias.name, map.selects, map.wheres, map.orderBys, map.limit]);
}

function shapeOf(qb: SelectQueryBuilder<ObjectLiteral>, fingerprint: string): Shape {
  const alias = qb.expressionMap.mainAlias!;
  const metadata = alias.metadata;
  let known = shapes.get(metadata);
  if (!known) shapes.set(metadata, (known = new Map()));
  const cached = known.get(fingerprint);
  if (cached) return cached;
  // The columns typeorm's transformer fills: selected (the alias, or the alias and the property), not virtual.
  const selected = new Set(qb.expressionMap.selects.map((s) => s.selection));
  const columns = metadata.columns
    .filter((c) => !c.isVirtual && (selected.has(alias.name) || selected.has(`${alias.name}.${c.propertyPath}`)))
    .map((c): [string, ColumnMetadata] => [DriverUtils.buildAlias(qb.dataSource.driver, undefined, alias.name, c.databaseName), c]);
  // As getMany() prints it: an entity query (a primary key left out of the selection is still read).
  qb.expressionMap.queryEntity = true;
  const shape = { sql: qb.getQuery(), columns };
  if (known.size >= MAX_SHAPES) known.clear();
  known.set(fingerprint, shape);
  return shape;
}

/** The entities `qb.getMany()` would return, through the cached shape when the query has one. */
export async function readRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T[]> {
  const fingerprint = fingerprintOf(qb);
  // Only on the request's own query runner (its deadline and transaction); else typeorm's path.
  const runner = (qb as unknown as { queryRunner?: QueryRunner }).queryRunner;
  if (fingerprint === null || !runner) return qb.getMany();
  const shape = shapeOf(qb, fingerprint);
  const driver = qb.dataSource.driver;
  const [sql, parameters] = driver.escapeQueryWithParameters(shape.sql, qb.getParameters());
  const result = await runner.query(sql, parameters, true);
  const metadata = qb.expressionMap.mainAlias!.metadata;
  const entities: T[] = [];
  for (const raw of result.records as Array<Record<string, unknown>>) {
    const entity = metadata.create(runner, { fromDeserializer: true }) as T;
    let hasData = false;
    for (const [key, column] of shape.columns) {
      const value = raw[key];
      if (value === undefined) continue;
      if (value !== null && !column.isVirtualProperty) hasData = true;
      column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
    }
    // typeorm leaves out a row whose selected columns are all null (its primary key is always selected here).
    if (hasData) entities.push(entity);
  }
  return entities;
}
