import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface ExportBudgetLimits {
  /** Rows one client may export per window (EXPORT_ROWS_PER_WINDOW). */
  rowsPerWindow: number;
  windowSeconds: number;
  /** Exports one client may run at once (EXPORT_MAX_PER_CLIENT). */
  maxConcurrent: number;
}

/** Why an export may not start or go on: retry after this many seconds. */
export class OverBudget extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Each client's export budget, as the GraphQL rate limiter counts requests (rate-limiter-flexible,
 * same client key: a verified token's subject, else the address): rows per window, charged as
 * they are written, so a budget runs out mid-export rather than a large export being refused
 * whole; and a bound on concurrent exports, each of which holds one cursor on every node.
 */
export class ExportBudget {
  private readonly rows: RateLimiterMemory;
  private readonly running = new Map<string, number>();

  constructor(private readonly limits: ExportBudgetLimits) {
    this.rows = new RateLimiterMemory({ points: limits.rowsPerWindow, duration: limits.windowSeconds });
  }

  /** Starts an export for `client`; the returned function ends it. Throws OverBudget. */
  async start(client: string): Promise<() => void> {
    const running = this.running.get(client) ?? 0;
    if (running >= this.limits.maxConcurrent)
      throw new OverBudget(1, `This client already runs ${running} exports; at most ${this.limits.maxConcurrent} at once`);
    const left = await this.rows.get(client);
    if (left && left.remainingPoints <= 0) throw this.over(left);
    this.running.set(client, running + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const now = (this.running.get(client) ?? 1) - 1;
      if (now > 0) this.running.set(client, now);
      else this.running.delete(client);
    };
  }

  /** Charges `rows` written; throws OverBudget once the window's rows are spent. */
  async charge(client: string, rows: number): Promise<void> {
    await this.rows.consume(client, rows).catch((refusal: unknown) => {
      if (refusal instanceof RateLimiterRes) throw this.over(refusal);
      throw refusal;
    });
  }

  private over(res: RateLimiterRes): OverBudget {
    const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return new OverBudget(
      seconds,
      `This client exported its ${this.limits.rowsPerWindow} rows of this ${this.limits.windowSeconds} s window; resume after ${seconds} s`,
    );
  }
}
