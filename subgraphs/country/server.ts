import type { DataSource } from 'typeorm';
import { createVerifier } from '../../shared/auth.js';
import type { CountryNodeConfig } from '../../shared/config.js';
import { databaseHealth, openServiceDatabase, type Log, type RunningDatabase } from '../../shared/database.js';
import { startApolloService, type RunningService } from '../../shared/http-server.js';
import type { CountryContext } from './context.js';
import { createCountryDataSource, StatementCounter } from './data/data-source.js';
import { purgeExpiredKeys } from './data/write/idempotency.js';
import { createCountryContext, requestLifecycle } from './request.js';
import { countrySchema } from './schema.js';
import { seedCountry } from './seed/seed.js';

export interface CountryNode {
  country: string;
  url: string;
  port: number;
  ds: DataSource;
  /** SQL statements sent since start (also served at GET /metrics). */
  statements: StatementCounter;
  /** Stops HTTP, then the pool, then the embedded database if this node started one. */
  close(): Promise<void>;
}

/** Opens the database, migrates, and seeds it when empty; the node is not listening yet. */
export async function openCountryDatabase(config: CountryNodeConfig, log: Log) {
  const statements = new StatementCounter();
  const database = await openServiceDatabase(config.database, (url) => createCountryDataSource(url, statements, config.dbConnectTimeoutMs), async (ds) => {
    if (!config.seedOnStart) return;
    const [{ count }] = await ds.query('SELECT COUNT(*)::int AS count FROM organisation');
    if (count === 0) {
      const result = await seedCountry(ds, config.country);
      log(`seeded ${config.country}: ${result.inserted} records`);
    }
  }, log);
  return { ...database, statements };
}

/** Builds and starts a country node on `config.port` (0 = any free port). */
export async function startCountryNode(config: CountryNodeConfig, log: Log = () => {}): Promise<CountryNode> {
  const database = await openCountryDatabase(config, log);
  let service: RunningService;
  try {
    service = await serveCountryNode(config, database.ds, database.statements, database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  // Expired idempotency keys are forgotten in the background; a failure here only delays that.
  const purge = setInterval(() => void purgeExpiredKeys(database.ds).catch(() => {}), 10 * 60 * 1000);
  purge.unref();
  return {
    country: config.country,
    url: service.url,
    port: service.port,
    ds: database.ds,
    statements: database.statements,
    close: async () => {
      clearInterval(purge);
      await service.close();
      await database.close();
    },
  };
}

async function serveCountryNode(config: CountryNodeConfig, ds: DataSource, statements: StatementCounter, db: RunningDatabase) {
  const { schema } = await countrySchema();
  const verifier = createVerifier(config.auth);
  return startApolloService<CountryContext>(
    {
      schema,
      development: config.env !== 'production',
      guard: config.guard,
      context: ({ req }) => createCountryContext(req, config, ds, verifier),
      plugins: [requestLifecycle],
      maxResponseBytes: config.maxResponseBytes,
      health: async () => ({ ...(await databaseHealth(ds, db)), country: config.country }),
      routes: {
        '/metrics': (_req, res) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ country: config.country, sqlStatements: statements.count }));
        },
      },
    },
    config.port,
    config.host,
  );
}
