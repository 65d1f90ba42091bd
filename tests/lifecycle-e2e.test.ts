import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { ownerFile } from '../platform/embedded-pg/owner.js';
import { processAlive, readPostmasterPid } from '../platform/embedded-pg/postmaster.js';
import { postGraphQL } from './support/nodes.js';
import { waitFor } from './support/wait.js';
import { choosePortOffset, heldRequest, killEverything, portFree, signalGroup, spawnStack, startStack, type StackProcess } from './support/stack-process.js';

/**
 * `npm start` as a user runs it, in its own process group on a temp DATA_DIR and ports of its
 * own: Ctrl-C while a request is in flight, a second start on the same data, a crash (SIGKILL)
 * and the restart after it, and a fifth country added by configuration. Whatever happens, the
 * groups and any postmaster on the folder are killed at the end.
 */
const FOLDERS = ['regional', 'mn', 'kg', 'az', 'vn'];
// Gateway, regional and the four nodes; TJ (added below) gets the next node port.
const BASE_PORTS = [4000, 4001, 4101, 4102, 4103, 4104, 4105];
// The shift: below the ephemeral range (32768+), so an outgoing connection never holds one of its
// ports; free, and none a port fetch refuses (10080 once made this test fail); the second start
// uses OFFSET + 10.
let OFFSET: number;
let PORTS: number[];
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  OFFSET = await choosePortOffset([...BASE_PORTS, ...BASE_PORTS.map((p) => p + 10)], 6000 + (process.pid % 500) * 20, 20);
  PORTS = BASE_PORTS.map((p) => p + OFFSET);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-lifecycle-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
}, 60000);
afterAll(() => {
  killEverything(children, dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({ DATA_DIR: dataDir, PORT_OFFSET: String(OFFSET), ...extra });
async function start(extra?: Record<string, string>): Promise<StackProcess> {
  const stack = await startStack(env(extra));
  children.push(stack.child);
  return stack;
}
const editor = async (country: string) => ({
  authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: `lifecycle-${country}`, role: 'editor', country })}`,
});
const TOTAL = '{ events { totalCount } }';

/**
 * The total through the gateway. A keep-alive socket idle for the gateway's 5 s limit may be closed
 * by it just as the client reuses it (timers run late on a busy machine): like a browser, the client
 * retries an idempotent read once on a fresh connection when the socket closed before any answer.
 */
async function readTotal(url: string) {
  try {
    return await postGraphQL(url, TOTAL);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
    return postGraphQL(url, TOTAL);
  }
}
const createEvent = async (url: string, country: string, text: string) =>
  postGraphQL(
    url,
    'mutation($i: EventInput!) { createEvent(input: $i) { id } }',
    { i: { country, title: { lang: 'en', text }, type: 'MEETING', startDate: '2026-11-24' } },
    await editor(country),
  );

let eventsBefore: number;
let kgEventId: string;

test('a second npm start on the same data says which process holds it, the seed runs beside it, Ctrl-C with a request in flight answers it and stops everything', async () => {
  const first = await start();
  const created = await createEvent(first.gatewayUrl, 'KG', 'Lifecycle: kept across crashes');
  expect(created.errors).toBeUndefined();
  kgEventId = created.data.createEvent.id;
  eventsBefore = (await readTotal(first.gatewayUrl)).data.events.totalCount;

  const second = spawnStack(env({ PORT_OFFSET: String(OFFSET + 10) }));
  children.push(second.child);
  expect(await second.exited).toBe(1);
  const lines = second
    .output()
    .trim()
    .split('\n')
    .filter((l) => l.includes('in use'));
  expect(lines).toEqual([expect.stringContaining(`is in use by another running stack (pid ${first.child.pid}`)]);

  const still = await readTotal(first.gatewayUrl);
  expect(still.data.events.totalCount).toBe(eventsBefore);

  // The seed command of docs/operations.md while the stack runs: through the running database, nothing doubled.
  for (const args of [['--country', 'KG'], ['--regional']]) {
    const seed = spawnSync(process.execPath, [path.resolve(__dirname, '../dist/subgraphs/country/seed/cli.js'), ...args], {
      env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect({ args, status: seed.status }).toEqual({ args, status: 0 });
    expect(seed.stdout).toContain(`(pid ${first.child.pid}): seeding through its running database`);
    expect(seed.stdout).toMatch(/inserted 0, already present [1-9]/);
  }
  expect((await readTotal(first.gatewayUrl)).data.events.totalCount).toBe(eventsBefore);

  // Ctrl-C to the whole group while a request is in flight: it is answered, then all stops.
  const postmasters = FOLDERS.map((f) => readPostmasterPid(path.join(dataDir, f))!.pid);
  const held = heldRequest(first.gatewayUrl, TOTAL);
  await held.inFlight;
  const signalledAt = Date.now();
  signalGroup(first.child, 'SIGINT');
  // The stack is stopping (it said so) while the request is still being sent.
  await waitFor(() => first.output().includes('finishing requests in progress'), 'the stack saying it is stopping');
  held.release();
  const answer = await held.answer;
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body).data.events.totalCount).toBe(eventsBefore);
  expect(await first.exited).toBe(0);
  const stopMs = Date.now() - signalledAt;
  // Exit 0 is the in-order stop, finished within the stop deadline (platform/shutdown.ts forces a
  // late one and exits 130); its time is a figure, not a bound: a busy machine is slower.
  console.log(`npm start: SIGINT to exit ${stopMs} ms with a request in flight`);
  for (const port of PORTS) expect(await portFree(port)).toBe(true);
  for (const pid of postmasters) expect(processAlive(pid)).toBe(false);
  for (const f of FOLDERS) {
    expect(fs.existsSync(path.join(dataDir, f, 'postmaster.pid'))).toBe(false);
    expect(fs.existsSync(ownerFile(path.join(dataDir, f)))).toBe(false);
  }
}, 240000);

test('after a SIGKILL (postmasters orphaned) the next start stops the orphans and serves the same data', async () => {
  const crashed = await start();
  const orphans = FOLDERS.map((f) => readPostmasterPid(path.join(dataDir, f))!.pid);
  signalGroup(crashed.child, 'SIGKILL');
  await crashed.exited;
  for (const pid of orphans) expect(processAlive(pid)).toBe(true); // PostgreSQL outlives its owner

  const again = await start();
  expect(again.output()).toMatch(/left running on .* by a crashed process/);
  for (const pid of orphans) expect(processAlive(pid)).toBe(false);
  const health = (await (await fetch(again.gatewayUrl.replace(/graphql$/, 'health'))).json()) as { status: string };
  expect(health.status).toBe('ok');
  expect((await postGraphQL(again.gatewayUrl, TOTAL)).data.events.totalCount).toBe(eventsBefore);
  const kept = await postGraphQL(again.gatewayUrl, 'query($id: ID!) { event(id: $id) { id } }', { id: kgEventId });
  expect(kept.data.event).toEqual({ id: kgEventId });
  signalGroup(again.child, 'SIGINT');
  expect(await again.exited).toBe(0);
}, 240000);

test('a fifth country added by configuration (COUNTRIES and its facts) is listed with its name', async () => {
  const seed = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../subgraphs/regional/seed/data/regional.json'), 'utf8'));
  const tj = {
    ...seed.countries[0],
    code: 'TJ',
    name: { original: 'Тоҷикистон', lang: 'tg', translations: [{ lang: 'en', text: 'Tajikistan', origin: 'HUMAN' }] },
    iloOffice: null,
    sources: [],
  };
  const file = path.join(dataDir, 'regional-with-tj.json');
  fs.writeFileSync(file, JSON.stringify({ ...seed, countries: [...seed.countries, tj] }));

  const stack = await start({ COUNTRIES: 'MN,KG,AZ,VN,TJ', REGIONAL_SEED_FILE: file });
  expect(stack.output()).toMatch(new RegExp(`node TJ\\s+http://127\\.0\\.0\\.1:${4105 + OFFSET}/graphql`));
  const created = await createEvent(stack.gatewayUrl, 'TJ', 'Lifecycle: the fifth country');
  expect(created.errors).toBeUndefined();
  const res = await postGraphQL(stack.gatewayUrl, '{ countries { code name { text } } events(first: 500) { nodes { id country { code name { text } } } } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.countries.map((c: { code: string }) => c.code)).toContain('TJ');
  expect(res.data.countries.find((c: { code: string }) => c.code === 'TJ').name.text).toBe('Tajikistan');
  const event = res.data.events.nodes.find((n: { id: string }) => n.id === created.data.createEvent.id);
  expect(event.country).toEqual({ code: 'TJ', name: { text: 'Tajikistan' } });
  expect(new Set(res.data.events.nodes.map((n: { country: { code: string } }) => n.country.code))).toEqual(new Set(['MN', 'KG', 'AZ', 'VN', 'TJ']));
  signalGroup(stack.child, 'SIGINT');
  expect(await stack.exited).toBe(0);
}, 240000);
