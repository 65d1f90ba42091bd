import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { locateBinaries, serverUser } from '../platform/embedded-pg/binaries.js';
import { startEmbeddedCluster, type EmbeddedCluster } from '../platform/embedded-pg/cluster.js';
import { initialise } from '../platform/embedded-pg/initdb.js';
import { LEGACY_PASSWORD, passwordFile, storedPassword } from '../platform/embedded-pg/password.js';
import { readPostmasterPid } from '../platform/embedded-pg/postmaster.js';
import { announceSkip } from './support/skip.js';

// The embedded PostgreSQL has no known password: each cluster gets a random one, kept in a file
// only the service's user can read, and clusters made with the old constant are rotated.

let root: string;
let cluster: EmbeddedCluster | undefined;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-pgpass-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  fs.chmodSync(root, 0o755);
});
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
}, 30000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const start = (dataDir: string, lines: string[] = []) => startEmbeddedCluster({ dataDir, service: 'test', log: (m) => lines.push(m) });

/** The SQLSTATE of a connection attempt as `postgres` with `password`, or 'ok'. */
async function login(port: number, password: string): Promise<string> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres', connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

test('a new cluster gets a random password in a 0600 file inside its data folder; postgres/postgres is refused', async () => {
  const dataDir = path.join(root, 'fresh');
  cluster = await start(dataDir);
  const file = passwordFile(dataDir);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(fs.statSync(file).uid).toBe(process.getuid!());
  const password = storedPassword(dataDir)!;
  expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(await login(cluster.port, LEGACY_PASSWORD)).toBe('28P01');
  expect(await login(cluster.port, password)).toBe('ok');
  expect(new URL(cluster.url('postgres')).password).toBe(password);
  // Nothing of initdb's password is left beside the folder.
  expect(fs.readdirSync(root).filter((f) => f.includes('initdb'))).toEqual([]);
}, 60000);

test('two clusters get different passwords', async () => {
  cluster = await start(path.join(root, 'a'));
  await cluster.stop();
  cluster = await start(path.join(root, 'b'));
  expect(storedPassword(path.join(root, 'a'))).not.toBe(storedPassword(path.join(root, 'b')));
}, 60000);

test('a data folder made with the old well-known password keeps working and gets a random password on its next start', async () => {
  const dataDir = path.join(root, 'legacy');
  // What earlier versions did: initdb with the password "postgres", no password file; and data.
  const user = serverUser();
  fs.mkdirSync(dataDir, { mode: 0o700 });
  if (user) fs.chownSync(dataDir, user.uid, user.gid);
  const pwfile = path.join(root, 'legacy-pw');
  fs.writeFileSync(pwfile, `${LEGACY_PASSWORD}\n`, { mode: 0o644 });
  await initialise(locateBinaries(user), dataDir, user, pwfile);
  fs.rmSync(pwfile);
  cluster = await start(dataDir);
  const client = new pg.Client({ connectionString: cluster.url('postgres') });
  await client.connect();
  await client.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
  await client.query(`ALTER ROLE postgres PASSWORD '${LEGACY_PASSWORD}'`); // back to the old state
  await client.end();
  await cluster.stop();
  fs.rmSync(passwordFile(dataDir));

  // The upgraded start: the old password is replaced, the data is there.
  const lines: string[] = [];
  cluster = await start(dataDir, lines);
  expect(lines.join('\n')).toContain('had the well-known password of earlier versions; replaced by a random one');
  const password = storedPassword(dataDir)!;
  expect(password).not.toBe(LEGACY_PASSWORD);
  expect(await login(cluster.port, LEGACY_PASSWORD)).toBe('28P01');
  const after = new pg.Client({ connectionString: cluster.url('postgres') });
  await after.connect();
  expect((await after.query('SELECT n FROM kept')).rows).toEqual([{ n: 7 }]);
  await after.end();

  // A later start uses the stored password and rotates nothing.
  await cluster.stop();
  lines.length = 0;
  cluster = await start(dataDir, lines);
  expect(storedPassword(dataDir)).toBe(password);
  expect(lines.join('\n')).not.toContain('well-known');
}, 120000);

test('a rotation interrupted after the role changed (the new password only in the pending file) is completed at start', async () => {
  const dataDir = path.join(root, 'pending');
  cluster = await start(dataDir);
  const client = new pg.Client({ connectionString: cluster.url('postgres') });
  await client.connect();
  await client.query(`ALTER ROLE postgres PASSWORD 'Pending_password_0123456789abcdef'`);
  await client.end();
  await cluster.stop();
  fs.writeFileSync(`${passwordFile(dataDir)}.new`, '127.0.0.1:*:*:postgres:Pending_password_0123456789abcdef\n', { mode: 0o600 });

  cluster = await start(dataDir);
  expect(storedPassword(dataDir)).toBe('Pending_password_0123456789abcdef');
  expect(fs.existsSync(`${passwordFile(dataDir)}.new`)).toBe(false);
}, 60000);

test('a cluster that accepts none of the passwords this program knows is a start-up error naming the file', async () => {
  const dataDir = path.join(root, 'lost');
  cluster = await start(dataDir);
  await cluster.stop();
  cluster = undefined;
  fs.writeFileSync(passwordFile(dataDir), '127.0.0.1:*:*:postgres:not-the-password\n', { mode: 0o600 });
  await expect(start(dataDir)).rejects.toThrow(`refuses the password in ${passwordFile(dataDir)}`);
  // Nothing is left running on the folder.
  const left = readPostmasterPid(dataDir);
  if (left) expect(() => process.kill(left.pid, 0)).toThrow();
}, 60000);

const psql = spawnSync('psql', ['--version']).status === 0;
(psql ? test : test.skip)(
  'an operator reaches the database with psql and the pgpass file, as the docs say',
  async () => {
    const dataDir = path.join(root, 'operator');
    cluster = await start(dataDir);
    const port = String(readPostmasterPid(dataDir)!.port);
    const { stdout } = await promisify(execFile)('psql', ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-w', '-Atc', 'SELECT current_user', 'postgres'], {
      env: { ...process.env, PGPASSFILE: passwordFile(dataDir), PGPASSWORD: '' },
    });
    expect(stdout.trim()).toBe('postgres');
  },
  60000,
);
if (!psql) announceSkip('the operator psql check', 'psql is not installed (apt-get install -y postgresql-client)');
