import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import pg from 'pg';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger as TypeormLogger } from 'typeorm';
import { databaseFailure } from '../database-errors.js';
import type { Logger } from './logger.js';
import { tracer, tracingEnabled } from './tracing.js';

const SQL_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const KINDS = new Set([
  'select',
  'insert',
  'update',
  'delete',
  'with',
  'start',
  'begin',
  'commit',
  'rollback',
  'savepoint',
  'release',
  'set',
  'show',
  'create',
  'alter',
  'drop',
]);

/** `select`, `insert`, … from the statement's first word: a bounded label, never the text. */
export function statementKind(text: string): string {
  const word = /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toLowerCase() ?? '';
  return KINDS.has(word) ? word : 'other';
}

type PoolLike = Pick<pg.Pool, 'totalCount' | 'idleCount' | 'waitingCount' | 'connect'> & { options?: { max?: number } };

/**
 * SQL a service sends and the pool it uses: statements by kind, their duration, connections
 * idle/busy, requests waiting for one and how long they waited; SQL spans while tracing is on.
 * Statements are observed in the pg client itself (`clientClass`, given to the pool), so every
 * statement is counted, whichever typeorm path sent it, with its real duration.
 */
export class SqlObserver {
  private statements = 0;
  private readonly pools = new Map<string, PoolLike>();
  private readonly statementsTotal: Counter<'statement'>;
  private readonly duration: Histogram<'statement' | 'outcome'>;
  private readonly acquire: Histogram<'pool'>;
  private readonly acquireWaits: Counter<'pool'>;
  private readonly acquireFailures: Counter<'pool' | 'reason'>;
  readonly clientClass: typeof pg.Client;

  constructor(registry: Registry = new Registry()) {
    const registers = [registry];
    this.statementsTotal = new Counter({
      name: 'ilo_sql_statements_total',
      help: 'SQL statements sent to PostgreSQL, by kind (select, insert, ...)',
      labelNames: ['statement'],
      registers,
    });
    this.duration = new Histogram({
      name: 'ilo_sql_statement_duration_seconds',
      help: 'SQL statement round trips, by kind and outcome (ok, error)',
      labelNames: ['statement', 'outcome'],
      buckets: SQL_BUCKETS,
      registers,
    });
    const pools = () => this.pools;
    new Gauge({
      name: 'ilo_db_pool_connections',
      help: 'Pool connections by pool (read, write, main) and state (idle, busy)',
      labelNames: ['pool', 'state'],
      registers,
      collect() {
        for (const [name, p] of pools()) {
          this.set({ pool: name, state: 'idle' }, p.idleCount);
          this.set({ pool: name, state: 'busy' }, p.totalCount - p.idleCount);
        }
      },
    });
    new Gauge({
      name: 'ilo_db_pool_max_connections',
      help: 'Pool size limit, by pool',
      labelNames: ['pool'],
      registers,
      collect() {
        for (const [name, p] of pools()) this.set({ pool: name }, p.options?.max ?? 0);
      },
    });
    new Gauge({
      name: 'ilo_db_pool_waiting_requests',
      help: 'Requests waiting for a pool connection now, by pool',
      labelNames: ['pool'],
      registers,
      collect() {
        for (const [name, p] of pools()) this.set({ pool: name }, p.waitingCount);
      },
    });
    this.acquire = new Histogram({
      name: 'ilo_db_pool_acquire_duration_seconds',
      help: 'Time to get a connection from the pool, by pool',
      labelNames: ['pool'],
      buckets: SQL_BUCKETS,
      registers,
    });
    this.acquireWaits = new Counter({
      name: 'ilo_db_pool_acquire_waits_total',
      help: 'Connection requests that found every connection busy and the pool full, so had to wait, by pool',
      labelNames: ['pool'],
      registers,
    });
    this.acquireFailures = new Counter({
      name: 'ilo_db_pool_acquire_failures_total',
      help: 'Connection requests that got no connection, by pool and reason (busy: none came free within the pool wait; unavailable: the database could not be reached)',
      labelNames: ['pool', 'reason'],
      registers,
    });
    this.clientClass = instrumentedClient(this);
  }

  /** SQL statements sent since start (tests and the benchmark read it; also `ilo_sql_statements_total`). */
  get count(): number {
    return this.statements;
  }

  /** Starts observing one statement; call the result with its outcome. */
  begin(text: string): (ok: boolean, error?: Error) => void {
    const kind = statementKind(text);
    this.statements += 1;
    this.statementsTotal.inc({ statement: kind });
    const started = performance.now();
    const span = tracingEnabled()
      ? tracer().startSpan(`sql ${kind}`, { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': text.slice(0, 4000) } })
      : null;
    return (ok, error) => {
      this.duration.observe({ statement: kind, outcome: ok ? 'ok' : 'error' }, (performance.now() - started) / 1000);
      if (span) {
        if (!ok) span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message });
        span.end();
      }
    };
  }

  /**
   * Watches a pool typeorm created (after the data source is initialised), under the label
   * `name` (a node has a `read` and a `write` pool): sizes at scrape time, and the time each
   * connection request waits. pg's Pool has no event for "a request started waiting", so its
   * `connect` is wrapped on this one instance.
   */
  observePool(pool: PoolLike, name = 'main'): void {
    this.pools.set(name, pool);
    const connect = pool.connect.bind(pool) as (cb?: (...args: unknown[]) => void) => unknown;
    const record = (started: number, waited: boolean, error: unknown) => {
      this.acquire.observe({ pool: name }, (performance.now() - started) / 1000);
      if (waited) this.acquireWaits.inc({ pool: name });
      if (error) this.acquireFailures.inc({ pool: name, reason: databaseFailure(error) ?? 'other' });
    };
    (pool as { connect: unknown }).connect = (callback?: (...args: unknown[]) => void) => {
      const started = performance.now();
      const waited = pool.idleCount === 0 && pool.totalCount >= (pool.options?.max ?? Infinity);
      if (callback) {
        return connect((...args: unknown[]) => {
          record(started, waited, args[0]);
          callback(...args);
        });
      }
      return (connect() as Promise<unknown>).then(
        (client) => (record(started, waited, null), client),
        (error: unknown) => {
          record(started, waited, error);
          throw error;
        },
      );
    };
  }
}

/** The pg client typeorm's pool creates: every promise-returning query is observed. */
function instrumentedClient(observer: SqlObserver): typeof pg.Client {
  const Base = pg.Client as unknown as new (config?: unknown) => { query(...args: unknown[]): unknown };
  class ObservedClient extends Base {
    override query(...args: unknown[]): unknown {
      const [config] = args;
      const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
      // Callback and stream forms (not used by typeorm's query path) pass through unobserved.
      if (typeof text !== 'string' || typeof args[args.length - 1] === 'function' || typeof (config as { submit?: unknown })?.submit === 'function') {
        return super.query(...args);
      }
      const done = observer.begin(text);
      return (super.query(...args) as Promise<unknown>).then(
        (result) => {
          done(true);
          return result;
        },
        (error: Error) => {
          done(false, error);
          throw error;
        },
      );
    }
  }
  return ObservedClient as unknown as typeof pg.Client;
}

/** typeorm's messages (migrations, pool warnings) through the service logger; failed statements only at debug (callers report them). */
export class TypeormLogAdapter implements TypeormLogger {
  constructor(private readonly logger: Logger) {}
  logQuery(): void {}
  logQueryError(error: string | Error, query: string): void {
    this.logger.debug({ err: error, statement: statementKind(query) }, 'SQL statement failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ durationMs: time, statement: statementKind(query) }, 'slow SQL statement');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
