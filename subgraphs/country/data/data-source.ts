import { DataSource } from 'typeorm';
import type { Logger } from '../../../shared/observability/logger.js';
import { SqlObserver, TypeormLogAdapter } from '../../../shared/observability/sql.js';
import { Event, EventOrganisation } from '../entities/event.entity.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Partnership } from '../entities/partnership.entity.js';
import { Person, PersonRole } from '../entities/person.entity.js';
import { Programme } from '../entities/programme.entity.js';
import { Initial1764000000000 } from '../migrations/1764000000000-initial.js';
import { People1764100000000 } from '../migrations/1764100000000-people.js';
import { Idempotency1764200000000 } from '../migrations/1764200000000-idempotency.js';
import { SearchTextEveryField1764300000000 } from '../migrations/1764300000000-search-text-every-field.js';
import { FidelityFields1764400000000 } from '../migrations/1764400000000-fidelity-fields.js';
import { DataVersion1764500000000 } from '../migrations/1764500000000-data-version.js';
import { Attribution1765000000001 } from '../migrations/1765000000001-attribution.js';
import { OrganisationNameSearch1765000000002 } from '../migrations/1765000000002-organisation-name-search.js';
import { ChangeLog1766000000010 } from '../migrations/1766000000010-change-log.js';
import { Revision } from '../entities/revision.entity.js';

export const COUNTRY_ENTITIES = [Organisation, Programme, Event, EventOrganisation, Partnership, Person, PersonRole, Revision];
export const COUNTRY_MIGRATIONS = [
  Initial1764000000000,
  People1764100000000,
  Idempotency1764200000000,
  SearchTextEveryField1764300000000,
  FidelityFields1764400000000,
  DataVersion1764500000000,
  Attribution1765000000001,
  OrganisationNameSearch1765000000002,
  ChangeLog1766000000010,
];

/**
 * The node's database. `sql` sees every statement the pool's clients send (count, duration,
 * spans; see shared/observability/sql.ts): tests and the benchmark read its count to show the
 * cost of a query. `connectTimeoutMs`: a node whose database is down answers
 * DATABASE_UNAVAILABLE this fast, well within the gateway's deadline. typeorm's own messages go
 * to `logger` when one is given.
 */
export function createCountryDataSource(url: string, sql = new SqlObserver(), connectTimeoutMs = 1000, logger?: Logger): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: COUNTRY_ENTITIES,
    migrations: COUNTRY_MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    ...(logger ? { logger: new TypeormLogAdapter(logger) } : { logging: false }),
    extra: { max: 10, connectionTimeoutMillis: connectTimeoutMs, Client: sql.clientClass },
  });
}
