import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { deadlineExceeded } from '../../../contract/errors.js';

/**
 * The reads of one GraphQL request, on one pooled connection, ending at the request's deadline
 * so no node keeps working for a client that has gone:
 *  - no statement starts after the deadline (DEADLINE_EXCEEDED instead);
 *  - every statement is bounded in PostgreSQL: by the pool's `statement_timeout` (the node's
 *    request timeout, set once per connection when it opens), and inside a transaction by
 *    `SET LOCAL statement_timeout` to the time left when the request began reading;
 *  - a timer cancels the statement running when the deadline passes (pg_cancel_backend).
 * Queries read one REPEATABLE READ snapshot, so a page and its totalCount agree; a mutation's
 * reads are READ COMMITTED, so each field sees the writes of the fields before it.
 * A query whose reads are all sent at once (see single-read.ts) waits until they are: when that
 * is one statement, it runs alone, without BEGIN and ROLLBACK (one statement is one snapshot by
 * itself); that spares two of its three round trips to PostgreSQL.
 * Opened lazily: a request that needs no data takes no connection.
 */
export class RequestDb {
  readonly manager: EntityManager;
  private readonly runner: QueryRunner;
  /** The runner's own query, unwrapped. */
  private readonly send: QueryRunner['query'];
  private begun: Promise<unknown> | null = null;
  /** Statements queue here: one connection runs one at a time (pg 8 deprecates queueing on a client). */
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private released = false;
  /** Set before execution when the request's reads are one burst (single-read.ts). */
  private oneBurst = false;
  /** Statements of that burst, held until it is complete. */
  private burst: Array<() => void> | null = null;
  /** The request's one statement ran outside a transaction: no other may follow. */
  private alone = false;

  constructor(
    private readonly ds: DataSource,
    readonly deadline: number,
    private isolation: 'REPEATABLE READ' | 'READ COMMITTED',
  ) {
    this.runner = ds.createQueryRunner();
    this.send = this.runner.query.bind(this.runner);
    // Every statement of this manager passes here: the one place to enforce the deadline.
    this.runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => {
      const left = this.deadline - Date.now();
      if (left <= 0 || this.released) return Promise.reject(deadlineExceeded());
      // A statement after one that ran alone would read another snapshot: the classifier was wrong.
      if (this.alone) return Promise.reject(new Error('a second statement in a request classified as one read (single-read.ts)'));
      const run = this.ready(left).then(() => {
        // Checked again when its turn comes: a queued statement may have waited past the deadline.
        if (Date.now() >= this.deadline || this.released) throw deadlineExceeded();
        return this.send(sql, parameters, structured as true);
      });
      this.queue = run;
      return run;
    }) as QueryRunner['query'];
    this.manager = this.runner.manager;
  }

  /**
   * Resolves when this statement may be sent: after the transaction began and the statements
   * before it ran, or (a one-burst query) once the burst is known to hold only this statement.
   */
  private ready(left: number): Promise<unknown> {
    const before = this.queue.catch(() => {});
    if (this.begun) return Promise.all([this.begun, before]);
    if (!this.oneBurst) {
      this.begun = this.begin(left);
      return Promise.all([this.begun, before]);
    }
    if (this.burst) return new Promise<void>((resolve) => this.burst!.push(resolve)).then(() => Promise.all([this.begun, before]));
    this.burst = [];
    // setImmediate runs after the microtasks and nextTicks in which the burst's other statements
    // (a page's COUNT, a loader's batch) are sent.
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        const others = this.burst!;
        this.burst = null;
        // Released meanwhile: every statement of the burst fails its own deadline check.
        if (this.released) return resolve();
        if (others.length === 0) {
          this.alone = true;
          this.armTimer(left);
          return resolve();
        }
        this.begun = this.begin(Math.max(1, this.deadline - Date.now()));
        resolve();
        for (const release of others) release();
      }),
    ).then(() => Promise.all([this.begun, before]));
  }

  private armTimer(left: number): void {
    this.timer = setTimeout(() => void this.cancelRunning(), left);
    this.timer.unref();
  }

  private async begin(left: number): Promise<void> {
    // One round trip: the simple protocol takes both statements (no parameters).
    await this.send(`BEGIN ISOLATION LEVEL ${this.isolation} READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(left))}`);
    this.armTimer(left);
  }

  /** At the deadline: cancel what this request's connection is running, if anything. */
  private async cancelRunning(): Promise<void> {
    const pid = (this.runner as QueryRunner & { databaseConnection?: { processID?: number } }).databaseConnection?.processID;
    if (this.released || !pid) return;
    await this.ds.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => {});
  }

  /** For a query whose reads are all sent at once (single-read.ts); set before the first read. */
  readsInOneBurst(): void {
    if (!this.begun && !this.burst) this.oneBurst = true;
  }

  /** For mutations: each read sees what was committed before it (set before the first read). */
  readCommitted(): void {
    if (!this.begun) this.isolation = 'READ COMMITTED';
  }

  /** Ends the transaction and returns the connection; safe to call more than once. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.timer) clearTimeout(this.timer);
    try {
      if (this.begun) {
        await Promise.all([this.begun.catch(() => {}), this.queue.catch(() => {})]);
        await this.send('ROLLBACK').catch(() => {}); // read only: nothing to keep
      } else if (this.alone) await this.queue.catch(() => {});
    } finally {
      await this.runner.release().catch(() => {});
    }
  }
}
