import { DataSource } from 'typeorm';
import type { Logger } from '../../../platform/observability/logger.js';
import { SqlObserver, TypeormLogAdapter } from '../../../platform/observability/sql.js';
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
import { EventStatsRollup1766000000020 } from '../migrations/1766000000020-event-stats-rollup.js';
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
  EventStatsRollup1766000000020,
];

/** One of the node's two connection pools; see createCountryDataSource. */
export interface CountryPoolOptions {
  /** `read`: requests' read transactions; `write`: writes, migrations, seeding, housekeeping. */
  role: 'read' | 'write';
  max: number;
  /** Connections kept open while idle (pg closes the others after 10 s idle). */
  min?: number;
  /** Longest wait for a connection (pg's connectionTimeoutMillis: a free one, or a new one to open). */
  connectTimeoutMs: number;
  /** PostgreSQL ends a session whose transaction stays idle this long (only a stalled process gets there). */
  idleInTransactionMs?: number;
  /** PostgreSQL cancels any statement running longer (sent once when a connection opens; no round trip). */
  statementTimeoutMs?: number;
}

/**
 * The node's database, one pool of it. A node opens two (server.ts): reads and writes never
 * share connections, so writes piling up on a locked row cannot starve reads. `sql` sees every
 * statement the pool's clients send (count, duration, spans; see platform/observability/sql.ts):
 * tests and the benchmark read its count to show the cost of a query. A short
 * `connectTimeoutMs` makes a node whose database is down answer DATABASE_UNAVAILABLE, and one
 * whose pool stays full DATABASE_BUSY, well within the gateway's deadline. The pool's role is
 * the connections' application_name (`pg_stat_activity` shows which pool holds what). typeorm's
 * own messages go to `logger` when one is given.
 */
export function createCountryDataSource(
  url: string,
  sql = new SqlObserver(),
  pool: CountryPoolOptions = { role: 'write', max: 10, connectTimeoutMs: 1000 },
  logger?: Logger,
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: COUNTRY_ENTITIES,
    migrations: COUNTRY_MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    applicationName: `ilo-country-${pool.role}`,
    ...(logger ? { logger: new TypeormLogAdapter(logger) } : { logging: false }),
    extra: {
      max: pool.max,
      min: pool.min ?? 0,
      connectionTimeoutMillis: pool.connectTimeoutMs,
      ...(pool.idleInTransactionMs ? { idle_in_transaction_session_timeout: pool.idleInTransactionMs } : {}),
      ...(pool.statementTimeoutMs ? { statement_timeout: pool.statementTimeoutMs } : {}),
      Client: sql.clientClass,
    },
  });
}
