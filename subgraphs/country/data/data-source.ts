import { DataSource, type Logger } from 'typeorm';
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

/** Counts every SQL statement the node sends, so tests and the benchmark can show the cost of a query. */
export class StatementCounter implements Logger {
  count = 0;
  logQuery(): void {
    this.count += 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export const COUNTRY_ENTITIES = [Organisation, Programme, Event, EventOrganisation, Partnership, Person, PersonRole];
export const COUNTRY_MIGRATIONS = [Initial1764000000000, People1764100000000, Idempotency1764200000000, SearchTextEveryField1764300000000, FidelityFields1764400000000];

/** `connectTimeoutMs`: a node whose database is down answers DATABASE_UNAVAILABLE this fast, well within the gateway's deadline. */
export function createCountryDataSource(url: string, counter = new StatementCounter(), connectTimeoutMs = 1000): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: COUNTRY_ENTITIES,
    migrations: COUNTRY_MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: ['query'],
    logger: counter,
    extra: { max: 10, connectionTimeoutMillis: connectTimeoutMs },
  });
}
