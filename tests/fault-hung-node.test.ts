import pg from 'pg';
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET, loadGatewayConfig, loadRegionalConfig } from '../platform/config.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { startRegional, type RegionalService } from '../subgraphs/regional/server.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { startNodeProcess, type NodeProcess } from './support/node-process.js';
import { postGraphQL } from './support/nodes.js';
import { median, waitFor } from './support/wait.js';

// Country nodes as their own processes, so one can be frozen (SIGSTOP) like a hung machine.
// Timeouts are short so the suite stays quick. The phases end on what the gateway answers, not
// after fixed sleeps, and speed is compared with a baseline taken in the same test: on a busy
// machine everything is slower, but an answer that waited for the hung node stays distinguishable.

// Long enough that a healthy node on a busy 2-core machine answers in time (else it, too, would be
// reported unavailable), short enough that the hung node's timeouts open its circuit quickly.
const NODE_TIMEOUT_MS = 3000;
const WRITE_TIMEOUT_MS = 4000;
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
      // The lock wait outlasts the write deadline, so the row-lock test sees the deadline fire.
      const env = { DATABASE_URL: db.url, JWT_SECRET: DEV_JWT_SECRET, DB_LOCK_TIMEOUT_MS: String(WRITE_TIMEOUT_MS * 2) };
      nodes.set(country, await startNodeProcess(country, env));
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
  /** KG's error refused the request before sending it (open circuit): nothing waited for KG. */
  refusedByCircuit: boolean;
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
      const unavailable = (res.errors ?? []).filter((e) => e.extensions?.code === 'COUNTRY_UNAVAILABLE');
      samples.push({
        startedAt,
        ms: Date.now() - startedAt,
        countries: [...new Set<string>((res.data?.events?.nodes ?? []).map((n: { id: string }) => n.id.slice(0, 2)))].sort(),
        unavailable: unavailable.map((e) => e.extensions.country),
        refusedByCircuit: unavailable.some((e) => e.extensions.country === 'KG' && String(e.extensions.reason).startsWith('circuit open')),
        dataNull: !res.data?.events,
      });
    }
  });
  return { samples, stop: async () => ((running = false), await Promise.all(loops)) };
}

test('a frozen node: once its circuit opens, answers are partial and fast; its return is noticed', async () => {
  // Warm every path first (query plans, node connections): the first answers of a fresh stack are slower.
  for (let i = 0; i < 5; i++) expect((await query('{ events(first: 20) { totalCount nodes { id } } }')).errors).toBeUndefined();
  const load = steadyLoad(4);
  // The baseline: complete answers under the same load, on the machine as it is now.
  await waitFor(() => load.samples.length >= 20, 'twenty answers before the freeze');
  const kg = nodes.get('KG')!;
  const frozenAt = Date.now();
  kg.freeze();
  const open = () => load.samples.filter((s) => s.startedAt > frozenAt && s.refusedByCircuit);
  await waitFor(() => open().length >= 20, 'twenty answers refused by the open circuit while KG is frozen');
  const resumedAt = Date.now();
  kg.resume();
  // The circuit probes the node's health after BREAKER_OPEN_MS (doubling while it fails).
  const back = () => load.samples.find((s) => s.startedAt > resumedAt && s.unavailable.length === 0);
  await waitFor(() => back() !== undefined, 'a complete answer after KG resumed');
  await load.stop();

  expect(load.samples.every((s) => !s.dataNull)).toBe(true);
  // Before the freeze: complete answers.
  const before = load.samples.filter((s) => s.startedAt + s.ms < frozenAt);
  expect(before.length).toBeGreaterThan(0);
  expect(before.every((s) => s.unavailable.length === 0)).toBe(true);
  // While frozen, once the circuit opened: KG missing without being asked, the others answered.
  const whileOpen = open().filter((s) => s.startedAt + s.ms < resumedAt);
  expect(whileOpen.length).toBeGreaterThanOrEqual(20);
  for (const s of whileOpen) expect({ unavailable: s.unavailable, countries: s.countries }).toEqual({ unavailable: ['KG'], countries: ['AZ', 'MN'] });
  // Nothing waits for the hung node: typically as fast as a complete answer (one node fewer to ask).
  // Four times the baseline's median leaves room for a machine whose load changes meanwhile; an
  // answer that waited would take NODE_TIMEOUT_MS, far more than a warm answer here.
  const baseline = median(before.map((s) => s.ms));
  const typical = median(whileOpen.map((s) => s.ms));
  console.log(
    `frozen KG: baseline median ${baseline} ms; ${whileOpen.length} answers with the circuit open, median ${typical} ms, slowest ${Math.max(...whileOpen.map((s) => s.ms))} ms; back ${back()!.startedAt - resumedAt} ms after resume`,
  );
  expect(typical).toBeLessThanOrEqual(Math.max(4 * baseline, 20));
  const circuit = (await (await fetch(gateway.url.replace(/graphql$/, 'health'))).json()) as { nodes: Array<{ country: string; breaker: { state: string } }> };
  expect(circuit.nodes.find((n) => n.country === 'KG')!.breaker.state).toBe('closed');
}, 180000);

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

  // Retry with the same key until the node answers, as a client would: its circuit may have opened
  // meanwhile (NOT_APPLIED), or a retry may itself outlast the deadline on a busy machine (UNKNOWN);
  // either is safe to retry, which is what the key is for.
  let retried: Awaited<ReturnType<typeof query>> = { errors: [{}] };
  await waitFor(
    async () => {
      retried = await query(create, { input }, headers);
      if (retried.errors)
        expect(retried.errors[0].extensions).toMatchObject({ code: 'COUNTRY_UNAVAILABLE', writeOutcome: expect.stringMatching(/^(NOT_APPLIED|UNKNOWN)$/) });
      return !retried.errors;
    },
    'the retried write answered',
    90_000,
    250,
  );
  const again = await query(create, { input }, headers);
  expect(again.data.createEvent.id).toBe(retried.data.createEvent.id);
  const found = await query('query($t: String) { events(filter: { countries: [KG], text: $t }) { totalCount } }', { t: title });
  expect(found.data.events.totalCount).toBe(1);

  // The same key with another request is refused and writes nothing.
  const reused = await query(create, { input: { ...input, title: { lang: 'en', text: `${title} (changed)` } } }, headers);
  expect(reused.errors?.[0].extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', country: 'KG' });
}, 180000);

test('a write waiting on a row lock past its deadline is rolled back and says so', async () => {
  const kgDb = databases.find((d) => d.name.startsWith('fault_kg'))!;
  const page = await query('{ events(filter: { countries: [KG] }, first: 1) { nodes { id version } } }');
  const { id, version } = page.data.events.nodes[0];
  const locker = new pg.Client({ connectionString: kgDb.url });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    // The baseline: a read of the same event through the gateway, on the machine as it is now.
    const reads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      expect((await query('query($id: ID!) { event(id: $id) { version } }', { id })).data.event.version).toBe(version);
      reads.push(Date.now() - t);
    }
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
    // Bounded by the write deadline (the lock is held until after the answer: without the deadline
    // it would never come), plus room for a slow machine measured by the baseline.
    expect(elapsed).toBeLessThan(WRITE_TIMEOUT_MS * 1.5 + 10 * median(reads));
  } finally {
    await locker.query('ROLLBACK');
    await locker.end();
  }
  // Nothing was applied once the lock was gone either.
  const after = await query('query($id: ID!) { event(id: $id) { version city } }', { id });
  expect(after.data.event.version).toBe(version);
  expect(after.data.event.city).not.toBe('Locked');
}, 180000);
