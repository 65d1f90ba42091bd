import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who did what (issue 25). An organisation may support an event without organising it or taking
 * part ("organised with ILO help"); a person's role says what kind of thing it is (a post held, or
 * what they opened, presented, moderated or stated at an event); a programme whose status no
 * document states has none; an organisation may be a unit of another (an agency of its ministry).
 */
export class Attribution1765000000001 implements MigrationInterface {
  name = 'Attribution1765000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE event_organisation DROP CONSTRAINT event_organisation_role_check`);
    await q.query(`ALTER TABLE event_organisation ADD CONSTRAINT event_organisation_role_check CHECK (role IN ('ORGANISER', 'PARTICIPANT', 'SUPPORTER'))`);
    // Rows stored before have no kind: nothing says which of them are posts and which are acts.
    await q.query(`ALTER TABLE person_role ADD COLUMN kind text CHECK (kind IN ('POSITION', 'OPENED', 'PRESENTED', 'MODERATED', 'STATED'))`);
    await q.query(`ALTER TABLE programme ALTER COLUMN status DROP NOT NULL`);
    await q.query(`ALTER TABLE organisation ADD COLUMN parent_id text COLLATE "C" REFERENCES organisation (id) ON DELETE RESTRICT CHECK (parent_id <> id)`);
    await q.query(`CREATE INDEX organisation_parent_idx ON organisation (parent_id)`);
  }

  // Fails (and changes nothing) while rows use what it removes: supporters, statusless programmes.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX organisation_parent_idx`);
    await q.query(`ALTER TABLE organisation DROP COLUMN parent_id`);
    await q.query(`ALTER TABLE programme ALTER COLUMN status SET NOT NULL`);
    await q.query(`ALTER TABLE person_role DROP COLUMN kind`);
    await q.query(`ALTER TABLE event_organisation DROP CONSTRAINT event_organisation_role_check`);
    await q.query(`ALTER TABLE event_organisation ADD CONSTRAINT event_organisation_role_check CHECK (role IN ('ORGANISER', 'PARTICIPANT'))`);
  }
}
