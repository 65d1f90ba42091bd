import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of writes: the key, which mutation field of the request it covers, a
 * fingerprint of the request, and the outcome, stored in the same transaction as the write.
 */
export class Idempotency1764200000000 implements MigrationInterface {
  name = 'Idempotency1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        key text NOT NULL,
        scope text NOT NULL,
        fingerprint text NOT NULL,
        outcome jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (key, scope)
      )`);
    await q.query(`CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
  }
}
