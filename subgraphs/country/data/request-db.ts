import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { deadlineExceeded } from '../../../shared/errors.js';

/**
 * The reads of one GraphQL request, on one pooled connection inside one read-only transaction
 * that ends at the request's deadline, so no node keeps working for a client that has gone:
 *  - no statement starts after the deadline (DEADLINE_EXCEEDED instead);
 *  - `SET LOCAL statement_timeout` bounds every statement by the time left when the request
 *    began reading;
 *  - a timer cancels the statement running when the deadline passes (pg_cancel_backend).
 * Queries read one REPEATABLE READ snapshot, so a page and its totalCount agree; a mutation's
 * reads are READ COMMITTED, so each field sees the writes of the fields before it.
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
      this.begun ??= this.begin(left);
      const run = Promise.all([this.begun, this.queue.catch(() => {})]).then(() => {
        // Checked again when its turn comes: a queued statement may have waited past the deadline.
        if (Date.now() >= this.deadline || this.released) throw deadlineExceeded();
        return this.send(sql, parameters, structured as true);
      });
      this.queue = run;
      return run;
    }) as QueryRunner['query'];
    this.manager = this.runner.manager;
  }

  private async begin(left: number): Promise<void> {
    // One round trip: the simple protocol takes both statements (no parameters).
    await this.send(`BEGIN ISOLATION LEVEL ${this.isolation} READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(left))}`);
    this.timer = setTimeout(() => void this.cancelRunning(), left);
    this.timer.unref();
  }

  /** At the deadline: cancel what this request's connection is running, if anything. */
  private async cancelRunning(): Promise<void> {
    const pid = (this.runner as QueryRunner & { databaseConnection?: { processID?: number } }).databaseConnection?.processID;
    if (this.released || !pid) return;
    await this.ds.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => {});
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
      }
    } finally {
      await this.runner.release().catch(() => {});
    }
  }
}
