import { settingsEnv } from '../../platform/config/current.js';
import type { DataSource } from 'typeorm';
import { createVerifier } from '../../platform/auth.js';
import type { CountryNodeConfig } from '../../platform/config.js';
import { databaseHealth, openServiceDatabase, poolOf, type Log, type RunningDatabase } from '../../platform/database.js';
import { startApolloService, type RunningService } from '../../platform/http-server.js';
import { logFunction, toLogger, type Logger } from '../../platform/observability/logger.js';
import type { ServiceMetrics } from '../../platform/observability/metrics.js';
import { traceResolvers } from '../../platform/observability/resolvers.js';
import { databaseReadiness, observabilityRoutes } from '../../platform/observability/routes.js';
import { createObservability, type ServiceObservability } from '../../platform/observability/service.js';
import { SqlObserver } from '../../platform/observability/sql.js';
import { tracingEnabled } from '../../platform/observability/tracing.js';
import type { CountryContext, CountryPools } from './context.js';
import { createCountryDataSource } from './data/data-source.js';
import { DataVersionFeed } from './data-version/feed.js';
import { DATA_VERSION_STREAM_PATH, dataVersionStream } from './data-version/stream.js';
import { purgeExpiredKeys } from './data/write/idempotency.js';
import { sweepChangeLog, sweepIntervalMs } from './data/change-log/retention.js';
import { createCountryContext, requestLifecycle } from './request.js';
import { lastKnownPolicyPlugin } from './last-known.js';
import { usePlainFieldResolvers } from './plain-fields.js';
import { countrySchema } from './schema.js';
import { seedCountry } from './seed/seed.js';
import { nodeExportLimitsFromEnv, nodeExportRoutes } from './export/route.js';
import { EXPORTED } from './export/lists.js';

export interface CountryNode {
  country: string;
  url: string;
  port: number;
  /** The write pool (migrations, seeding, writes); tests use it for setup and checks. */
  ds: DataSource;
  /** The read pool: requests' read transactions only. */
  reads: DataSource;
  /** SQL statements sent since start (also `ilo_sql_statements_total` at GET /metrics). */
  statements: SqlObserver;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Stops HTTP, then the pool, then the embedded database if this node started one. */
  close(): Promise<void>;
}

const KEPT_READ_CONNECTIONS = 2;

/**
 * Opens the database, migrates, and seeds it when empty; the node is not listening yet. Two
 * pools: writes wait on row locks (up to the lock timeout) while holding a connection, so they
 * get their own, and a pile-up of them never leaves reads without one. A transaction of ours is
 * never idle longer than a request lasts; PostgreSQL ends one idle twice as long (a stalled
 * process must not keep its locks).
 */
export async function openCountryDatabase(config: CountryNodeConfig, log: Log, obs?: ServiceObservability, service = `node ${config.country}`) {
  const statements = new SqlObserver(obs?.metrics.registry);
  const pool = (role: 'read' | 'write', max: number) => ({
    role,
    max,
    // A request reads on one connection; opening one on a loaded machine can take a good part of
    // a short deadline, so the first two read connections, once opened, stay open.
    min: role === 'read' ? Math.min(KEPT_READ_CONNECTIONS, max) : 0,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    idleInTransactionMs: 2 * config.requestTimeoutMs,
    // No read outlives the longest request; a request's own deadline is enforced by data/request-db.ts.
    ...(role === 'read' ? { statementTimeoutMs: config.requestTimeoutMs } : {}),
  });
  const database = await openServiceDatabase(
    config.database,
    (url) => createCountryDataSource(url, statements, pool('write', config.dbWritePoolSize), obs?.logger),
    async (ds) => {
      if (!config.seedOnStart) return;
      const [{ count }] = await ds.query('SELECT COUNT(*)::int AS count FROM organisation');
      if (count === 0) {
        const result = await seedCountry(ds, config.country);
        log(`seeded ${config.country}: ${result.inserted} records`);
      }
    },
    log,
    service,
    (url) => createCountryDataSource(url, statements, pool('read', config.dbReadPoolSize), obs?.logger),
  );
  statements.observePool(poolOf(database.ds), 'write');
  statements.observePool(poolOf(database.reads), 'read');
  return { ...database, statements };
}

/** Builds and starts a country node on `config.port` (0 = any free port); logs through `logger` (default: from config). */
export async function startCountryNode(config: CountryNodeConfig, logger?: Logger | Log): Promise<CountryNode> {
  const obs = createObservability(config.country, config.observability, { logger: toLogger(logger) });
  const log = logFunction(obs.logger);
  const database = await openCountryDatabase(config, log, obs);
  // Gateways cache this node's answers per data version and learn new versions from this feed.
  const feed = new DataVersionFeed(database.db.url, log);
  let service: RunningService;
  try {
    await feed.start();
    service = await serveCountryNode(config, { writes: database.ds, reads: database.reads }, database.db, obs, feed);
  } catch (error) {
    await feed.stop();
    await database.close();
    throw error;
  }
  // Expired idempotency keys are forgotten in the background; a failure here only delays that.
  const purge = setInterval(() => void purgeExpiredKeys(database.ds).catch(() => {}), 10 * 60 * 1000);
  purge.unref();
  // Tombstones past CHANGE_LOG_RETENTION leave the change log; a failure only delays that (logged).
  const retention = config.changeLogRetentionSeconds;
  const sweep = setInterval(
    () =>
      void sweepChangeLog(database.ds, retention).then(
        (removed) => removed && log(`change log: ${removed} revisions of records deleted more than ${retention} s ago removed`),
        (error: Error) => log(`change log sweep failed: ${error.message}`),
      ),
    sweepIntervalMs(retention),
  );
  sweep.unref();
  return {
    country: config.country,
    url: service.url,
    port: service.port,
    ds: database.ds,
    reads: database.reads,
    statements: database.statements,
    metrics: obs.metrics,
    logger: obs.logger,
    close: async () => {
      clearInterval(purge);
      clearInterval(sweep);
      await feed.stop();
      await service.close();
      await database.close();
    },
  };
}

async function serveCountryNode(config: CountryNodeConfig, pools: CountryPools, db: RunningDatabase, obs: ServiceObservability, feed: DataVersionFeed) {
  const { schema } = await countrySchema();
  usePlainFieldResolvers(schema);
  const verifier = createVerifier(config.auth);
  const exports = nodeExportRoutes(Object.values(EXPORTED), {
    country: config.country,
    reads: pools.reads,
    databaseUrl: db.url,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    schema,
    limits: nodeExportLimitsFromEnv(settingsEnv()),
    log: logFunction(obs.logger),
  });
  return startApolloService<CountryContext>(
    {
      schema: tracingEnabled() ? traceResolvers(schema) : schema,
      development: config.env !== 'production',
      guard: config.guard,
      context: ({ req }) => createCountryContext(req, config, pools, verifier),
      plugins: [requestLifecycle(schema), lastKnownPolicyPlugin<CountryContext>(config.lastKnown)],
      maxResponseBytes: config.maxResponseBytes,
      compiledExecution: config.compiledExecution,
      health: async () => ({ ...(await databaseHealth(pools.reads, db, poolOf(pools.reads))), country: config.country }),
      routes: {
        ...observabilityRoutes(obs, databaseReadiness(pools.reads)),
        [DATA_VERSION_STREAM_PATH]: dataVersionStream(feed),
        ...exports,
      },
      observability: obs,
    },
    config.port,
    config.host,
  );
}
