import { DataSource } from 'typeorm';
import type { Logger } from '../../../shared/observability/logger.js';
import { SqlObserver, TypeormLogAdapter } from '../../../shared/observability/sql.js';
import { Convention } from '../entities/convention.entity.js';
import { CountryFacts } from '../entities/country-facts.entity.js';
import { RegionalInitial1764000000500 } from '../migrations/1764000000500-regional-initial.js';

export const REGIONAL_ENTITIES = [CountryFacts, Convention];
export const REGIONAL_MIGRATIONS = [RegionalInitial1764000000500];

/** The regional database; its schema comes only from migrations (never `synchronize`). */
export function createRegionalDataSource(url: string, sql = new SqlObserver(), logger?: Logger): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: REGIONAL_ENTITIES,
    migrations: REGIONAL_MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    ...(logger ? { logger: new TypeormLogAdapter(logger) } : { logging: false }),
    // Reference data behind a gateway: a handful of connections is plenty.
    extra: { max: 5, Client: sql.clientClass },
  });
}
