import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The key of a rollup row, as computed from an event row (the same expressions eventStats scans with). */
const KEY = `country, EXTRACT(YEAR FROM start_date)::int, type, themes`;
const KEY_COLUMNS = `country, year, type, themes`;

/**
 * The one statement every trigger runs: `changes` are event rows with a sign (+1 new, -1 old).
 * Keys whose count and sum do not move (an UPDATE of other columns) write nothing, so they take
 * no lock either. Rows are upserted in key order: two statements touching the same keys lock
 * them in the same order and cannot deadlock (without the ORDER BY, tests/event-stats-rollup-
 * writers.test.ts deadlocked). Across the statements of two transactions, writers are already
 * serialised by the data_version row lock: event_data_version fires before these triggers (same
 * event, name order). ON CONFLICT makes a concurrent first insert of a key an update, never a
 * lost count.
 */
const applyChanges = (changes: string) => `
  INSERT INTO event_stats_rollup AS r (${KEY_COLUMNS}, events, participants)
  SELECT ${KEY}, sum(sign), COALESCE(sum(sign * participant_count), 0)
  FROM (${changes}) c
  GROUP BY 1, 2, 3, 4
  HAVING sum(sign) <> 0 OR COALESCE(sum(sign * participant_count), 0) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET events = r.events + EXCLUDED.events, participants = r.participants + EXCLUDED.participants`;

const FROM_NEW = `SELECT country, start_date, type, themes, participant_count, 1 AS sign FROM new_rows`;
const FROM_OLD = `SELECT country, start_date, type, themes, participant_count, -1 AS sign FROM old_rows`;

/** Trigger function per operation: each sees only the transition tables its trigger declares. */
const TRIGGERS: Array<[op: string, referencing: string, changes: string]> = [
  ['insert', 'NEW TABLE AS new_rows', FROM_NEW],
  ['update', 'OLD TABLE AS old_rows NEW TABLE AS new_rows', `${FROM_NEW} UNION ALL ${FROM_OLD}`],
  ['delete', 'OLD TABLE AS old_rows', FROM_OLD],
];

/**
 * eventStats' summary on the node (issue 26): per (country, start year, type, themes array as
 * stored) the number of events and the sum of their participant counts, so that every groupBy of
 * EventDimension, with no filter or a countries/types/themes filter, is a sum over a few thousand
 * rows instead of a scan of every event (see data/event-rollup.ts for the read side).
 *
 * Kept exact by statement-level triggers in the transaction of every write, whoever writes (the
 * node's mutations, the seed, the bench's bulk loader, SQL straight to the database): one upsert
 * per statement from its transition tables, so a 1,000-row INSERT costs one grouped upsert, not
 * 1,000. A row whose count drops to 0 is deleted in the same statement's trigger (the partial
 * index finds them; only this transaction's own rows can be at 0, others commit theirs deleted).
 * A count below 0 (a summary out of step with its events: triggers disabled, rows edited by
 * hand) fails the write rather than answer wrong totals; `SELECT event_stats_rollup_rebuild()`
 * recomputes it. Not a CHECK: PostgreSQL checks the row ON CONFLICT proposes to insert (the
 * negative delta itself) before it finds the conflict.
 *
 * Needs PostgreSQL 15+ (NULLS NOT DISTINCT: undated events share one key with a null year).
 */
export class EventStatsRollup1766000000020 implements MigrationInterface {
  name = 'EventStatsRollup1766000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_stats_rollup (
        country char(2) NOT NULL,
        year int,
        type text NOT NULL,
        themes text[] NOT NULL,
        events bigint NOT NULL,
        participants bigint NOT NULL,
        UNIQUE NULLS NOT DISTINCT (${KEY_COLUMNS})
      )`);
    await q.query(`CREATE INDEX event_stats_rollup_empty_idx ON event_stats_rollup (country) WHERE events <= 0`);
    for (const [op, referencing, changes] of TRIGGERS) {
      await q.query(`
        CREATE FUNCTION event_stats_rollup_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${applyChanges(changes)};
          IF EXISTS (SELECT FROM event_stats_rollup WHERE events < 0) THEN
            RAISE EXCEPTION 'event_stats_rollup is out of step with the events; SELECT event_stats_rollup_rebuild() recomputes it';
          END IF;
          DELETE FROM event_stats_rollup WHERE events = 0;
          RETURN NULL;
        END $$`);
      await q.query(
        `CREATE TRIGGER event_stats_rollup_${op} AFTER ${op.toUpperCase()} ON event REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION event_stats_rollup_${op}()`,
      );
    }
    // TRUNCATE has no transition table; nothing of ours truncates events, but psql may.
    await q.query(`
      CREATE FUNCTION event_stats_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM event_stats_rollup;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER event_stats_rollup_truncate AFTER TRUNCATE ON event FOR EACH STATEMENT EXECUTE FUNCTION event_stats_rollup_truncate()`);
    await q.query(`
      CREATE FUNCTION event_stats_rollup_rebuild() RETURNS void LANGUAGE sql AS $$
        LOCK TABLE event IN SHARE MODE;
        DELETE FROM event_stats_rollup;
        INSERT INTO event_stats_rollup (${KEY_COLUMNS}, events, participants)
        SELECT ${KEY}, count(*), COALESCE(sum(participant_count), 0) FROM event GROUP BY 1, 2, 3, 4;
      $$`);
    // After the triggers, under a lock that holds writers off until this commits: no event is
    // missed by both the backfill and the triggers, none counted by both.
    await q.query(`SELECT event_stats_rollup_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of [...TRIGGERS.map(([o]) => o), 'truncate']) {
      await q.query(`DROP TRIGGER event_stats_rollup_${op} ON event`);
      await q.query(`DROP FUNCTION event_stats_rollup_${op}()`);
    }
    await q.query(`DROP FUNCTION event_stats_rollup_rebuild()`);
    await q.query(`DROP TABLE event_stats_rollup`);
  }
}
