import { QueryFailedError, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { badInput, notFound, versionConflict } from '../../../../shared/errors.js';
import type { CountryContext } from '../../context.js';
import { now } from '../derive.js';

/** Tables whose rows carry `id` and `version`; named in SQL, so kept to this closed list. */
export type VersionedTable = 'event' | 'programme' | 'organisation' | 'partnership' | 'person';

/**
 * Runs one mutation in one transaction. Loaders are cleared afterwards (committed or not) so
 * nothing later in the same request reads rows cached before the write. A foreign-key failure
 * that slipped past the explicit checks (a concurrent delete) becomes BAD_USER_INPUT, not SQL.
 */
export async function runWrite<T>(ctx: CountryContext, work: (m: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await ctx.ds.transaction(work);
  } catch (error) {
    if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23503') {
      throw badInput('A record this write refers to was removed, or a record it removes is still referenced; reload and retry');
    }
    throw error;
  } finally {
    clearLoaders(ctx);
  }
}

/** Drops every request-scoped cache, so resolvers after a write read the database again. */
export function clearLoaders(ctx: CountryContext): void {
  for (const loader of Object.values(ctx.loaders)) loader.clearAll();
}

/**
 * Locks the row (`SELECT … FOR UPDATE`) and checks its version, so two concurrent writes with
 * the same expectedVersion cannot both pass. Another country's id is simply not here: NOT_FOUND.
 */
export async function lockForWrite<T extends ObjectLiteral & { id: string; version: number }>(
  m: EntityManager,
  entity: EntityTarget<T>,
  ctx: CountryContext,
  id: string,
  expectedVersion: number,
  label: string,
): Promise<T> {
  const missing = () => notFound(`No ${label} ${id} on the ${ctx.country} node`);
  if (!id.startsWith(`${ctx.country}:`)) throw missing();
  const row = await m.findOne(entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!row) throw missing();
  if (row.version !== expectedVersion) throw versionConflict(id, expectedVersion, row.version);
  return row;
}

/**
 * Writes every column of a locked row with version + 1 and a fresh updatedAt. The version in
 * the WHERE clause is a second guard; under the row lock it always matches.
 */
export async function saveVersioned<T extends ObjectLiteral & { id: string; version: number; updatedAt: Date }>(
  m: EntityManager,
  entity: EntityTarget<T>,
  row: T,
  expectedVersion: number,
): Promise<void> {
  row.version = expectedVersion + 1;
  row.updatedAt = now();
  const { id, ...values } = row;
  const result = await m
    .createQueryBuilder()
    .update(entity)
    .set(values as never)
    .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
    .execute();
  if (result.affected !== 1) throw versionConflict(id, expectedVersion, -1);
}

/** Deletes a row already locked by lockForWrite. */
export async function deleteRow(m: EntityManager, table: VersionedTable, id: string): Promise<void> {
  await m.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
}
