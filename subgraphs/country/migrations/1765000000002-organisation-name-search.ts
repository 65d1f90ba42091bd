import type { MigrationInterface, QueryRunner } from 'typeorm';
import { organisationNameSearchText } from '../data/derive.js';

/**
 * An event's text search also matches the names of its organisers and participants. It matches
 * their names (every wording, acronym, former names), not everything search_text holds: an
 * organisation's `about` (the ILO's mandate, say) would make every event it attended match
 * "social protection". The column is derived like search_text and filled here for stored rows,
 * without touching updated_at or version (no content changed).
 */
export class OrganisationNameSearch1765000000002 implements MigrationInterface {
  name = 'OrganisationNameSearch1765000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation ADD COLUMN name_search_text text NOT NULL DEFAULT ''`);
    let after = '';
    for (;;) {
      const rows: Array<{ id: string; name: never; acronym: string | null; formerNames: never }> = await q.query(
        `SELECT id, name, acronym, former_names AS "formerNames" FROM organisation WHERE id > $1 ORDER BY id LIMIT 1000`,
        [after],
      );
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      await q.query(`UPDATE organisation AS t SET name_search_text = v.text FROM unnest($1::text[], $2::text[]) AS v(id, text) WHERE t.id = v.id`, [
        rows.map((r) => r.id),
        rows.map((r) => organisationNameSearchText(r)),
      ]);
    }
    await q.query(`ALTER TABLE organisation ALTER COLUMN name_search_text DROP DEFAULT`);
    await q.query(`CREATE INDEX organisation_name_search_idx ON organisation USING gin (name_search_text gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation DROP COLUMN name_search_text`);
  }
}
