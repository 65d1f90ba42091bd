import type { EntityManager } from 'typeorm';
import type { Principal } from '../../../../platform/auth.js';
import { ChangeKind, type ChangeEntity } from '../../../../contract/enums.js';
import type { RecordValues } from '../../entities/revision.entity.js';
import { changedFields, RECORD_TABLE, snapshotOf } from './snapshot.js';

/** Who a revision names: the token subject of the write (the node refuses writes without one). */
export function writerOf(principal: Principal): string {
  return principal.kind === 'user' ? principal.sub : principal.kind;
}

/** What the write path knows about the write beyond its data. */
export interface WriteMeta {
  principal: Principal;
  /** Set while a restore or an undelete runs: the version it brings back. */
  restoring?: number;
}

interface NewRevision {
  entity: ChangeEntity;
  recordId: string;
  kind: ChangeKind;
  version: number;
  by: string;
  changedFields: string[];
  previous: RecordValues | null;
  restoredFrom: number | null;
}

/**
 * Appends revisions at the next positions of the node's change log, inside the caller's write
 * transaction.
 *
 * Positions are commit order, and a reader can never skip one: the counter is a row that this
 * UPDATE locks until the transaction ends. A second writer's UPDATE waits for that lock, so it
 * takes the next positions only after the first has committed (PostgreSQL releases a
 * transaction's row locks after making its commit visible) or rolled back (and a rollback undoes
 * the increment, so positions have no gaps). Hence when a snapshot sees position n, every
 * position below n is committed and visible in it too, and a reader resuming after n misses
 * nothing that commits later. A SEQUENCE would not do: nextval() is not transactional, so a
 * transaction holding 41 may commit after one holding 42 has been read, and a reader that
 * resumed after 42 would never see 41. (Visibility rules on xids, pg_snapshot_xmin, would also
 * be safe but give xid order, not commit order, and hold every reader back behind the oldest
 * running transaction.) The lock serialises the end of writes, which writers already are: the
 * data-version trigger's row lock (migrations/1764500000000) is taken by their first statement,
 * always before this one, so the two locks are taken in one order and cannot deadlock.
 */
async function append(m: EntityManager, revisions: NewRevision[]): Promise<void> {
  if (!revisions.length) return;
  const [{ seq, at }]: Array<{ seq: string; at: Date }> = await m.query(
    // Wrapped in a SELECT so the driver returns the rows (an UPDATE's result has another shape).
    'WITH taken AS (UPDATE change_position SET seq = seq + $1 RETURNING seq) SELECT seq, clock_timestamp() AS at FROM taken',
    [revisions.length],
  );
  const first = BigInt(seq) - BigInt(revisions.length) + 1n;
  await m.query(
    `INSERT INTO change_log (seq, entity, record_id, kind, version, changed_at, changed_by, changed_fields, previous, restored_from)
     SELECT $1::bigint + n - 1, r.entity, r.record_id, r.kind, r.version, $2, r.changed_by, r.changed_fields, r.previous, r.restored_from
     FROM jsonb_to_recordset($3::jsonb) AS r(n bigint, entity text, record_id text, kind text, version int, changed_by text,
       changed_fields text[], previous jsonb, restored_from int)`,
    [
      first.toString(),
      at,
      JSON.stringify(
        revisions.map((r, i) => ({
          n: i + 1,
          entity: r.entity,
          record_id: r.recordId,
          kind: r.kind,
          version: r.version,
          changed_by: r.by,
          changed_fields: r.changedFields,
          previous: r.previous,
          restored_from: r.restoredFrom,
        })),
      ),
    ],
  );
}

/**
 * Logs a create (`before` null) or an update of a record already written in this transaction:
 * the fields that changed and their values before.
 */
export async function logWrite(m: EntityManager, meta: WriteMeta, entity: ChangeEntity, id: string, before: RecordValues | null): Promise<void> {
  const after = await snapshotOf(m, entity, id);
  const [{ version }]: Array<{ version: number }> = await m.query(`SELECT version FROM ${RECORD_TABLE[entity]} WHERE id = $1`, [id]);
  if (!after) throw new Error(`${id} was written but cannot be read back`);
  const fields = before ? changedFields(before, after) : Object.keys(after);
  const previous = before ? Object.fromEntries(fields.map((f) => [f, before[f] ?? null])) : null;
  await append(m, [
    {
      entity,
      recordId: id,
      kind: ChangeKind.UPSERT,
      version,
      by: writerOf(meta.principal),
      changedFields: fields,
      previous,
      restoredFrom: meta.restoring ?? null,
    },
  ]);
}

/** Logs a delete: the tombstone keeps the whole record as it was, for "undo delete". */
export async function logDelete(m: EntityManager, meta: WriteMeta, entity: ChangeEntity, id: string, version: number, before: RecordValues): Promise<void> {
  await append(m, [
    {
      entity,
      recordId: id,
      kind: ChangeKind.DELETE,
      version,
      by: writerOf(meta.principal),
      changedFields: Object.keys(before),
      previous: before,
      restoredFrom: null,
    },
  ]);
}

/** Logs records inserted in bulk (the seed): one create revision each, in the order given. */
export async function logInserted(m: EntityManager, by: string, entity: ChangeEntity, ids: string[]): Promise<void> {
  const revisions: NewRevision[] = [];
  for (const id of ids) {
    const after = await snapshotOf(m, entity, id);
    if (!after) continue;
    revisions.push({ entity, recordId: id, kind: ChangeKind.UPSERT, version: 1, by, changedFields: Object.keys(after), previous: null, restoredFrom: null });
  }
  await append(m, revisions);
}
