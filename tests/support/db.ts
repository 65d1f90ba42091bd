import pg from 'pg';
import { EMBEDDED_URL_VARIABLE } from './embedded-server.js';
import { announceSkip } from './skip.js';

/** An existing server to test against instead of the embedded one (also the external-path tests' server). */
export const EXTERNAL_SERVER_URL = process.env.TEST_DATABASE_URL || undefined;

function testServerUrl(): string {
  const url = EXTERNAL_SERVER_URL ?? process.env[EMBEDDED_URL_VARIABLE];
  if (!url) throw new Error(`no test PostgreSQL: neither TEST_DATABASE_URL nor ${EMBEDDED_URL_VARIABLE} (set by jest's globalSetup) is set`);
  return url;
}

/** Server used by tests: TEST_DATABASE_URL, else the embedded server the jest global setup started. */
export const TEST_SERVER_URL = testServerUrl();

/** In the names of the external-path tests, so that `jest -t` selects them (.ci/run). */
export const EXTERNAL_TAG = '[TEST_DATABASE_URL]';

/**
 * `describe` for tests of the product's external-server path that need a server the suite did not
 * start itself: they run against TEST_DATABASE_URL and are skipped, with one line, when it is unset.
 */
export function describeOnExternalServer(name: string, body: () => void): void {
  if (EXTERNAL_SERVER_URL) {
    describe(`${name} ${EXTERNAL_TAG}`, body);
    return;
  }
  announceSkip(`"${name}"`, 'set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run it against an existing PostgreSQL');
  describe.skip(name, body);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server; drop() removes it (and kills leftover connections). */
export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  return {
    url: withDatabase(TEST_SERVER_URL, name),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
