/**
 * The watchdog that cleans up the test run's embedded PostgreSQL when jest dies without its
 * teardown. Stand-ins: a sleeping process for jest, another for the postmaster (named in the
 * cluster's postmaster.pid as PostgreSQL writes it); SIGINT is PostgreSQL's fast shutdown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const WATCHDOG = path.join(__dirname, 'support', 'pg-watchdog.js');
const children: ChildProcess[] = [];
let root: string;

function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A cluster folder whose postmaster.pid names a live stand-in postmaster. */
function fakeCluster(): ChildProcess {
  const postmaster = sleeper();
  fs.mkdirSync(path.join(root, 'data'));
  fs.writeFileSync(path.join(root, 'data', 'postmaster.pid'), `${postmaster.pid}\n/data\n`);
  return postmaster;
}

function watchdog(parent: ChildProcess): ChildProcess {
  const child = spawn(process.execPath, [WATCHDOG, String(parent.pid), root], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PG_WATCHDOG_POLL_MS: '20', PG_WATCHDOG_TRACE: '1' },
  });
  children.push(child);
  return child;
}

/** Resolves once the watchdog has reported `count` polls (one stderr line each). */
function polls(dog: ChildProcess, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    dog.stderr!.on('data', (chunk: Buffer) => {
      seen += (chunk.toString().match(/^poll$/gm) ?? []).length;
      if (seen >= count) resolve();
    });
    dog.once('exit', (code) => reject(new Error(`the watchdog exited (${code}) after ${seen} polls`)));
  });
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-test-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  fs.rmSync(root, { recursive: true, force: true });
});

test('when jest is killed, it stops the postmaster with a fast shutdown and deletes the folder', async () => {
  const jest = sleeper();
  const postmaster = fakeCluster();
  const dog = watchdog(jest);

  await polls(dog, 5); // it has looked at a living jest several times and left everything alone
  expect(fs.existsSync(root)).toBe(true);
  expect(postmaster.exitCode === null && postmaster.signalCode === null).toBe(true);

  jest.kill('SIGKILL');
  expect(await exited(postmaster)).toBe('SIGINT');
  await until(() => !fs.existsSync(root));
  expect(await exited(dog)).toBe(0);
});

test('after a normal teardown (folder gone) it exits by itself and stops nothing', async () => {
  const jest = sleeper();
  const postmaster = fakeCluster();
  const dog = watchdog(jest);

  fs.rmSync(root, { recursive: true, force: true });
  expect(await exited(dog)).toBe(0);
  expect(postmaster.exitCode === null && postmaster.signalCode === null).toBe(true);
});

test('when jest dies before the cluster exists (interrupted initdb), it still deletes the folder', async () => {
  const jest = sleeper();
  fs.writeFileSync(path.join(root, 'pg-password-x'), 'postgres\n');
  const dog = watchdog(jest);

  jest.kill('SIGTERM');
  expect(await exited(dog)).toBe(0);
  expect(fs.existsSync(root)).toBe(false);
});
