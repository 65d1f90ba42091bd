import pg from 'pg';
import { mintToken } from '../platform/auth.js';
import { ConfigError, DEV_JWT_SECRET, loadCountryNodeConfig } from '../platform/config.js';
import { databaseFailure } from '../platform/database-errors.js';
import { poolOf } from '../platform/database.js';
import { TEST_SERVER_URL } from './support/db.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// Issue 19, problem 4, at one KG node: reads and writes have separate connection budgets, a
// write waits for a locked row at most DB_LOCK_TIMEOUT_MS (RECORD_LOCKED, not applied), and a
// pool that stays full answers DATABASE_BUSY — never DATABASE_UNAVAILABLE, which would tell the
// gateway that the country's database is down.

const POOLS = { DB_READ_POOL_SIZE: '3', DB_WRITE_POOL_SIZE: '2', DB_LOCK_TIMEOUT_MS: '400' };
let node: TestNode;
let editor: Record<string, string>;

beforeAll(async () => {
  node = await startTestNode('KG', { env: POOLS });
  editor = { authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: 'pools-test', role: 'editor', country: 'KG' })}` };
});
afterAll(async () => {
  await node?.stop();
});

const UPDATE = 'mutation($id: ID!, $v: Int!, $city: String) { updateEvent(id: $id, expectedVersion: $v, patch: { city: $city }) { id version city } }';
const READ = '{ organisations(first: 3) { totalCount nodes { id } } }';
const codeOf = (res: { errors?: any[] }) => res.errors?.[0]?.extensions?.code;

async function anEvent(): Promise<{ id: string; version: number; city: string | null }> {
  const [row] = await node.ds.query('SELECT id, version, city FROM event ORDER BY id LIMIT 1');
  return row;
}

/** Takes every connection of a pool and keeps it until the returned function is called. */
async function occupy(pool: pg.Pool, count: number): Promise<() => void> {
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  return () => clients.forEach((c) => c.release());
}

/** An outside transaction (not the node's) holding the row, as another tool or a stuck session would. */
async function lockRow(table: string, id: string): Promise<pg.Client> {
  const outside = new pg.Client({ connectionString: node.database.url });
  await outside.connect();
  await outside.query('BEGIN');
  await outside.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  return outside;
}

async function unlock(outside: pg.Client): Promise<void> {
  await outside.query('ROLLBACK').catch(() => {});
  await outside.end();
}

test('a write to a row another transaction keeps locked fails with RECORD_LOCKED and is not applied; a retry with the same key applies it once', async () => {
  const event = await anEvent();
  const outside = await lockRow('event', event.id);
  const headers = { ...editor, 'idempotency-key': `locked-${Date.now()}` };
  let res;
  try {
    res = await node.query(UPDATE, { id: event.id, v: event.version, city: 'Naryn' }, headers);
    // Answered while the lock is still held: lock_timeout, not the request deadline, ended the wait.
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'RECORD_LOCKED', retryable: true, writeOutcome: 'NOT_APPLIED', lockTimeoutMs: 400 });
    expect(res.data?.updateEvent).toBeNull();
  } finally {
    await unlock(outside);
  }
  expect(await anEvent()).toEqual(event);
  const retry = await node.query(UPDATE, { id: event.id, v: event.version, city: 'Naryn' }, headers);
  expect(retry.errors).toBeUndefined();
  expect(retry.data.updateEvent).toMatchObject({ version: event.version + 1, city: 'Naryn' });
});

test('a write that finds every write connection busy is DATABASE_BUSY (not applied) while reads keep answering', async () => {
  const event = await anEvent();
  const release = await occupy(poolOf(node.ds), 2);
  try {
    const write = await node.query(UPDATE, { id: event.id, v: event.version, city: 'Talas' }, editor);
    expect(write.errors?.[0].extensions).toMatchObject({ code: 'DATABASE_BUSY', retryable: true, writeOutcome: 'NOT_APPLIED' });
    const reads = await Promise.all(Array.from({ length: 6 }, () => node.query(READ)));
    for (const read of reads) {
      expect(read.errors).toBeUndefined();
      expect(read.data.organisations.totalCount).toBeGreaterThan(0);
    }
    const health = await fetch(node.url.replace(/graphql$/, 'health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  } finally {
    release();
  }
  expect(await anEvent()).toEqual(event);
});

test('a full read pool is DATABASE_BUSY for reads and degraded (not down) at /health; writes still go through', async () => {
  const release = await occupy(poolOf(node.reads), 3);
  try {
    const read = await node.query(READ);
    expect(codeOf(read)).toBe('DATABASE_BUSY');
    expect(read.errors?.map((e) => e.extensions.code)).not.toContain('DATABASE_UNAVAILABLE');
    const health = await fetch(node.url.replace(/graphql$/, 'health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: expect.stringContaining('busy') });

    const event = await anEvent();
    const write = await node.query(UPDATE, { id: event.id, v: event.version, city: 'Karakol' }, editor);
    expect(write.errors).toBeUndefined();
    expect(write.data.updateEvent).toMatchObject({ version: event.version + 1, city: 'Karakol' });
  } finally {
    release();
  }
  expect((await node.query(READ)).errors).toBeUndefined();
});

test('the pools report themselves apart (metrics and pg_stat_activity)', async () => {
  const metrics = await (await fetch(node.url.replace(/graphql$/, 'metrics'))).text();
  expect(metrics).toMatch(/ilo_db_pool_max_connections\{pool="read"\} 3/);
  expect(metrics).toMatch(/ilo_db_pool_max_connections\{pool="write"\} 2/);
  // The earlier tests' waits that timed out, counted as busy, by pool.
  expect(metrics).toMatch(/ilo_db_pool_acquire_failures_total\{pool="write",reason="busy"\} [1-9]/);
  expect(metrics).toMatch(/ilo_db_pool_acquire_failures_total\{pool="read",reason="busy"\} [1-9]/);
  const names: Array<{ application_name: string }> = await node.ds.query(
    `SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'ilo-country-%' ORDER BY 1`,
  );
  expect(names.map((n) => n.application_name)).toEqual(['ilo-country-read', 'ilo-country-write']);
});

describe('failures are told apart from the errors PostgreSQL and pg give', () => {
  test('a pool wait that times out is busy', async () => {
    const pool = new pg.Pool({ connectionString: TEST_SERVER_URL, max: 1, connectionTimeoutMillis: 100 });
    const held = await pool.connect();
    try {
      expect(databaseFailure(await pool.connect().catch((e: unknown) => e))).toBe('busy');
    } finally {
      held.release();
      await pool.end();
    }
  });

  test('a lock wait past lock_timeout is locked', async () => {
    const event = await anEvent();
    const outside = await lockRow('event', event.id);
    const waiter = new pg.Client({ connectionString: node.database.url });
    await waiter.connect();
    try {
      await waiter.query('SET lock_timeout = 50');
      const error = await waiter.query('SELECT id FROM event WHERE id = $1 FOR UPDATE', [event.id]).catch((e: unknown) => e);
      expect(databaseFailure(error)).toBe('locked');
    } finally {
      await waiter.end();
      await unlock(outside);
    }
  });

  test('a database that cannot be reached is unavailable', async () => {
    const client = new pg.Client({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 1000 });
    expect(databaseFailure(await client.connect().catch((e: unknown) => e))).toBe('unavailable');
  });
});

describe('settings', () => {
  const load = (env: Record<string, string>) => loadCountryNodeConfig(['--country', 'KG'], { NODE_ENV: 'test', ...env });

  test('defaults: 10 read and 4 write connections, 1 s pool wait, 2 s lock timeout', () => {
    expect(load({})).toMatchObject({ dbReadPoolSize: 10, dbWritePoolSize: 4, dbConnectTimeoutMs: 1000, dbLockTimeoutMs: 2000, requestTimeoutMs: 15000 });
  });

  test('a wait at or beyond the request timeout is refused at start, naming both settings', () => {
    expect(() => load({ DB_LOCK_TIMEOUT_MS: '15000' })).toThrow(ConfigError);
    expect(() => load({ NODE_REQUEST_TIMEOUT_MS: '800' })).toThrow('DB_CONNECT_TIMEOUT_MS (1000) must be below NODE_REQUEST_TIMEOUT_MS (800)');
    expect(() => load({ DB_WRITE_POOL_SIZE: '0' })).toThrow(ConfigError);
  });
});
