import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The country node's schema. Sort columns are generated: a missing start date becomes -infinity
 * (descending) or +infinity (ascending) so undated rows sort last and every order is one btree
 * range scan. Every filter and order has an index; `text` search uses trigram GIN indexes on the
 * case-folded search_text column (LIKE '%…%'). Ids use the "C" collation: the id tie-break and
 * cursors compare ids byte by byte, as the gateway's merge does, whatever the server's locale.
 */
export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE organisation (
        id text COLLATE "C" PRIMARY KEY,
        country char(2) NOT NULL,
        name jsonb NOT NULL,
        acronym text,
        type text,
        constituent_group text NOT NULL,
        global_ref text,
        sources jsonb NOT NULL DEFAULT '[]',
        search_text text NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        version int NOT NULL
      )`);
    await q.query(`CREATE INDEX organisation_global_ref_idx ON organisation (global_ref)`);
    await q.query(`CREATE INDEX organisation_constituent_group_idx ON organisation (constituent_group)`);
    await q.query(`CREATE INDEX organisation_type_idx ON organisation (type)`);
    await q.query(`CREATE INDEX organisation_updated_at_idx ON organisation (updated_at)`);
    await q.query(`CREATE INDEX organisation_search_idx ON organisation USING gin (search_text gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE programme (
        id text COLLATE "C" PRIMARY KEY,
        country char(2) NOT NULL,
        code text,
        title jsonb NOT NULL,
        summary jsonb,
        status text NOT NULL,
        start_date date,
        end_date date,
        date_precision text NOT NULL,
        range_start date,
        range_end date,
        sort_start_desc date GENERATED ALWAYS AS (COALESCE(start_date, '-infinity'::date)) STORED,
        sort_start_asc date GENERATED ALWAYS AS (COALESCE(start_date, 'infinity'::date)) STORED,
        phase int,
        recipient_countries text[] NOT NULL DEFAULT '{}',
        themes text[] NOT NULL DEFAULT '{}',
        objectives jsonb NOT NULL DEFAULT '[]',
        convention_numbers int[] NOT NULL DEFAULT '{}',
        contacts jsonb NOT NULL DEFAULT '[]',
        links text[] NOT NULL DEFAULT '{}',
        sources jsonb NOT NULL DEFAULT '[]',
        search_text text NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        version int NOT NULL
      )`);
    await q.query(`CREATE INDEX programme_start_desc_idx ON programme (sort_start_desc DESC, id)`);
    await q.query(`CREATE INDEX programme_start_asc_idx ON programme (sort_start_asc, id)`);
    await q.query(`CREATE INDEX programme_updated_at_idx ON programme (updated_at DESC, id)`);
    await q.query(`CREATE INDEX programme_range_idx ON programme (range_end, range_start)`);
    await q.query(`CREATE INDEX programme_status_idx ON programme (status)`);
    await q.query(`CREATE INDEX programme_code_idx ON programme (code)`);
    await q.query(`CREATE INDEX programme_themes_idx ON programme USING gin (themes)`);
    await q.query(`CREATE INDEX programme_recipients_idx ON programme USING gin (recipient_countries)`);
    await q.query(`CREATE INDEX programme_search_idx ON programme USING gin (search_text gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE event (
        id text COLLATE "C" PRIMARY KEY,
        country char(2) NOT NULL,
        title jsonb NOT NULL,
        summary jsonb,
        type text NOT NULL,
        start_date date,
        end_date date,
        date_precision text NOT NULL,
        range_start date,
        range_end date,
        sort_start_desc date GENERATED ALWAYS AS (COALESCE(start_date, '-infinity'::date)) STORED,
        sort_start_asc date GENERATED ALWAYS AS (COALESCE(start_date, 'infinity'::date)) STORED,
        city text,
        venue text,
        online boolean NOT NULL DEFAULT false,
        programme_id text COLLATE "C" REFERENCES programme (id) ON DELETE RESTRICT,
        participant_count int,
        presentation_count int,
        themes text[] NOT NULL DEFAULT '{}',
        outcomes jsonb NOT NULL DEFAULT '[]',
        sources jsonb NOT NULL DEFAULT '[]',
        search_text text NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        version int NOT NULL
      )`);
    await q.query(`CREATE INDEX event_start_desc_idx ON event (sort_start_desc DESC, id)`);
    await q.query(`CREATE INDEX event_start_asc_idx ON event (sort_start_asc, id)`);
    await q.query(`CREATE INDEX event_updated_at_idx ON event (updated_at DESC, id)`);
    await q.query(`CREATE INDEX event_range_idx ON event (range_end, range_start)`);
    await q.query(`CREATE INDEX event_type_idx ON event (type)`);
    await q.query(`CREATE INDEX event_programme_idx ON event (programme_id)`);
    await q.query(`CREATE INDEX event_themes_idx ON event USING gin (themes)`);
    await q.query(`CREATE INDEX event_search_idx ON event USING gin (search_text gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE event_organisation (
        event_id text COLLATE "C" NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('ORGANISER', 'PARTICIPANT')),
        organisation_id text COLLATE "C" NOT NULL REFERENCES organisation (id) ON DELETE RESTRICT,
        position int NOT NULL,
        PRIMARY KEY (event_id, role, organisation_id)
      )`);
    await q.query(`CREATE INDEX event_organisation_org_idx ON event_organisation (organisation_id)`);

    await q.query(`
      CREATE TABLE partnership (
        id text COLLATE "C" PRIMARY KEY,
        country char(2) NOT NULL,
        organisation_id text COLLATE "C" NOT NULL REFERENCES organisation (id) ON DELETE RESTRICT,
        programme_id text COLLATE "C" REFERENCES programme (id) ON DELETE RESTRICT,
        role text,
        basis text NOT NULL,
        description jsonb,
        start_date date,
        end_date date,
        sources jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz(3) NOT NULL,
        version int NOT NULL
      )`);
    await q.query(`CREATE INDEX partnership_organisation_idx ON partnership (organisation_id)`);
    await q.query(`CREATE INDEX partnership_programme_idx ON partnership (programme_id)`);
    await q.query(`CREATE INDEX partnership_role_idx ON partnership (role)`);
    await q.query(`CREATE INDEX partnership_updated_at_idx ON partnership (updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE partnership`);
    await q.query(`DROP TABLE event_organisation`);
    await q.query(`DROP TABLE event`);
    await q.query(`DROP TABLE programme`);
    await q.query(`DROP TABLE organisation`);
  }
}
