import type { DataSource } from 'typeorm';
import type { RegionalConfig } from '../../platform/config.js';
import { databaseHealth, openServiceDatabase, poolOf, type Log, type RunningDatabase } from '../../platform/database.js';
import { startApolloService, type RunningService } from '../../platform/http-server.js';
import { logFunction, toLogger, type Logger } from '../../platform/observability/logger.js';
import type { ServiceMetrics } from '../../platform/observability/metrics.js';
import { traceResolvers } from '../../platform/observability/resolvers.js';
import { databaseReadiness, observabilityRoutes } from '../../platform/observability/routes.js';
import { createObservability, type ServiceObservability } from '../../platform/observability/service.js';
import { SqlObserver } from '../../platform/observability/sql.js';
import { tracingEnabled } from '../../platform/observability/tracing.js';
import type { RegionalContext } from './context.js';
import { createRegionalDataSource } from './data/data-source.js';
import { createLoaders } from './data/loaders.js';
import { regionalSchema } from './schema.js';
import { seedRegional } from './seed/seed.js';

export interface RegionalService {
  url: string;
  port: number;
  ds: DataSource;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Stops HTTP, then the pool, then the embedded database if this service started one. */
  close(): Promise<void>;
}

/** Opens the database, migrates, and inserts the seed file's records it lacks. */
export async function openRegionalDatabase(config: RegionalConfig, log: Log, obs?: ServiceObservability) {
  const sql = new SqlObserver(obs?.metrics.registry);
  const database = await openServiceDatabase(
    config.database,
    (url) => createRegionalDataSource(url, sql, obs?.logger, { max: config.dbPoolSize, connectTimeoutMs: config.dbConnectTimeoutMs }),
    async (ds) => {
      if (!config.seedOnStart) return;
      const [{ countries, conventions }] = await ds.query(
        'SELECT (SELECT COUNT(*)::int FROM country) AS countries, (SELECT COUNT(*)::int FROM convention) AS conventions',
      );
      // Every start, not only when empty: facts added to the seed file (a new country's) reach an
      // existing install; rows already present, edited or not, are never overwritten.
      const result = await seedRegional(ds);
      if (result.inserted) log(`seeded regional: ${result.inserted} records${countries && conventions ? ' (new in the seed file)' : ''}`);
    },
    log,
    'regional',
  );
  sql.observePool(poolOf(database.ds), 'read');
  return database;
}

/** Builds and starts the regional subgraph on `config.port` (0 = any free port). */
export async function startRegional(config: RegionalConfig, logger?: Logger | Log): Promise<RegionalService> {
  const obs = createObservability('regional', config.observability, { logger: toLogger(logger) });
  const database = await openRegionalDatabase(config, logFunction(obs.logger), obs);
  let service: RunningService;
  try {
    service = await serveRegional(config, database.ds, database.db, obs);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    url: service.url,
    port: service.port,
    ds: database.ds,
    metrics: obs.metrics,
    logger: obs.logger,
    close: async () => {
      await service.close();
      await database.close();
    },
  };
}

async function serveRegional(config: RegionalConfig, ds: DataSource, db: RunningDatabase, obs: ServiceObservability): Promise<RunningService> {
  const { schema } = await regionalSchema();
  return startApolloService<RegionalContext>(
    {
      schema: tracingEnabled() ? traceResolvers(schema) : schema,
      development: config.env !== 'production',
      guard: config.guard,
      context: async () => ({ ds, loaders: createLoaders(ds) }),
      health: async () => ({ ...(await databaseHealth(ds, db, poolOf(ds))), service: 'regional' }),
      routes: observabilityRoutes(obs, databaseReadiness(ds)),
      observability: obs,
    },
    config.port,
    config.host,
  );
}
