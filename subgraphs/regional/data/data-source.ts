import { DataSource } from 'typeorm';
import { Convention } from '../entities/convention.entity.js';
import { CountryFacts } from '../entities/country-facts.entity.js';
import { RegionalInitial1764000000500 } from '../migrations/1764000000500-regional-initial.js';

export const REGIONAL_ENTITIES = [CountryFacts, Convention];
export const REGIONAL_MIGRATIONS = [RegionalInitial1764000000500];

/** The regional database; its schema comes only from migrations (never `synchronize`). */
export function createRegionalDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: REGIONAL_ENTITIES,
    migrations: REGIONAL_MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    // Reference data behind a gateway: a handful of connections is plenty.
    extra: { max: 5 },
  });
}
