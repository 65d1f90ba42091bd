import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fields the fidelity pass needs to state what the documents say (seed/FIDELITY.md): the date a
 * programme's status holds for, what a programme did that is no event of its own, what the
 * documents say about an organisation, and its former names. (SourceRef.note lives in the
 * sources JSON already.)
 */
export class FidelityFields1764400000000 implements MigrationInterface {
  name = 'FidelityFields1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme ADD COLUMN status_as_of date, ADD COLUMN activities jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE organisation ADD COLUMN about jsonb NOT NULL DEFAULT '[]', ADD COLUMN former_names jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation DROP COLUMN former_names, DROP COLUMN about`);
    await q.query(`ALTER TABLE programme DROP COLUMN activities, DROP COLUMN status_as_of`);
  }
}
