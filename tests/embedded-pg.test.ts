import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedCluster, type EmbeddedCluster } from '../platform/embedded-pg/cluster.js';
import { claimDataFolder, DataFolderInUseError, ownerFile } from '../platform/embedded-pg/owner.js';
import { processAlive, readPostmasterPid } from '../platform/embedded-pg/postmaster.js';

// The embedded PostgreSQL as this process runs it: one owner per data folder, a postmaster that
// is restarted when it dies, and a stop that leaves no process, pid file or password file.

let root: string;
let cluster: EmbeddedCluster | undefined;
let other: ChildProcess | undefined;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-embedded-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  fs.chmodSync(root, 0o755);
});
afterAll(async () => {
  other?.kill('SIGKILL');
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
}, 30000);

async function count(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM kept')).rows[0].n;
  } finally {
    await client.end();
  }
}

test('a data folder has one live owner; a folder left by a dead owner is taken over', async () => {
  const dir = path.join(root, 'claims');
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  fs.writeFileSync(ownerFile(dir), JSON.stringify({ pid: other.pid, service: 'node KG', startedAt: 'earlier' }));
  const refused = (() => {
    try {
      claimDataFolder(dir, 'seed KG');
    } catch (error) {
      return error;
    }
  })();
  expect(refused).toBeInstanceOf(DataFolderInUseError);
  expect((refused as Error).message).toContain(`in use by node KG (pid ${other.pid}`);

  other.kill('SIGKILL');
  await new Promise((r) => other!.once('exit', r));
  const claim = claimDataFolder(dir, 'seed KG');
  expect(JSON.parse(fs.readFileSync(ownerFile(dir), 'utf8')).pid).toBe(process.pid);
  claim.release();
  expect(fs.existsSync(ownerFile(dir))).toBe(false);
});

test('a postmaster killed under a running cluster is restarted with the data intact; stop leaves nothing behind', async () => {
  const dataDir = path.join(root, 'kg');
  const lines: string[] = [];
  // A temp folder of its own, so that other programs' files in /tmp do not count.
  const tmp = path.join(root, 'tmp');
  fs.mkdirSync(tmp, { mode: 0o755 });
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    cluster = await startEmbeddedCluster({ dataDir, service: 'test', log: (m) => lines.push(m) });
  } finally {
    process.env.TMPDIR = savedTmp;
    if (savedTmp === undefined) delete process.env.TMPDIR;
  }
  expect(fs.readdirSync(tmp)).toEqual([]); // initdb's password file is gone
  const url = cluster.url('postgres');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2)');
  await client.end();

  const first = cluster.pid()!;
  expect(readPostmasterPid(dataDir)?.pid).toBe(first);
  process.kill(first, 'SIGKILL');
  const until = Date.now() + 30000;
  let answered = 0;
  while (Date.now() < until) {
    answered = await count(url).catch(() => 0);
    if (answered && lines.some((l) => l.startsWith('PostgreSQL restarted'))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(answered).toBe(2);
  expect(cluster.pid()).not.toBe(first);
  expect(lines.join('\n')).toMatch(/exited unexpectedly \(SIGKILL\); restarting/);
  expect(lines.join('\n')).toMatch(/PostgreSQL restarted/);

  const second = cluster.pid()!;
  await cluster.stop();
  cluster = undefined;
  expect(processAlive(second)).toBe(false);
  expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
  expect(fs.existsSync(ownerFile(dataDir))).toBe(false);
}, 90000);

test('a pid file naming a pid that another program now has (after a reboot) does not block the start; data kept', async () => {
  const dataDir = path.join(root, 'kg'); // initialised and stopped by the test above
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `${other.pid}\n${dataDir}\n0\n5432\n\n127.0.0.1\n0 0\nready\n`);
  const lines: string[] = [];
  cluster = await startEmbeddedCluster({ dataDir, service: 'test', log: (m) => lines.push(m) });
  expect(lines.join('\n')).toContain(`names pid ${other.pid}, which is not a PostgreSQL of ${dataDir} any more`);
  expect(processAlive(other.pid!)).toBe(true); // the other program is left alone
  expect(await count(cluster.url('postgres'))).toBe(2);
  await cluster.stop();
  cluster = undefined;
}, 60000);
