import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm start` end to end: the compiled stack (embedded PostgreSQL per service, regional, four
 * nodes, gateway) comes up from an empty data folder, answers a cross-country query with seeded
 * data from all four countries, and stops cleanly on Ctrl-C, keeping its data.
 */
const ROOT = path.resolve(__dirname, '..');
// Below Linux's ephemeral range (32768+), where other tests' outgoing sockets could take a port,
// and apart from lifecycle-e2e's offsets (6000-16000).
const OFFSET = 20000 + (process.pid % 400) * 20;
let dataDir: string;
let child: ChildProcess | undefined;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-start-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
});
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function startStack(): Promise<{ child: ChildProcess; output: () => string; gatewayUrl: string; ms: number }> {
  const started = Date.now();
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist/scripts/start.js')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT_OFFSET: String(OFFSET), PORT: '', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in 120 s:\n${out}`)), 120000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /gateway\s+(http:\/\/\S+\/graphql)/.exec(out);
      if (m && out.includes('Federation up')) {
        clearTimeout(timer);
        resolve({ child: proc, output: () => out, gatewayUrl: m[1], ms: Date.now() - started });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
}

function stopStack(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    proc.removeAllListeners('exit');
    proc.on('exit', (code) => resolve(code));
    proc.kill('SIGINT');
  });
}

test('npm start serves seeded data of all four countries through the gateway and stops cleanly', async () => {
  const cold = await startStack();
  child = cold.child;
  console.log(`npm start (compiled) cold start: ${cold.ms} ms`);
  const res = await fetch(cold.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: '{ events(first: 500) { totalCount nodes { id country { code name { text } } } } eventStats(groupBy: [COUNTRY]) { country count } }',
    }),
  });
  const body: any = await res.json();
  expect(body.errors).toBeUndefined();
  const countries = new Set(body.data.events.nodes.map((n: any) => n.country.code));
  expect(countries).toEqual(new Set(['MN', 'KG', 'AZ', 'VN']));
  expect(body.data.eventStats.map((s: any) => s.country)).toEqual(['AZ', 'KG', 'MN', 'VN']);
  const health: any = await (await fetch(cold.gatewayUrl.replace(/graphql$/, 'health'))).json();
  expect(health.status).toBe('ok');

  expect(await stopStack(child)).toBe(0);
  for (const dir of ['regional', 'mn', 'kg', 'az', 'vn']) expect(fs.existsSync(path.join(dataDir, dir, 'PG_VERSION'))).toBe(true);

  // Warm start: same data folder, no reseeding, same answer.
  const warm = await startStack();
  child = warm.child;
  console.log(`npm start (compiled) warm start: ${warm.ms} ms`);
  expect(warm.output()).not.toMatch(/seeded/);
  const again: any = await (
    await fetch(warm.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ events { totalCount } }' }),
    })
  ).json();
  expect(again.data.events.totalCount).toBe(body.data.events.totalCount);
  expect(await stopStack(child)).toBe(0);
}, 300000);
