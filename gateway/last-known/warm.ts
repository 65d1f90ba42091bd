import { systemClock, type BreakerClock } from '../transport/breaker-circuit.js';

/** A read the gateway keeps warm: sent as a client would send it, so its sub-requests are the client's. */
export interface WarmRead {
  query: string;
  variables: Record<string, unknown>;
}

/** The warmer's timers: the breaker's clock (unref'd process timers), fake in tests. */
export type WarmerClock = Pick<BreakerClock, 'setTimeout' | 'clearTimeout'>;

/**
 * Keeps the last known data of chosen reads current ("warm where it matters", issue 28): an
 * entry is only served while it was taken at the newest version the gateway knows of its node,
 * so after every version an office announces, the reads are sent again (once the announcements
 * have been quiet for `settleMs`: a burst of writes costs one round). Reads run one after the
 * other, never two rounds at once; a failed read is logged and the next one still runs.
 */
export class LastKnownWarmer {
  private timer: unknown = null;
  private running = false;
  private again = false;
  private stopped = false;
  /** Rounds finished since the start (operators' /health, tests). */
  rounds = 0;

  constructor(
    private readonly reads: WarmRead[],
    private readonly send: (read: WarmRead) => Promise<void>,
    private readonly settleMs: number,
    private readonly log: (message: string) => void,
    private readonly clock: WarmerClock = systemClock,
  ) {}

  /** An office announced a version: the reads are due once announcements settle. */
  changed(): void {
    if (this.stopped || this.reads.length === 0) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.round();
    }, this.settleMs);
  }

  /** Nothing running and nothing due. */
  get idle(): boolean {
    return !this.running && this.timer === null;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async round(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      for (const read of this.reads) {
        if (this.stopped) return;
        await this.send(read).catch((error: Error) => this.log(`last known data: warming a read failed: ${error.message}`));
      }
    } finally {
      this.rounds++;
      this.running = false;
      if (this.again && !this.stopped) {
        this.again = false;
        this.changed();
      }
    }
  }
}

/** Sends a warm read to the gateway's own endpoint, as an anonymous client refusing stale parts. */
export function sendToSelf(url: () => string, timeoutMs: number): (read: WarmRead) => Promise<void> {
  return async (read) => {
    const res = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cache-control': 'max-stale=0' },
      body: JSON.stringify(read),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  };
}
