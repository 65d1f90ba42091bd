/**
 * Each kind of bad setting stops the real entry point (dist/, as `npm run gateway|node|regional`
 * and the image run it) before it listens or touches a database: one line on stderr naming the
 * setting, the value and what is accepted, no stack trace, exit code 2.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const ENTRY = {
  gateway: 'dist/gateway/index.js',
  node: 'dist/subgraphs/country/index.js',
  regional: 'dist/subgraphs/regional/index.js',
} as const;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-exit-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(service: keyof typeof ENTRY, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stderr: string; stdout: string }> {
  // Only what the service needs to start: none of the test run's own settings leak in.
  const base = { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATA_DIR: path.join(dir, 'data'), PORT: '0' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, ENTRY[service]), ...args], { env: { ...base, ...env }, cwd: ROOT });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    // A service that was not refused would start and run on: stop it so the test fails on its exit code.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

const cases: Array<[string, keyof typeof ENTRY, Record<string, string>, RegExp]> = [
  ['an enum (PAGE_FETCH=bogus)', 'gateway', { PAGE_FETCH: 'bogus' }, /PAGE_FETCH="bogus" is not accepted: expected one of auto, topk, full$/],
  ['a duration (DRAIN_MS=x)', 'gateway', { DRAIN_MS: 'x' }, /DRAIN_MS="x" is not accepted: expected a duration such as 500ms/],
  [
    'a negative duration (EMBEDDED_PG_RESTART_MS=-1)',
    'node',
    { COUNTRY: 'KG', EMBEDDED_PG_RESTART_MS: '-1' },
    /EMBEDDED_PG_RESTART_MS="-1" is not accepted: expected a duration/,
  ],
  [
    'a boolean (SEED_ON_START=maybe)',
    'regional',
    { SEED_ON_START: 'maybe' },
    /SEED_ON_START="maybe" is not accepted: expected true, false, yes, no, on, off, 1 or 0$/,
  ],
  [
    'a size (RESPONSE_CACHE_MAX_MB=lots)',
    'gateway',
    { RESPONSE_CACHE_MAX_MB: 'lots' },
    /RESPONSE_CACHE_MAX_MB="lots" is not accepted: expected a size such as 512KB, 64MB or 1GB/,
  ],
  [
    'a URL (RESPONSE_CACHE_REDIS_URL=http://…)',
    'gateway',
    { RESPONSE_CACHE_REDIS_URL: 'http://cache:6379' },
    /RESPONSE_CACHE_REDIS_URL="http:\/\/cache:6379" is not accepted: expected a URL starting redis:\/\/ or rediss:\/\/$/,
  ],
  ['an integer out of range (PORT=70000)', 'regional', { PORT: '70000' }, /PORT="70000" is not accepted: expected a whole number from 0 to 65535$/],
  ['a country code (COUNTRY=Kyrgyzstan)', 'node', { COUNTRY: 'Kyrgyzstan' }, /COUNTRY.* must be a two-letter country code, got "Kyrgyzstan"$/],
];

describe.each(cases)('%s', (_what, service, env, message) => {
  test('one line, exit code 2', async () => {
    const { code, stderr } = await run(service, env);
    expect({ code, lines: stderr.trim().split('\n') }).toEqual({ code: 2, lines: [expect.stringMatching(message)] });
    expect(stderr).toMatch(/^\[(gateway|node|regional)[^\]]*\] Configuration error: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

test('a configuration file: an unknown key and a bad value, each one line and exit code 2', async () => {
  const unknown = path.join(dir, 'unknown.yaml');
  fs.writeFileSync(unknown, 'nodeTimeout: 2s\nbreakr:\n  failures: 3\n');
  const first = await run('gateway', {}, ['--config', unknown]);
  expect({ code: first.code, lines: first.stderr.trim().split('\n') }).toEqual({
    code: 2,
    lines: [expect.stringMatching(/^\[gateway\] Configuration error: .*unknown\.yaml: unknown setting "breakr" \(accepted here: .*breaker.*\)$/)],
  });
  const bad = path.join(dir, 'bad.yaml');
  fs.writeFileSync(bad, 'database:\n  seedOnStart: perhaps\n');
  const second = await run('regional', { REGIONAL_CONFIG: bad });
  expect({ code: second.code, lines: second.stderr.trim().split('\n') }).toEqual({
    code: 2,
    lines: [`[regional] Configuration error: ${bad}: database.seedOnStart="perhaps" is not accepted: expected true, false, yes, no, on, off, 1 or 0`],
  });
});
