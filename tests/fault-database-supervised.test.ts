import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadGatewayConfig, loadRegionalConfig } from '../platform/config.js';
import { readPostmasterPid } from '../platform/embedded-pg/postmaster.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { startRegional, type RegionalService } from '../subgraphs/regional/server.js';
import { startNodeProcess, type NodeProcess } from './support/node-process.js';
import { postGraphQL } from './support/nodes.js';
import { waitFor } from './support/wait.js';

// A node's embedded PostgreSQL dies under it (SIGKILL of the postmaster): that country's part of
// every answer is unavailable, the others' data stays, the gateway says degraded, and the node
// restarts its database itself and serves again without being restarted. Nothing here needs a
// PostgreSQL server of the machine: every service runs its own embedded one in a temp folder.

const COUNTRIES = ['MN', 'KG'];
// The first restart waits this long, so the outage is long enough to be seen from outside.
const RESTART_MS = 5000;
let dataDir: string;
let regional: RegionalService;
let gateway: RunningGateway;
const nodes = new Map<string, NodeProcess>();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-supervised-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', EMBEDDED_PG_RESTART_MS: String(RESTART_MS), DB_CONNECT_TIMEOUT_MS: '500' };
  const [r] = await Promise.all([
    startRegional(loadRegionalConfig(['--port', '0'], { NODE_ENV: 'test', DATA_DIR: dataDir })),
    ...COUNTRIES.map(async (country) => nodes.set(country, await startNodeProcess(country, env, 120000))),
  ]);
  regional = r as RegionalService;
  gateway = await startGateway(
    loadGatewayConfig(['--port', '0'], {
      NODE_ENV: 'test',
      REGIONAL_URL: regional.url,
      COUNTRY_NODES: COUNTRIES.map((c) => `${c}=${nodes.get(c)!.url}`).join(','),
      NODE_TIMEOUT_MS: '2000',
      BREAKER_OPEN_MS: '500',
      POLL_INTERVAL_MS: '500',
    }),
  );
}, 180000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([...nodes.values()].map((n) => n.stop()));
  await regional?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60000);

const QUERY = '{ countries { code events(first: 5) { totalCount } } events(first: 100) { totalCount nodes { id } } }';
const health = async () => (await (await fetch(gateway.url.replace(/graphql$/, 'health'))).json()) as { status: string };

test("a node's killed database costs only that country's data until the node has restarted it", async () => {
  const healthy = await postGraphQL(gateway.url, QUERY);
  expect(healthy.errors).toBeUndefined();
  const prefixes = (res: typeof healthy) => [...new Set<string>((res.data?.events?.nodes ?? []).map((n: { id: string }) => n.id.slice(0, 2)))].sort();
  expect(prefixes(healthy)).toEqual(['KG', 'MN']);
  const nodePid = nodes.get('KG')!.child.pid;

  const postmaster = readPostmasterPid(path.join(dataDir, 'kg'))!.pid;
  process.kill(postmaster, 'SIGKILL');

  // During the outage: partial answers, never data: null, the error names KG alone.
  const during = await postGraphQL(gateway.url, QUERY);
  expect(during.data).not.toBeNull();
  expect(prefixes(during)).toEqual(['MN']);
  expect(during.data.countries.find((c: { code: string }) => c.code === 'MN').events.totalCount).toBeGreaterThan(0);
  const codes = (during.errors ?? []).map((e) => `${e.extensions?.code}:${e.extensions?.country}`);
  expect(codes.length).toBeGreaterThan(0);
  for (const code of codes) expect(code).toMatch(/^(COUNTRY_UNAVAILABLE|DATABASE_UNAVAILABLE):KG$/);
  expect((await health()).status).toBe('degraded');
  // Still inside the outage, told by the node itself rather than by a clock a busy machine
  // stretches: its database is unreachable, so the partial answer above came from the outage.
  const nodeHealth = await (await fetch(nodes.get('KG')!.url.replace(/graphql$/, 'health'))).json();
  expect(nodeHealth).toMatchObject({ status: 'down', database: 'unreachable' });

  // The node restarts its database itself and the gateway lets KG back in.
  // Polled: on a busy machine the restarted PostgreSQL may take tens of seconds to accept connections.
  let after = during;
  await waitFor(
    async () => {
      after = await postGraphQL(gateway.url, QUERY);
      return !after.errors && prefixes(after).length === 2;
    },
    'KG served again after its database restarted',
    90_000,
    250,
  );
  expect(after.errors).toBeUndefined();
  expect(prefixes(after)).toEqual(['KG', 'MN']);
  expect(after.data.events.totalCount).toBe(healthy.data.events.totalCount);
  expect(readPostmasterPid(path.join(dataDir, 'kg'))!.pid).not.toBe(postmaster);
  expect(nodes.get('KG')!.child.pid).toBe(nodePid);
  expect(nodes.get('KG')!.child.exitCode).toBeNull();
}, 180_000);

test('a node process killed with SIGKILL restarts on the same data folder: the orphaned PostgreSQL is stopped, the data is intact', async () => {
  const before = await postGraphQL(nodes.get('MN')!.url, '{ events { totalCount } }');
  const orphan = readPostmasterPid(path.join(dataDir, 'mn'))!.pid;
  const killed = nodes.get('MN')!;
  killed.child.kill('SIGKILL');
  await new Promise((r) => killed.child.once('exit', r));
  expect(() => process.kill(orphan, 0)).not.toThrow(); // PostgreSQL outlives its node

  const restarted = await startNodeProcess('MN', { DATA_DIR: dataDir, DATABASE_URL: '' }, 120000);
  nodes.set('MN', restarted);
  expect(readPostmasterPid(path.join(dataDir, 'mn'))!.pid).not.toBe(orphan);
  expect(() => process.kill(orphan, 0)).toThrow();
  const after = await postGraphQL(restarted.url, '{ events { totalCount } }');
  expect(after.data.events.totalCount).toBe(before.data.events.totalCount);
  expect(await (await fetch(restarted.url.replace(/graphql$/, 'health'))).json()).toMatchObject({ status: 'ok' });
}, 120000);
