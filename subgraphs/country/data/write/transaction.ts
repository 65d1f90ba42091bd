import { QueryFailedError, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { databaseFailure } from '../../../../platform/database-errors.js';
import { badInput, databaseBusy, databaseUnavailable, deadlineExceeded, notFound, recordLocked, versionConflict } from '../../../../contract/errors.js';
import type { CountryContext } from '../../context.js';
import { now } from '../derive.js';
import { claimKey, recordOutcome, type StoredOutcome } from './idempotency.js';

/** Tables whose rows carry `id` and `version`; named in SQL, so kept to this closed list. */
export type VersionedTable = 'event' | 'programme' | 'organisation' | 'partnership' | 'person';

/**
 * Runs one mutation in one transaction, so that it is applied exactly once and never reported
 * falsely:
 *  - within the request's deadline: `SET LOCAL statement_timeout` bounds every statement (a lock
 *    wait too), and if the deadline has passed by the time the work is done the transaction
 *    rolls back (DEADLINE_EXCEEDED, writeOutcome NOT_APPLIED) instead of committing late;
 *  - on the write pool, whose connections reads never need: a connection that does not come
 *    free within the pool wait is DATABASE_BUSY (NOT_APPLIED), not the database being down;
 *  - `SET LOCAL lock_timeout`: a row another transaction keeps locked fails the write after
 *    ctx.lockTimeoutMs with RECORD_LOCKED (rolled back: NOT_APPLIED), so writes queued on one
 *    row give their connections back long before the deadline;
 *  - with an Idempotency-Key, the key is claimed first and the outcome stored in the same
 *    transaction; a retry gets the original outcome (`replay` reads a created record back);
 *  - a database that went away says whether the write may have been applied (UNKNOWN only
 *    when the connection was lost during COMMIT).
 * The node's data version (what gateways key their cached answers on) is bumped by triggers on
 * every data table, so it changes in this same transaction and is announced only on commit.
 * Loaders are cleared afterwards (committed or not) so later reads in the request see the write.
 * A foreign-key failure that slipped past the explicit checks (a concurrent delete) becomes
 * BAD_USER_INPUT, not SQL.
 */
export async function runWrite<T>(ctx: CountryContext, work: (m: EntityManager) => Promise<T>, replay?: EntityTarget<ObjectLiteral>): Promise<T> {
  const left = Math.floor(ctx.deadline - Date.now());
  if (left <= 0) throw deadlineExceeded(true);
  const claim = ctx.idempotency;
  let committing = false;
  try {
    return await ctx.ds.transaction(async (m) => {
      // One round trip: the simple protocol takes both statements (no parameters).
      await m.query(`SET LOCAL statement_timeout = ${left}; SET LOCAL lock_timeout = ${Math.max(1, Math.min(ctx.lockTimeoutMs, left))}`);
      const earlier = claim ? await claimKey(m, claim) : null;
      if (earlier) return (await replayOutcome(m, earlier.replay, replay)) as T;
      const result = await work(m);
      if (claim) await recordOutcome(m, claim, result);
      if (Date.now() >= ctx.deadline) throw deadlineExceeded(true);
      committing = true;
      return result;
    });
  } catch (error) {
    if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23503') {
      throw badInput('A record this write refers to was removed, or a record it removes is still referenced; reload and retry');
    }
    const failure = databaseFailure(error);
    if (failure === 'cancelled') throw deadlineExceeded(true);
    if (failure === 'locked') throw recordLocked(ctx.lockTimeoutMs);
    if (failure === 'busy') throw databaseBusy('NOT_APPLIED');
    if (failure === 'unavailable') throw databaseUnavailable(committing ? 'UNKNOWN' : 'NOT_APPLIED');
    throw error;
  } finally {
    clearLoaders(ctx);
  }
}

/** The result the first request with this key returned: its record as it is now, or its value. */
async function replayOutcome(m: EntityManager, outcome: StoredOutcome, entity: EntityTarget<ObjectLiteral> | undefined): Promise<unknown> {
  if (!('id' in outcome)) return outcome.value;
  const row = entity ? await m.findOneBy(entity, { id: outcome.id }) : null;
  if (!row) throw notFound(`${outcome.id}, written by the first request with this Idempotency-Key, no longer exists`);
  return row;
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
