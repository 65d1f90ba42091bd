import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The regional subgraph's schema: two small reference tables. Checks mirror the GraphQL types
 * (upper-case ISO code, convention code `C` + digits, known categories) so a bad row is refused
 * by the database rather than failing later at serialisation.
 */
export class RegionalInitial1764000000500 implements MigrationInterface {
  name = 'RegionalInitial1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE country (
        code char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
        name jsonb NOT NULL,
        ilo_member_since int,
        ratified_conventions int CHECK (ratified_conventions >= 0),
        ratifications_as_of date,
        ilo_office text,
        sources jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`
      CREATE TABLE convention (
        number int PRIMARY KEY CHECK (number > 0),
        code text NOT NULL UNIQUE CHECK (code ~ '^C[0-9]+$'),
        title jsonb NOT NULL,
        category text NOT NULL CHECK (category IN ('FUNDAMENTAL', 'GOVERNANCE', 'TECHNICAL'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE convention`);
    await q.query(`DROP TABLE country`);
  }
}
