import type { DataSource } from 'typeorm';
import pg from 'pg';
import type { DatabaseConfig } from './config.js';
import { databaseFailure } from './database-errors.js';
import { startEmbeddedCluster } from './embedded-pg/cluster.js';
import { safeUrl, StartupError } from './startup-error.js';

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
 * PostgreSQL whose cluster lives in `config.dataDir`, persists, and is restarted when it dies
 * (see platform/embedded-pg/cluster.ts).
 */
export async function startDatabase(config: DatabaseConfig, log: Log = () => {}, service = config.name): Promise<RunningDatabase> {
  if (config.url) return { url: config.url, embedded: false, stop: async () => {} };
  const cluster = await startEmbeddedCluster({ dataDir: config.dataDir, service, log });
  try {
    await ensureDatabase(cluster.url('postgres'), config.name);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return { url: cluster.url(config.name), embedded: true, stop: () => cluster.stop() };
}

/** The pg pool under a typeorm data source (for its sizes; typeorm does not expose it typed). */
export function poolOf(ds: DataSource): pg.Pool {
  return (ds.driver as unknown as { master: pg.Pool }).master;
}

type PoolState = Pick<pg.Pool, 'totalCount' | 'idleCount'> & { options: { max?: number } };

/** Every connection in use: a `SELECT 1` now would only queue behind the requests. */
function saturated(pool: PoolState | undefined): boolean {
  return !!pool && pool.idleCount === 0 && pool.totalCount >= (pool.options.max ?? Infinity);
}

/**
 * `/health` body part for a service's database (`pool`: the one requests read through): `down`
 * when it does not answer, `degraded` when every connection is busy. A full pool is an
 * overloaded service, not a dead database: answered at once (2xx) so that a gateway's health
 * probe never mistakes load for an outage and opens the circuit on it.
 */
export async function databaseHealth(
  ds: { query(sql: string): Promise<unknown> },
  db: RunningDatabase,
  pool?: PoolState,
): Promise<{ status: 'ok' | 'degraded' | 'down'; database: string }> {
  const busy = { status: 'degraded' as const, database: 'busy: every connection is in use' };
  if (saturated(pool)) return busy;
  try {
    await ds.query('SELECT 1');
    return { status: 'ok', database: db.embedded ? 'embedded' : 'external' };
  } catch (error) {
    return databaseFailure(error) === 'busy' ? busy : { status: 'down', database: 'unreachable' };
  }
}

/** An external server that cannot be reached or refuses us: which URL, which setting, what to do. */
function unreachable(config: DatabaseConfig, error: unknown): StartupError | null {
  const code = (error as { code?: string }).code ?? '';
  const setting = config.urlSetting ?? 'DATABASE_URL';
  const where = `the database at ${safeUrl(config.url!)} (${setting})`;
  if (code === '28P01' || code === '28000') return new StartupError(`${where} refused the user or password: correct ${setting}`);
  if (code === '3D000') return new StartupError(`${where} does not exist: create it (createdb) or correct ${setting}`);
  if (databaseFailure(error) === 'unavailable') {
    return new StartupError(
      `cannot reach ${where} (${code || (error as Error).message}): start that PostgreSQL server, correct ${setting}, or unset it to use the embedded PostgreSQL`,
    );
  }
  return null;
}

/**
 * The pool's connect timeout is short on purpose (a request should fail fast when the database is
 * gone), but at start-up, on a busy machine, a server that just became ready can take longer to
 * accept the first connections; a few tries before giving up.
 */
async function initializeWithRetry(ds: DataSource, attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ds.initialize();
      return;
    } catch (error) {
      if (attempt >= attempts || databaseFailure(error) !== 'unavailable') throw error;
      // The failed attempt's pool is closed before a new one is made.
      await ds.driver.disconnect().catch(() => {});
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** A service's migrated database: its server (embedded or external) and its typeorm pools. */
export interface ServiceDatabase<D extends DataSource> {
  db: RunningDatabase;
  /** Migrations, seeding and writes. */
  ds: D;
  /** Requests' reads: a pool of their own when the service asked for one, else `ds`. */
  reads: D;
  /** Closes the pools, then stops the embedded server if this process started one. */
  close(): Promise<void>;
}

/**
 * Starts the database, opens the pool, runs the migrations, then `prepare` (e.g. seeding when
 * empty), then opens the read pool when `makeReadSource` is given. Whatever was opened is
 * closed again if any step fails.
 */
export async function openServiceDatabase<D extends DataSource>(
  config: DatabaseConfig,
  makeDataSource: (url: string) => D,
  prepare: (ds: D) => Promise<void>,
  log: Log,
  service = config.name,
  makeReadSource?: (url: string) => D,
): Promise<ServiceDatabase<D>> {
  const db = await startDatabase(config, log, service);
  const ds = makeDataSource(db.url);
  const reads = makeReadSource ? makeReadSource(db.url) : ds;
  const close = async () => {
    if (reads !== ds && reads.isInitialized) await reads.destroy();
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  };
  try {
    await initializeWithRetry(ds);
    await ds.runMigrations({ transaction: 'all' });
    await prepare(ds);
    if (reads !== ds) await initializeWithRetry(reads);
  } catch (error) {
    await close();
    throw db.embedded ? error : (unreachable(config, error) ?? error);
  }
  return { db, ds, reads, close };
}
