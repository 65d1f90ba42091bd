import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People named in the sources, and their roles. A role may point at an organisation, event or
 * programme of the same node; those rows cannot be deleted while a role refers to them.
 */
export class People1764100000000 implements MigrationInterface {
  name = 'People1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person (
        id text COLLATE "C" PRIMARY KEY,
        country char(2) NOT NULL,
        name jsonb NOT NULL,
        name_variants jsonb NOT NULL DEFAULT '[]',
        global_ref text,
        email text,
        phone text,
        sources jsonb NOT NULL DEFAULT '[]',
        search_text text NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        version int NOT NULL
      )`);
    await q.query(`CREATE INDEX person_global_ref_idx ON person (global_ref)`);
    await q.query(`CREATE INDEX person_updated_at_idx ON person (updated_at)`);
    await q.query(`CREATE INDEX person_search_idx ON person USING gin (search_text gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE person_role (
        person_id text COLLATE "C" NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        position int NOT NULL,
        title jsonb NOT NULL,
        organisation_id text COLLATE "C" REFERENCES organisation (id) ON DELETE RESTRICT,
        event_id text COLLATE "C" REFERENCES event (id) ON DELETE RESTRICT,
        programme_id text COLLATE "C" REFERENCES programme (id) ON DELETE RESTRICT,
        as_of date,
        PRIMARY KEY (person_id, position)
      )`);
    await q.query(`CREATE INDEX person_role_organisation_idx ON person_role (organisation_id)`);
    await q.query(`CREATE INDEX person_role_event_idx ON person_role (event_id)`);
    await q.query(`CREATE INDEX person_role_programme_idx ON person_role (programme_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_role`);
    await q.query(`DROP TABLE person`);
  }
}
