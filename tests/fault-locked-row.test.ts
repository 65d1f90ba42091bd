import pg from 'pg';
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { poolOf } from '../platform/database.js';
import { startFederation, type TestFederation } from './support/federation.js';

// Issue 19, problem 4, end to end (gateway and nodes over real HTTP): one KG row held by an
// outside transaction used to take KG offline — writes queued on it filled the node's only pool,
// reads failed DATABASE_UNAVAILABLE and the gateway opened KG's circuit. Now the writes fail
// alone (RECORD_LOCKED or busy, never applied) and everything else about KG keeps answering.

const LOCK_TIMEOUT_MS = 500;
let fed: TestFederation;
let editor: Record<string, string>;

beforeAll(async () => {
  fed = await startFederation({
    countries: ['MN', 'KG'],
    nodeEnv: { KG: { DB_WRITE_POOL_SIZE: '2', DB_READ_POOL_SIZE: '4', DB_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS) } },
    gatewayEnv: { BREAKER_FAILURES: '2' },
  });
  editor = { authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: 'locked-row-test', role: 'editor', country: 'KG' })}` };
}, 120000);
afterAll(async () => {
  await fed?.stop();
}, 60000);

const UPDATE = 'mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, patch: { city: "Osh" }) { id version } }';
// Reads that never touch the locked row: KG's organisations, and a cross-country page.
const READS = ['{ organisations(filter: { countries: [KG] }, first: 5) { totalCount nodes { id } } }', '{ events(first: 10) { totalCount nodes { id } } }'];
const kg = () => fed.nodes.get('KG')!;

test('writes to a locked KG row fail alone, not applied; KG reads keep working and its circuit stays closed', async () => {
  const [event] = await kg().ds.query('SELECT id, version FROM event ORDER BY id LIMIT 1');
  const outside = new pg.Client({ connectionString: kg().database.url });
  await outside.connect();
  await outside.query('BEGIN');
  await outside.query('SELECT id FROM event WHERE id = $1 FOR UPDATE', [event.id]);
  let writes: Array<{ data?: any; errors?: any[] }>;
  const reads: Array<{ data?: any; errors?: any[] }> = [];
  try {
    let writing = true;
    const written = Promise.all(Array.from({ length: 6 }, () => fed.query(UPDATE, { id: event.id, v: event.version }, editor))).finally(() => {
      writing = false;
    });
    // Reads run for as long as the writes are waiting on the row (the lock is held throughout).
    await Promise.all(
      [0, 1, 2].map(async (i) => {
        do reads.push(await fed.query(READS[i % READS.length]));
        while (writing);
      }),
    );
    writes = await written;
  } finally {
    await outside.query('ROLLBACK').catch(() => {});
    await outside.end();
  }

  for (const read of reads) expect(read.errors).toBeUndefined();
  expect(reads.length).toBeGreaterThanOrEqual(3);
  expect(reads.every((r) => (r.data.organisations ?? r.data.events).totalCount > 0)).toBe(true);

  const codes = writes.map((w) => w.errors?.[0]?.extensions?.code);
  // Every write answered while the row was still locked, each with a retryable refusal that says it was not applied.
  expect(codes.every((c) => c === 'RECORD_LOCKED' || c === 'COUNTRY_UNAVAILABLE')).toBe(true);
  expect(codes).toContain('RECORD_LOCKED');
  for (const w of writes) {
    expect(w.data?.updateEvent ?? null).toBeNull();
    expect(w.errors?.[0].extensions).toMatchObject({ writeOutcome: 'NOT_APPLIED', country: 'KG' });
    if (w.errors?.[0].extensions.code === 'COUNTRY_UNAVAILABLE') expect(w.errors[0].extensions.reason).toContain('overloaded');
    else expect(w.errors?.[0].extensions).toMatchObject({ retryable: true, lockTimeoutMs: LOCK_TIMEOUT_MS });
  }
  const [after] = await kg().ds.query('SELECT version, city FROM event WHERE id = $1', [event.id]);
  expect(after.version).toBe(event.version);

  expect(fed.gateway.breakers.status('KG').state).toBe('closed');
  // The row is free again: the same write goes through at once.
  const retry = await fed.query(UPDATE, { id: event.id, v: event.version }, editor);
  expect(retry.errors).toBeUndefined();
  expect(retry.data.updateEvent.version).toBe(event.version + 1);
});

test('a KG node whose read connections are all busy leaves KG out of answers as overloaded, without opening its circuit', async () => {
  const held = await Promise.all(Array.from({ length: 4 }, () => poolOf(kg().reads).connect()));
  try {
    for (let i = 0; i < 4; i++) {
      const res = await fed.query('{ events(first: 50) { totalCount nodes { id } } }');
      // MN answers; KG is reported unavailable because it is busy, never because its database is down.
      expect(res.data.events.nodes.every((n: { id: string }) => n.id.startsWith('MN:'))).toBe(true);
      expect(res.data.events.nodes.length).toBeGreaterThan(0);
      const kgErrors = (res.errors ?? []).filter((e) => e.extensions?.country === 'KG');
      expect(kgErrors.length).toBeGreaterThan(0);
      for (const e of kgErrors) expect(e.extensions).toMatchObject({ code: 'COUNTRY_UNAVAILABLE', reason: expect.stringContaining('overloaded') });
    }
    // Two failures open a circuit here (BREAKER_FAILURES=2): four busy answers did not.
    expect(fed.gateway.breakers.status('KG').state).toBe('closed');
    // The gateway's health poll asks the node's /health, which says degraded (2xx), not down.
    await fed.gateway.registry.refresh();
    expect(fed.gateway.breakers.status('KG').state).toBe('closed');
  } finally {
    held.forEach((c) => c.release());
  }
  // Connections free again: KG is back in the very next answer (no circuit to wait out).
  const res = await fed.query('{ events(first: 50) { totalCount nodes { id } } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.events.nodes.some((n: { id: string }) => n.id.startsWith('KG:'))).toBe(true);
});
