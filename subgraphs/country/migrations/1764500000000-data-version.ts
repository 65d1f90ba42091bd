import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table whose rows a query can read; idempotency keys are bookkeeping, not data. */
const DATA_TABLES = ['organisation', 'programme', 'event', 'event_organisation', 'partnership', 'person', 'person_role'];

/**
 * The node's data version: one counter, bumped by a statement-level trigger on every data table
 * in the same transaction as the write, and announced with NOTIFY (delivered only on commit).
 * A trigger rather than a call in the write path so that every write is covered: the node's
 * mutations, the seed, and SQL run straight against the database (psql, a migration, a restore
 * script). The row lock the UPDATE takes orders concurrent writers, so versions are announced in
 * commit order and a gateway may take the highest it has seen.
 */
export class DataVersion1764500000000 implements MigrationInterface {
  name = 'DataVersion1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE data_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), version bigint NOT NULL DEFAULT 0)`);
    await q.query(`INSERT INTO data_version DEFAULT VALUES`);
    await q.query(`
      CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE next bigint;
      BEGIN
        UPDATE data_version SET version = version + 1 RETURNING version INTO next;
        PERFORM pg_notify('data_version', next::text);
        RETURN NULL;
      END $$`);
    for (const table of DATA_TABLES) {
      await q.query(
        `CREATE TRIGGER ${table}_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of DATA_TABLES) await q.query(`DROP TRIGGER ${table}_data_version ON ${table}`);
    await q.query(`DROP FUNCTION bump_data_version()`);
    await q.query(`DROP TABLE data_version`);
  }
}
