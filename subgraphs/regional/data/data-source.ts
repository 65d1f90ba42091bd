import { DataSource } from 'typeorm';
import type { Logger } from '../../../platform/observability/logger.js';
import { SqlObserver, TypeormLogAdapter } from '../../../platform/observability/sql.js';
import { Convention } from '../entities/convention.entity.js';
import { CountryFacts } from '../entities/country-facts.entity.js';
import { RegionalInitial1764000000500 } from '../migrations/1764000000500-regional-initial.js';

export const REGIONAL_ENTITIES = [CountryFacts, Convention];
export const REGIONAL_MIGRATIONS = [RegionalInitial1764000000500];

/**
 * The regional database; its schema comes only from migrations (never `synchronize`). Reference
 * data behind a gateway, read only: one small pool (`max`). As on the country nodes, a request
 * waits at most `connectTimeoutMs` for a connection: DATABASE_BUSY when none comes free,
 * DATABASE_UNAVAILABLE when a new one cannot be opened.
 */
export function createRegionalDataSource(url: string, sql = new SqlObserver(), logger?: Logger, pool = { max: 5, connectTimeoutMs: 1000 }): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: REGIONAL_ENTITIES,
    migrations: REGIONAL_MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    ...(logger ? { logger: new TypeormLogAdapter(logger) } : { logging: false }),
    applicationName: 'ilo-regional',
    extra: { max: pool.max, connectionTimeoutMillis: pool.connectTimeoutMs, Client: sql.clientClass },
  });
}
