import pg from 'pg';
import { mintToken } from '../shared/auth.js';
import { DEV_JWT_SECRET, loadGatewayConfig, loadRegionalConfig } from '../shared/config.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { startRegional, type RegionalService } from '../subgraphs/regional/server.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { startNodeProcess, type NodeProcess } from './support/node-process.js';
import { postGraphQL } from './support/nodes.js';

// Country nodes as their own processes, so one can be frozen (SIGSTOP) like a hung machine.
// Timeouts are short so the suite stays quick; the assertions are bounds, not benchmarks.

const NODE_TIMEOUT_MS = 1000;
const WRITE_TIMEOUT_MS = 1500;
const BREAKER_OPEN_MS = 500;
const COUNTRIES = ['MN', 'KG', 'AZ'];

let regional: RegionalService;
let gateway: RunningGateway;
const databases: TestDatabase[] = [];
const nodes = new Map<string, NodeProcess>();

beforeAll(async () => {
  const regionalDb = await createTestDatabase('fault_regional');
  databases.push(regionalDb);
  regional = await startRegional(loadRegionalConfig(['--port', '0'], { NODE_ENV: 'test', DATABASE_URL: regionalDb.url }));
  await Promise.all(
    COUNTRIES.map(async (country) => {
      const db = await createTestDatabase(`fault_${country}`);
      databases.push(db);
      nodes.set(country, await startNodeProcess(country, { DATABASE_URL: db.url, JWT_SECRET: DEV_JWT_SECRET }));
    }),
  );
  gateway = await startGateway(
    loadGatewayConfig(['--port', '0'], {
      NODE_ENV: 'test',
      REGIONAL_URL: regional.url,
      COUNTRY_NODES: COUNTRIES.map((c) => `${c}=${nodes.get(c)!.url}`).join(','),
      NODE_TIMEOUT_MS: String(NODE_TIMEOUT_MS),
      WRITE_TIMEOUT_MS: String(WRITE_TIMEOUT_MS),
      BREAKER_OPEN_MS: String(BREAKER_OPEN_MS),
      POLL_INTERVAL_MS: '600000', // the circuit must open from request outcomes here
    }),
  );
}, 180000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([...nodes.values()].map((n) => n.stop()));
  await regional?.close();
  await Promise.all(databases.map((d) => d.drop()));
}, 60000);

