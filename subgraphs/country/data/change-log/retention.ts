import type { DataSource } from 'typeorm';

/**
 * The retention sweep: a record deleted more than `retentionSeconds` before `now` leaves the
 * change log altogether (its tombstone and every earlier revision), so it can no longer be
 * undeleted and a feed read from the start never sees it. Live records keep their whole history.
 * The highest position removed is kept as `swept_through`: a watermark behind it may have missed
 * a tombstone and is refused (WATERMARK_EXPIRED), never silently resumed. `now` is a parameter so
 * tests can run the sweep 91 days ahead. Returns the number of revisions removed.
 *
 * The DELETE runs first: its data-version trigger takes that row lock before the position row,
 * the order every write takes them in (see append.ts), so a sweep and a write never deadlock.
 */
export async function sweepChangeLog(ds: DataSource, retentionSeconds: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionSeconds * 1000);
  // Looked at first: a DELETE fires the log's data-version trigger even when it removes nothing,
  // which would make every gateway drop this node's cached answers at each sweep.
  const [due]: Array<{ any: boolean }> = await ds.query(`SELECT EXISTS (SELECT 1 FROM change_log WHERE kind = 'DELETE' AND changed_at < $1) AS any`, [cutoff]);
  if (!due?.any) return 0;
  return ds.transaction(async (m) => {
    const [result]: Array<{ removed: number; through: string | null }> = await m.query(
      `WITH gone AS (
         SELECT d.record_id, d.seq FROM change_log d
         WHERE d.kind = 'DELETE' AND d.changed_at < $1
           AND NOT EXISTS (SELECT 1 FROM change_log later WHERE later.record_id = d.record_id AND later.seq > d.seq)
       ), removed AS (
         DELETE FROM change_log c USING gone WHERE c.record_id = gone.record_id AND c.seq <= gone.seq RETURNING c.seq
       )
       SELECT (SELECT count(*)::int FROM removed) AS removed, (SELECT max(seq)::text FROM gone) AS through`,
      [cutoff],
    );
    if (result?.through) await m.query('UPDATE change_position SET swept_through = GREATEST(swept_through, $1::bigint)', [result.through]);
    return result?.removed ?? 0;
  });
}

/** How often a node sweeps: hourly, or more often when the retention is shorter than ten hours. */
export function sweepIntervalMs(retentionSeconds: number): number {
  return Math.max(1000, Math.min(3600 * 1000, (retentionSeconds * 1000) / 10));
}
