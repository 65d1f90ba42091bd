import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { gatewayWorkerCount } from '../gateway/workers.js';
import { ConfigError } from '../platform/config.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { waitFor } from './support/wait.js';

// GATEWAY_WORKERS: the compiled gateway (`npm run gateway`, dist/, built by `npm test`) as two
// worker processes on one port, over real nodes; a killed worker is replaced; SIGTERM stops all.

const ROOT = path.resolve(__dirname, '..');
let fed: TestFederation;
let gateway: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  fed = await startFederation({ countries: ['KG', 'MN'] });
}, 120_000);
afterAll(async () => {
  if (gateway && gateway.exitCode === null) gateway.kill('SIGKILL');
  await fed?.stop();
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Each step waits for what the gateway prints, however long a busy machine takes to start a
 * worker process (tens of seconds at load 10 on two cores); the limit only turns a hang into a
 * failure that shows the gateway's output.
 */
async function until(check: () => boolean, what: string): Promise<void> {
  await waitFor(check, what, 90_000, 20).catch((error: Error) => {
    throw new Error(`${error.message}\n${output}`);
  });
}

const workerPids = () => [...output.matchAll(/worker \d+ \(pid (\d+)\) listening on port (\d+)/g)].map((m) => ({ pid: Number(m[1]), port: Number(m[2]) }));

test('two workers share one port, a killed worker is replaced, SIGTERM stops every worker and exits 0', async () => {
  const regionalUrl = fed.regional.url;
  const countryNodes = ['KG', 'MN'].map((c) => `${c}=${fed.proxies.get(c)!.url}`).join(',');
  gateway = spawn(process.execPath, [path.join(ROOT, 'dist/gateway/index.js'), '--port', '0'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      GATEWAY_WORKERS: '2',
      REGIONAL_URL: regionalUrl,
      COUNTRY_NODES: countryNodes,
      POLL_INTERVAL_MS: '60000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  gateway.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  gateway.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await until(() => workerPids().length === 2, 'two workers listening');
  const [a, b] = workerPids();
  expect(a.pid).not.toBe(b.pid);
  expect(a.port).toBe(b.port);
  const url = `http://127.0.0.1:${a.port}/graphql`;
  const ask = async () =>
    (await (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ events(first: 3) { nodes { id } } }' }),
      })
    ).json()) as { data?: any; errors?: unknown[] };
  // Each worker composes its own supergraph once its nodes answer; wait until both serve.
  await until(() => /ready in \d+ ms/g.test(output) && (output.match(/ready in \d+ ms/g) ?? []).length >= 2, 'both workers ready');
  for (let i = 0; i < 6; i++) expect((await ask()).data.events.nodes).toHaveLength(3);

  process.kill(a.pid, 'SIGKILL');
  await until(() => workerPids().length === 3, 'a replacement worker');
  const replacement = workerPids()[2];
  expect(replacement.port).toBe(a.port);
  await until(() => (output.match(/ready in \d+ ms/g) ?? []).length >= 3, 'the replacement ready');
  expect((await ask()).data.events.nodes).toHaveLength(3);

  const exited = new Promise<number | null>((resolve) => gateway!.once('exit', (code) => resolve(code)));
  gateway.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(alive(b.pid)).toBe(false);
  expect(alive(replacement.pid)).toBe(false);
}, 300_000);

test('GATEWAY_WORKERS: the core count by default in production, 1 otherwise; bad values refused', () => {
  expect(gatewayWorkerCount({ NODE_ENV: 'production' })).toBe(os.availableParallelism());
  expect(gatewayWorkerCount({ NODE_ENV: 'development' })).toBe(1);
  expect(gatewayWorkerCount({ NODE_ENV: 'production', GATEWAY_WORKERS: '3' })).toBe(3);
  expect(() => gatewayWorkerCount({ GATEWAY_WORKERS: 'two' })).toThrow(/GATEWAY_WORKERS must be a positive integer/);
  expect(() => gatewayWorkerCount({ GATEWAY_WORKERS: '0' })).toThrow(ConfigError);
});