const query = (q: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => postGraphQL(gateway.url, q, variables, headers);
const editor = async (country: string) => ({
  authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: `fault-${country}`, role: 'editor', country })}`,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  startedAt: number;
  ms: number;
  countries: string[];
  unavailable: string[];
  dataNull: boolean;
}

/** `workers` clients sending a cross-country page back to back until `stop()`. */
function steadyLoad(workers: number) {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const startedAt = Date.now();
      const res = await query('{ events(first: 20) { totalCount nodes { id } } }');
      samples.push({
        startedAt,
        ms: Date.now() - startedAt,
        countries: [...new Set<string>((res.data?.events?.nodes ?? []).map((n: { id: string }) => n.id.slice(0, 2)))].sort(),
        unavailable: (res.errors ?? []).filter((e) => e.extensions?.code === 'COUNTRY_UNAVAILABLE').map((e) => e.extensions.country),
        dataNull: !res.data?.events,
      });
    }
  });
  return { samples, stop: async () => ((running = false), await Promise.all(loops)) };
}

test('a frozen node: once its circuit opens, answers are partial and fast; its return is noticed quickly', async () => {
  // Warm every path first (query plans, node connections): the first answers of a fresh stack are slower.
  for (let i = 0; i < 5; i++) expect((await query('{ events(first: 20) { totalCount nodes { id } } }')).errors).toBeUndefined();
  const load = steadyLoad(4);
  await sleep(500);
  const kg = nodes.get('KG')!;
  const frozenAt = Date.now();
  kg.freeze();
  await sleep(3000);
  const resumedAt = Date.now();
  kg.resume();
  // The circuit probes the node's health after BREAKER_OPEN_MS (doubling while it fails).
  let backAt: number | null = null;
  while (Date.now() - resumedAt < 15000 && backAt === null) {
    await sleep(100);
    const recent = load.samples.filter((s) => s.startedAt > resumedAt && s.unavailable.length === 0);
    if (recent.length) backAt = recent[0].startedAt;
  }
  await load.stop();

  expect(load.samples.every((s) => !s.dataNull)).toBe(true);
  // Before the freeze: complete answers.
  expect(load.samples.filter((s) => s.startedAt + s.ms < frozenAt).every((s) => s.unavailable.length === 0)).toBe(true);
  // While frozen, after the first timeouts opened the circuit: KG missing, the others answered, fast.
  const open = load.samples.filter((s) => s.startedAt > frozenAt + NODE_TIMEOUT_MS * 2 && s.startedAt + s.ms < resumedAt);
  expect(open.length).toBeGreaterThan(10);
  for (const s of open) expect({ unavailable: s.unavailable, countries: s.countries }).toEqual({ unavailable: ['KG'], countries: ['AZ', 'MN'] });
  const slowest = Math.max(...open.map((s) => s.ms));
  console.log(`frozen KG: ${open.length} answers with the circuit open, slowest ${slowest} ms; back ${backAt ? backAt - resumedAt : 'never'} ms after resume`);
  expect(slowest).toBeLessThan(NODE_TIMEOUT_MS / 2); // never waits for the hung node
  expect(backAt).not.toBeNull();
  const circuit = (await (await fetch(gateway.url.replace(/graphql$/, 'health'))).json()) as { nodes: Array<{ country: string; breaker: { state: string } }> };
  expect(circuit.nodes.find((n) => n.country === 'KG')!.breaker.state).toBe('closed');
}, 60000);

test('an ambiguous write (node frozen past the write deadline) retried with the same key makes exactly one record', async () => {
  const kg = nodes.get('KG')!;
  const title = `Ambiguous write ${Date.now()}`;
  const create = 'mutation($input: EventInput!) { createEvent(input: $input) { id } }';
  const input = { country: 'KG', title: { lang: 'en', text: title }, type: 'MEETING', startDate: '2026-11-20' };
  const headers = { ...(await editor('KG')), 'idempotency-key': `fault-${Date.now()}` };

  kg.freeze();
  const first = await query(create, { input }, headers);
  await sleep(2500); // the request waits in KG's socket buffer, past its deadline (+ the allowed clock skew)
  kg.resume();
  expect(first.data).toEqual({ createEvent: null });
  expect(first.errors?.[0].extensions).toMatchObject({ code: 'COUNTRY_UNAVAILABLE', country: 'KG', writeOutcome: 'UNKNOWN' });

  // Retry until the node answers (its circuit may have opened meanwhile: NOT_APPLIED, retry again).
  let retried: Awaited<ReturnType<typeof query>> = { errors: [{}] };
  for (let i = 0; i < 40 && retried.errors; i++) {
    retried = await query(create, { input }, headers);
    if (retried.errors) {
      expect(retried.errors[0].extensions.writeOutcome).toBe('NOT_APPLIED');
      await sleep(250);
    }
  }
  expect(retried.errors).toBeUndefined();
  const again = await query(create, { input }, headers);
  expect(again.data.createEvent.id).toBe(retried.data.createEvent.id);
  const found = await query('query($t: String) { events(filter: { countries: [KG], text: $t }) { totalCount } }', { t: title });
  expect(found.data.events.totalCount).toBe(1);

  // The same key with another request is refused and writes nothing.
  const reused = await query(create, { input: { ...input, title: { lang: 'en', text: `${title} (changed)` } } }, headers);
  expect(reused.errors?.[0].extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', country: 'KG' });
}, 60000);

test('a write waiting on a row lock past its deadline is rolled back and says so', async () => {
  const kgDb = databases.find((d) => d.name.startsWith('fault_kg'))!;
  const page = await query('{ events(filter: { countries: [KG] }, first: 1) { nodes { id version } } }');
  const { id, version } = page.data.events.nodes[0];
  const locker = new pg.Client({ connectionString: kgDb.url });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM event WHERE id = $1 FOR UPDATE', [id]);
    const started = Date.now();
    const res = await query(
      'mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, patch: { city: "Locked" }) { version } }',
      { id, v: version },
      await editor('KG'),
    );
    const elapsed = Date.now() - started;
    expect(res.data).toEqual({ updateEvent: null });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', country: 'KG', writeOutcome: 'NOT_APPLIED' });
    expect(elapsed).toBeLessThan(WRITE_TIMEOUT_MS * 3);
  } finally {
    await locker.query('ROLLBACK');
    await locker.end();
  }
  // Nothing was applied once the lock was gone either.
  const after = await query('query($id: ID!) { event(id: $id) { version city } }', { id });
  expect(after.data.event.version).toBe(version);
  expect(after.data.event.city).not.toBe('Locked');
}, 60000);
