import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The record tables and the change-log entity name of their rows. */
const RECORD_TABLES: Array<[table: string, entity: string]> = [
  ['organisation', 'ORGANISATION'],
  ['programme', 'PROGRAMME'],
  ['event', 'EVENT'],
  ['partnership', 'PARTNERSHIP'],
  ['person', 'PERSON'],
];

/**
 * One change log per node (see data/change-log/): every write appends a revision in its own
 * transaction. `change_position` is the node's commit-ordered counter (see append.ts for why a
 * counter under a row lock and not a SEQUENCE), the random `epoch` names this database's log so
 * a watermark of another database (a replaced or re-created one) is recognised, and
 * `swept_through` is the highest position the retention sweep removed.
 *
 * Records already present get one UPSERT revision each (by "migration"), so a feed read from
 * the start reproduces the node's whole data, as it does on a node seeded after this migration.
 */
export class ChangeLog1766000000010 implements MigrationInterface {
  name = 'ChangeLog1766000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE change_position (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        seq bigint NOT NULL DEFAULT 0,
        epoch text NOT NULL,
        swept_through bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`INSERT INTO change_position (epoch) VALUES (substr(md5(random()::text || clock_timestamp()::text), 1, 12))`);
    await q.query(`
      CREATE TABLE change_log (
        seq bigint PRIMARY KEY,
        entity text NOT NULL,
        record_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('UPSERT', 'DELETE')),
        version int NOT NULL,
        changed_at timestamptz NOT NULL,
        changed_by text NOT NULL,
        changed_fields text[] NOT NULL,
        previous jsonb,
        restored_from int
      )`);
    await q.query(`CREATE INDEX change_log_record_idx ON change_log (record_id, seq)`);
    await q.query(`CREATE INDEX change_log_delete_idx ON change_log (changed_at) WHERE kind = 'DELETE'`);
    // The sweep removes rows: cached answers of `changes` must not outlive it (data_version).
    await q.query(
      `CREATE TRIGGER change_log_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON change_log FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`,
    );
    const existing = RECORD_TABLES.map(([table, entity]) => `SELECT '${entity}' AS entity, id, version, updated_at FROM ${table}`).join(' UNION ALL ');
    await q.query(`
      INSERT INTO change_log (seq, entity, record_id, kind, version, changed_at, changed_by, changed_fields)
      SELECT row_number() OVER (ORDER BY updated_at, id), entity, id, 'UPSERT', version, updated_at, 'migration', '{}'
      FROM (${existing}) r`);
    await q.query(`UPDATE change_position SET seq = (SELECT COALESCE(max(seq), 0) FROM change_log)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE change_log`);
    await q.query(`DROP TABLE change_position`);
  }
}
