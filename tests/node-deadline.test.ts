import pg from 'pg';
import { deadlineFrom } from '../contract/deadline.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// A node stops working for a request when its deadline passes: nothing keeps running in
// PostgreSQL for a client that has gone.

let node: TestNode;
beforeAll(async () => {
  node = await startTestNode('AZ');
});
afterAll(async () => {
  await node?.stop();
});

async function post(query: string, headers: Record<string, string>) {
  const started = Date.now();
  const res = await fetch(node.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { body: (await res.json()) as { data?: any; errors?: any[] }, ms: Date.now() - started };
}

async function waitingStatements(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND wait_event_type = 'Lock'", [
    node.database.name,
  ]);
  return rows[0].n;
}

test('a read blocked past the deadline is cancelled in PostgreSQL and answered DEADLINE_EXCEEDED', async () => {
  const locker = new pg.Client({ connectionString: node.database.url });
  const admin = new pg.Client({ connectionString: node.database.url });
  await Promise.all([locker.connect(), admin.connect()]);
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE event IN ACCESS EXCLUSIVE MODE');
    const { body, ms } = await post('{ events(first: 5) { totalCount nodes { id } } }', { 'x-deadline-ms': '400' });
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', retryable: true });
    expect(ms).toBeLessThan(3000);
    // The statement is gone from the server, not left waiting behind the lock.
    await new Promise((r) => setTimeout(r, 200));
    expect(await waitingStatements(admin)).toBe(0);
  } finally {
    await locker.query('ROLLBACK').catch(() => {});
    await Promise.all([locker.end(), admin.end()]);
  }
  // The node serves normally afterwards.
  const { body } = await post('{ events(first: 1) { totalCount } }', {});
  expect(body.errors).toBeUndefined();
});

test('a caller with no time left (x-deadline-ms 0) gets DEADLINE_EXCEEDED and no work is done', async () => {
  const before = node.statements.count;
  const { body } = await post('{ events(first: 5) { totalCount } }', { 'x-deadline-ms': '0' });
  expect(body.errors?.[0].extensions.code).toBe('DEADLINE_EXCEEDED');
  expect(node.statements.count).toBe(before);
});

test("a caller whose clock is 4.5 s off is still answered: the node reads time left, never another machine's instant", async () => {
  // What a gateway with a skewed clock would send under the old protocol: an instant already
  // past by this node's clock. Only the time left counts now.
  for (const skew of [-4500, 4500]) {
    const { body } = await post('{ events(first: 2) { totalCount } }', { 'x-deadline-ms': '3000', 'x-deadline-at': String(Date.now() + skew - 3000) });
    expect(body.errors).toBeUndefined();
    expect(body.data.events.totalCount).toBeGreaterThan(0);
  }
});

test('the deadline a node works to: time left by its own clock, capped, less a margin to answer', () => {
  const now = 1_000_000;
  // No header: the node's own limit (15 s) less the answer margin (at most 500 ms).
  expect(deadlineFrom({}, 15000, now)).toBe(now + 15000 - 500);
  // A caller cannot buy more than the node's limit.
  expect(deadlineFrom({ 'x-deadline-ms': '999999999' }, 15000, now)).toBe(now + 15000 - 500);
  // 1 s left: answer 100 ms early (10 %).
  expect(deadlineFrom({ 'x-deadline-ms': '1000' }, 15000, now)).toBe(now + 1000 - 100);
  // No time left: already passed.
  expect(deadlineFrom({ 'x-deadline-ms': '0' }, 15000, now)).toBeLessThan(now);
  expect(deadlineFrom({ 'x-deadline-ms': '-5' }, 15000, now)).toBeLessThan(now);
  // Another machine's instant is ignored, however far it is from this clock.
  expect(deadlineFrom({ 'x-deadline-ms': '3000', 'x-deadline-at': String(now - 5000) }, 15000, now)).toBe(now + 3000 - 300);
  expect(deadlineFrom({ 'x-deadline-ms': '3000', 'x-deadline-at': String(now + 60_000) }, 15000, now)).toBe(now + 3000 - 300);
  // Garbage is ignored.
  expect(deadlineFrom({ 'x-deadline-ms': 'soon' }, 2000, now)).toBe(now + 2000 - 200);
  expect(deadlineFrom({ 'x-deadline-ms': '' }, 2000, now)).toBe(now + 2000 - 200);
});

test("an answer over the node's size limit is refused with a code, not sent", async () => {
  const small = await startTestNode('MN', { env: { NODE_MAX_RESPONSE_BYTES: '400' } });
  try {
    const res = await fetch(small.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ events(first: 50) { nodes { id title { original translations { text } } } } }' }),
    });
    const text = await res.text();
    expect(text.length).toBeLessThan(400);
    expect(JSON.parse(text).errors[0].extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', limit: 400 });
    const ok = await small.query('{ events(first: 1) { nodes { id } } }');
    expect(ok.errors).toBeUndefined();
  } finally {
    await small.stop();
  }
});
