import type { DataSource } from 'typeorm';
import type { RegionalConfig } from '../../shared/config.js';
import { databaseHealth, openServiceDatabase, type Log, type RunningDatabase } from '../../shared/database.js';
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
export function openRegionalDatabase(config: RegionalConfig, log: Log) {
  return openServiceDatabase(config.database, createRegionalDataSource, async (ds) => {
    if (!config.seedOnStart) return;
    const [{ countries, conventions }] = await ds.query(
      'SELECT (SELECT COUNT(*)::int FROM country) AS countries, (SELECT COUNT(*)::int FROM convention) AS conventions',
    );
    if (countries === 0 || conventions === 0) {
      const result = await seedRegional(ds);
      log(`seeded regional: ${result.inserted} records`);
    }
  }, log);
}

/** Builds and starts the regional subgraph on `config.port` (0 = any free port). */
export async function startRegional(config: RegionalConfig, log: Log = () => {}): Promise<RegionalService> {
  const database = await openRegionalDatabase(config, log);
  let service: RunningService;
  try {
    service = await serveRegional(config, database.ds, database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    url: service.url,
    port: service.port,
    ds: database.ds,
    close: async () => {
      await service.close();
      await database.close();
    },
  };
}

async function serveRegional(config: RegionalConfig, ds: DataSource, db: RunningDatabase): Promise<RunningService> {
  const { schema } = await regionalSchema();
  return startApolloService<RegionalContext>(
    {
      schema,
      development: config.env !== 'production',
      guard: config.guard,
      context: async () => ({ ds, loaders: createLoaders(ds) }),
      health: async () => ({ ...(await databaseHealth(ds, db)), service: 'regional' }),
    },
    config.port,
    config.host,
  );
}
