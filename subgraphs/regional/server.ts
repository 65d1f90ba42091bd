import type { DataSource } from 'typeorm';
import type { RegionalConfig } from '../../shared/config.js';
import { databaseHealth, startDatabase, type Log, type RunningDatabase } from '../../shared/database.js';
import { startApolloService, type RunningService } from '../../shared/http-server.js';
import type { RegionalContext } from './context.js';
import { createRegionalDataSource } from './data/data-source.js';
import { createLoaders } from './data/loaders.js';
import { regionalSchema } from './schema.js';
import { seedRegional } from './seed/seed.js';

export interface RegionalService {
  url: string;
  port: number;
  ds: DataSource;
  /** Stops HTTP, then the pool, then the embedded database if this service started one. */
  close(): Promise<void>;
}

/** Opens the database, migrates, and seeds when a table is empty. */
export async function openRegionalDatabase(config: RegionalConfig, log: Log) {
  const db = await startDatabase(config.database, log);
  const ds = createRegionalDataSource(db.url);
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    if (config.seedOnStart) {
      const [{ countries, conventions }] = await ds.query(
        'SELECT (SELECT COUNT(*)::int FROM country) AS countries, (SELECT COUNT(*)::int FROM convention) AS conventions',
      );
      if (countries === 0 || conventions === 0) {
        const result = await seedRegional(ds);
        log(`seeded regional: ${result.inserted} records`);
      }
    }
  } catch (error) {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
    throw error;
  }
  return { db, ds };
}

/** Builds and starts the regional subgraph on `config.port` (0 = any free port). */
export async function startRegional(config: RegionalConfig, log: Log = () => {}): Promise<RegionalService> {
  const { db, ds } = await openRegionalDatabase(config, log);
  let service: RunningService;
  try {
    service = await serveRegional(config, ds, db);
  } catch (error) {
    await ds.destroy();
    await db.stop();
    throw error;
  }
  return {
    url: service.url,
    port: service.port,
    ds,
    close: async () => {
      await service.close();
      await ds.destroy();
      await db.stop();
    },
  };
}

async function serveRegional(config: RegionalConfig, ds: DataSource, db: RunningDatabase): Promise<RunningService> {
  const { schema } = await regionalSchema();
  return startApolloService<RegionalContext>(
    {
      schema,
      development: config.env !== 'production',
      context: async () => ({ ds, loaders: createLoaders(ds) }),
      health: async () => ({ ...(await databaseHealth(ds, db)), service: 'regional' }),
    },
    config.port,
    config.host,
  );
}
