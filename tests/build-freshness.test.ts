/**
 * `npm start`, `npm run token`, `seed`, `node`, `regional` and `gateway` compile only what
 * changed: `tsc -b` checks the sources against dist/.tsbuildinfo and the web bundle checks its
 * inputs' hash. Checked through npm on a copy of the checkout (its dist copied with its times,
 * node_modules linked), so this suite's own dist is never rewritten under other tests.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const COPIED = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'contract',
  'platform',
  'subgraphs',
  'gateway',
  'scripts',
  'tests',
  'bench',
  'web',
  'docs/examples',
  'dist',
];
const JWT = /^ey[\w-]+\.[\w-]+\.[\w-]+$/m;
let copy: string;

/** Every file under dist/ with its modification time. */
function distTimes(): Map<string, number> {
  const times = new Map<string, number>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else times.set(path.relative(copy, full), fs.statSync(full).mtimeMs);
    }
  };
  walk(path.join(copy, 'dist'));
  return times;
}

const changedSince = (before: Map<string, number>) => [...distTimes()].filter(([file, t]) => before.get(file) !== t).map(([file]) => file);

function npm(...args: string[]) {
  return run('npm', ['run', '-s', ...args], { cwd: copy, timeout: 240000, env: { ...process.env, NODE_ENV: 'development' } });
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist/.tsbuildinfo'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-fresh-'));
  for (const item of COPIED) {
    fs.cpSync(path.join(ROOT, item), path.join(copy, item), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  // The copy reaches node_modules through a link, so the first compilation there resolves other
  // paths than dist/.tsbuildinfo records and emits everything once. A changed source makes that
  // happen now (touching one is not enough: tsc -b sees the same content and compiles nothing).
  fs.appendFileSync(path.join(copy, 'platform/ports.ts'), '\n// build-freshness: the copy compiled once\n');
  await npm('build');
}, 300000);
afterAll(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

test('on an unchanged checkout `npm run token` and `npm run build` rewrite nothing in dist/', async () => {
  const before = distTimes();
  expect(before.size).toBeGreaterThan(100);
  const { stdout } = await npm('token', '--', '--role', 'reader');
  expect(stdout).toMatch(JWT);
  await npm('build');
  expect(changedSince(before)).toEqual([]);
}, 120000);

test('a changed source is compiled with the few files that import it, and the command runs the new code', async () => {
  const before = distTimes();
  const token = path.join(copy, 'scripts/token.ts');
  fs.appendFileSync(token, '\nconsole.error("freshness probe");\n');
  const { stdout, stderr } = await npm('token', '--', '--role', 'reader');
  expect(stdout).toMatch(JWT);
  expect(stderr).toContain('freshness probe');
  const changed = changedSince(before);
  expect(changed).toEqual(expect.arrayContaining(['dist/scripts/token.js', 'dist/.tsbuildinfo']));
  expect(changed.length).toBeLessThan(10);
}, 180000);

test('a type error stops the command before it runs stale code', async () => {
  const ports = path.join(copy, 'platform/ports.ts');
  const original = fs.readFileSync(ports, 'utf8');
  fs.appendFileSync(ports, '\nexport const broken: number = "not a number";\n');
  try {
    const failed = await npm('token', '--', '--role', 'reader').then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).not.toBe(0);
    expect(failed?.stdout).toMatch(/platform\/ports\.ts.*error TS2322/);
    expect(failed?.stdout).not.toMatch(JWT);
  } finally {
    fs.writeFileSync(ports, original);
  }
}, 180000);

test('the web bundle is rebuilt when an IDE example changes, and only then', async () => {
  const stamp = path.join(copy, 'dist/public/.inputs-hash');
  const ide = () => fs.readFileSync(path.join(copy, 'dist/public/ide.html'), 'utf8');
  const before = fs.readFileSync(stamp, 'utf8');
  await run(process.execPath, ['dist/scripts/build-web.js'], { cwd: copy });
  expect(fs.readFileSync(stamp, 'utf8')).toBe(before);
  const htmlBefore = ide();

  const example = path.join(copy, 'docs/examples/01-events-2017-by-type.graphql');
  fs.writeFileSync(example, fs.readFileSync(example, 'utf8').replace(/^# .*/, '# Freshness probe title'));
  await run(process.execPath, ['dist/scripts/build-web.js'], { cwd: copy, timeout: 120000 });
  expect(fs.readFileSync(stamp, 'utf8')).not.toBe(before);
  expect(ide()).not.toBe(htmlBefore);
  const assets = path.join(copy, 'dist/public/assets');
  const withTitle = fs.readdirSync(assets).filter((f) => f.endsWith('.js') && fs.readFileSync(path.join(assets, f), 'utf8').includes('Freshness probe title'));
  expect(withTitle.length).toBe(1);
}, 180000);
