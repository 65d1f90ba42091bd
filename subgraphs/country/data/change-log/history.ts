import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { assertHistoryReader } from '../../../../platform/auth.js';
import { ChangeKind, type ChangeEntity } from '../../../../contract/enums.js';
import { badInput, notFound, versionConflict } from '../../../../contract/errors.js';
import type { CountryContext } from '../../context.js';
import { Revision, type RecordValues } from '../../entities/revision.entity.js';
import type { DeletedRecord } from '../../entities/deleted-record.js';
import { MAX_PAGE_SIZE } from '../../../../contract/ordering.js';
import { entityOfId, RECORD_TABLE, snapshotOf } from './snapshot.js';

export const MAX_HISTORY = 100;

interface HistoryKey {
  id: string;
  first: number;
}

/** One request's history loader: the revisions of every record on a page in one statement. */
const loaders = new WeakMap<CountryContext, DataLoader<HistoryKey, Revision[], string>>();

function historyLoader(ctx: CountryContext): DataLoader<HistoryKey, Revision[], string> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<HistoryKey, Revision[], string>(
      async (keys) => {
        const limit = Math.max(...keys.map((k) => k.first));
        const ids = [...new Set(keys.map((k) => k.id))];
        const rows = await ctx.db
          .getRepository(Revision)
          .createQueryBuilder('r')
          .where(
            `r.seq IN (SELECT seq FROM (SELECT seq, row_number() OVER (PARTITION BY record_id ORDER BY seq DESC) AS n
                       FROM change_log WHERE record_id = ANY(:ids)) ranked WHERE n <= :limit)`,
            { ids, limit },
          )
          .orderBy('r.seq', 'DESC')
          .getMany();
        return keys.map((k) => rows.filter((r) => r.recordId === k.id).slice(0, k.first));
      },
      { cacheKeyFn: (k) => `${k.id}|${k.first}` },
    );
    loaders.set(ctx, loader);
  }
  return loader;
}

/** A record's revisions, newest first, for a caller allowed to see them. */
export function historyOf(ctx: CountryContext, id: string, country: string, first: number | null | undefined): Promise<Revision[]> {
  assertHistoryReader(ctx.principal, country);
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 0 || n > MAX_HISTORY) throw badInput(`first must be between 0 and ${MAX_HISTORY}, got ${n}`, 'first');
  return historyLoader(ctx).load({ id, first: n });
}

/** "No event KG:EVT:x on the KG node": a restore of another type's id, or another country's, finds nothing. */
function assertOwnRecord(ctx: CountryContext, entity: ChangeEntity, id: string): void {
  if (!id.startsWith(`${ctx.country}:`) || entityOfId(id) !== entity) throw notFound(`No ${RECORD_TABLE[entity]} ${id} on the ${ctx.country} node`);
}

/**
 * The record's content as it was at `version` ("restore this version"), worked back from its
 * current content through the previous values its later revisions kept. The record must be at
 * `expectedVersion` now (else VERSION_CONFLICT, as for any write), and `version` must still be in
 * its history.
 */
export async function valuesAtVersion(
  db: EntityManager,
  ctx: CountryContext,
  entity: ChangeEntity,
  id: string,
  expectedVersion: number,
  version: number,
): Promise<RecordValues> {
  assertOwnRecord(ctx, entity, id);
  const current = await snapshotOf(db, entity, id);
  if (!current) throw notFound(`No ${RECORD_TABLE[entity]} ${id} on the ${ctx.country} node; to bring back a deleted one, undelete it`);
  const [{ version: now }]: Array<{ version: number }> = await db.query(`SELECT version FROM ${RECORD_TABLE[entity]} WHERE id = $1`, [id]);
  if (now !== expectedVersion) throw versionConflict(id, expectedVersion, now);
  if (!Number.isInteger(version) || version < 1 || version >= now) {
    throw badInput(`version must be an earlier version of ${id} (1 to ${now - 1}), got ${version}`, 'version');
  }
  const revisions = await db.getRepository(Revision).find({ where: { recordId: id }, order: { seq: 'DESC' } });
  const target = revisions.find((r) => r.kind === ChangeKind.UPSERT && r.version === version);
  if (!target) throw notFound(`Version ${version} of ${id} is no longer in its history`);
  let state: RecordValues | null = current;
  for (const r of revisions) {
    if (BigInt(r.seq) <= BigInt(target.seq)) break;
    if (r.kind === ChangeKind.DELETE) state = r.previous;
    else if (r.previous === null)
      state = null; // a create or an undelete: nothing stood before it
    else if (state) state = { ...state, ...r.previous };
  }
  if (!state) throw notFound(`Version ${version} of ${id} is no longer in its history`);
  return state;
}

/**
 * The content a deleted record had ("undo delete"): its tombstone must be the record's last
 * revision (it was not brought back or re-created since) and name `expectedVersion`, the version
 * that was deleted. Tombstones are kept for the retention period (see retention.ts).
 */
export async function deletedValues(db: EntityManager, ctx: CountryContext, entity: ChangeEntity, id: string, expectedVersion: number): Promise<RecordValues> {
  assertOwnRecord(ctx, entity, id);
  const last = await db.getRepository(Revision).findOne({ where: { recordId: id }, order: { seq: 'DESC' } });
  if (!last || (last.kind === ChangeKind.DELETE && !last.previous)) {
    throw notFound(`No deleted ${RECORD_TABLE[entity]} ${id} on the ${ctx.country} node within the retention period`);
  }
  if (last.kind !== ChangeKind.DELETE) {
    throw new GraphQLError(`${id} exists (version ${last.version}); only a deleted record can be undeleted`, {
      extensions: versionConflict(id, expectedVersion, last.version).extensions,
    });
  }
  if (last.version !== expectedVersion) throw versionConflict(id, expectedVersion, last.version);
  return last.previous!;
}

/** Deleted records of this node that can still be undeleted, most recently deleted first. */
export async function deletedRecords(
  ctx: CountryContext,
  country: string,
  entities: ChangeEntity[] | null | undefined,
  first: number,
): Promise<DeletedRecord[]> {
  assertHistoryReader(ctx.principal, country);
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  if (country !== ctx.country) return [];
  const query = ctx.db
    .getRepository(Revision)
    .createQueryBuilder('d')
    .where("d.kind = 'DELETE'")
    .andWhere('NOT EXISTS (SELECT 1 FROM change_log later WHERE later.record_id = d.record_id AND later.seq > d.seq)')
    .orderBy('d.seq', 'DESC')
    .limit(first);
  if (entities?.length) query.andWhere('d.entity IN (:...entities)', { entities });
  return (await query.getMany()).map((r) => ({
    id: r.recordId,
    entity: r.entity,
    country,
    version: r.version,
    deletedAt: r.at,
    deletedBy: r.by,
    label: labelOf(r.previous),
  }));
}

/** The original wording of a record's title or name, from its kept values. */
function labelOf(values: RecordValues | null): string | null {
  const text = (values?.title ?? values?.name) as { original?: unknown } | undefined;
  return typeof text?.original === 'string' ? text.original : null;
}
