import { FailureWindow } from './breaker-window.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** The settings of one node's circuit, every one given (breaker.ts fills the defaults and per-node overrides). */
export interface CircuitSettings {
  /** Consecutive node faults that open the circuit (the quick rule, for a node that fails every request). */
  failureThreshold: number;
  /** First wait before probing an open circuit; doubles after each failed probe or trial… */
  openMs: number;
  /** …up to this. */
  maxOpenMs: number;
  /** The failure-rate rule: over the last `windowMs`… */
  windowMs: number;
  /** …with at least this many answers counted… */
  minSamples: number;
  /** …a share of node faults at or above this opens the circuit. */
  failureRatio: number;
}

/** Where the breaker takes the time from: the tests give it fake timers. */
export interface BreakerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The process's clock, looked up at each call; its timers never keep the process alive. */
export const systemClock: BreakerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What `/health` and metrics show of one node's circuit. */
export interface BreakerStatus {
  state: BreakerState;
  /** Why it opened (the last failure), null when closed. */
  reason: string | null;
  since: string;
  consecutiveFailures: number;
  /** The answers and node faults in the failure-rate window (while closed). */
  window: { samples: number; failures: number };
  /** When the next probe runs while open (ISO), else null. */
  nextProbeAt: string | null;
}

/** What the circuit let through: an ordinary request, or the one trial of a half-open circuit. */
export type Ticket = 'pass' | 'trial';
/** What an answer says about the node: sound, its fault, or nothing (refused before sending, client's time spent). */
export type Outcome = 'ok' | 'fault' | 'neutral';

/**
 * One country node's circuit: closed → open → half-open → closed.
 *
 * Closed, it opens on either rule: `failureThreshold` node faults in a row, or (as Polly's
 * advanced breaker, resilience4j and opossum do) a share of faults ≥ `failureRatio` among at
 * least `minSamples` answers within `windowMs`. A refused answer (malformed, mistyped, another
 * country's, over a limit) is a fault like a timeout: a node that answers garbage to two requests
 * of three never fails three in a row, and only the rate sees it.
 *
 * Open, every request fails at once (COUNTRY_UNAVAILABLE). After the open time the breaker asks
 * the node's `/health` itself before any client request is risked: a hung node fails that probe
 * within its own timeout, and no client waits the full deadline. A passing probe does not close
 * the circuit, though: `/health` says the process and its database are up, not that its answers
 * are sound (a node answering garbage passes it). It admits one trial *real* request (Polly and
 * resilience4j let the first calls after the break through); other requests are still refused
 * meanwhile, only the trial's success closes the circuit, and its fault opens it again for twice
 * as long (up to `maxOpenMs`). A circuit that opens again within a window of closing keeps that
 * longer wait, so a node that passes the odd trial and goes on answering garbage does not get a
 * fresh short break each time.
 *
 * Health evidence only refutes health evidence: a circuit opened by a failed registry poll (the
 * node serves no schema) closes on a passing probe or poll, as no answer of it was faulted. A
 * passing poll of a circuit opened by answers admits the trial early; of a closed one, it is one
 * good answer in the window (the poll is a real GraphQL request to the node, `_service { sdl }`).
 */
export class Circuit {
  private state: BreakerState = 'closed';
  private since: number;
  private reason: string | null = null;
  /** What opened it: request outcomes, or only the registry's poll. */
  private cause: 'answers' | 'health' = 'answers';
  /** While half-open: the health probe runs, the trial may go, or it is on its way. */
  private trial: 'probing' | 'ready' | 'sent' | null = null;
  private consecutive = 0;
  private readonly window: FailureWindow;
  private waitMs: number;
  private closedAt: number | null = null;
  private probeAt: number | null = null;
  private timer: unknown = null;

  constructor(
    private readonly options: CircuitSettings,
    private readonly clock: BreakerClock,
    private readonly probe: () => Promise<string | null>,
    private readonly onChange: (status: BreakerStatus) => void,
  ) {
    this.waitMs = options.openMs;
    this.since = clock.now();
    this.window = new FailureWindow(options.windowMs);
  }

  status(): BreakerStatus {
    return {
      state: this.state,
      reason: this.reason,
      since: new Date(this.since).toISOString(),
      consecutiveFailures: this.consecutive,
      window: this.window.counts(this.clock.now()),
      nextProbeAt: this.probeAt ? new Date(this.probeAt).toISOString() : null,
    };
  }

  /** Lets a request through (as the trial, when half-open and the probe passed), or says why not. */
  admit(): Ticket | string {
    if (this.state === 'closed') return 'pass';
    if (this.state === 'half-open' && this.trial === 'ready') {
      this.trial = 'sent';
      return 'trial';
    }
    if (this.state === 'half-open') {
      const waiting = this.trial === 'probing' ? 'health probe running' : 'one trial request in flight';
      return `circuit half-open (${this.reason}); ${waiting}`;
    }
    const next = this.probeAt ? `next health probe in ${Math.max(0, this.probeAt - this.clock.now())} ms` : 'health probe running';
    return `circuit open (${this.reason}); ${next}`;
  }

  settle(ticket: Ticket, outcome: Outcome, reason: string | null): void {
    if (ticket === 'trial') return this.settleTrial(outcome, reason);
    if (this.state !== 'closed') {
      // Sent before the circuit opened. Only a real answer refutes a failed health check.
      if (outcome === 'ok' && this.cause === 'health') this.close();
      return;
    }
    if (outcome !== 'neutral') this.count(outcome === 'fault', reason);
  }

  pollSucceeded(): void {
    if (this.state === 'closed') return this.count(false, null);
    if (this.cause === 'health') return this.close();
    if (this.trial === 'ready' || this.trial === 'sent') return;
    this.clearTimer();
    this.trial = 'ready';
    this.move('half-open', this.reason);
  }

  healthFailed(reason: string): void {
    if (this.state === 'closed') return this.open(reason, 'health');
    if (this.state === 'half-open') this.reopen(reason);
  }

  stop(): void {
    this.clearTimer();
  }

  private count(fault: boolean, reason: string | null): void {
    const now = this.clock.now();
    this.window.record(now, fault);
    this.consecutive = fault ? this.consecutive + 1 : 0;
    if (!fault) return;
    const { samples, failures } = this.window.counts(now);
    if (this.consecutive >= this.options.failureThreshold) return this.open(`${this.consecutive} consecutive failures, last: ${reason}`, 'answers');
    if (samples >= this.options.minSamples && failures / samples >= this.options.failureRatio) {
      this.open(`${failures} of the last ${samples} answers failed, last: ${reason}`, 'answers');
    }
  }

  private settleTrial(outcome: Outcome, reason: string | null): void {
    if (this.state !== 'half-open' || this.trial !== 'sent') return; // settled meanwhile (a poll, a stop)
    if (outcome === 'ok') return this.close();
    if (outcome === 'fault') return this.reopen(`trial request failed: ${reason}`);
    this.trial = 'ready'; // never reached the node (the client's time ran out): the next request tries
  }

  /** From closed. A circuit closed less than a window ago flaps: it keeps (and doubles) its last wait. */
  private open(reason: string, cause: 'answers' | 'health'): void {
    const now = this.clock.now();
    const flapping = this.closedAt !== null && now - this.closedAt < this.options.windowMs;
    this.waitMs = flapping ? Math.min(this.waitMs * 2, this.options.maxOpenMs) : this.options.openMs;
    this.cause = cause;
    this.move('open', reason);
    this.scheduleProbe();
  }

  /** From half-open: the probe or the trial failed. */
  private reopen(reason: string): void {
    this.waitMs = Math.min(this.waitMs * 2, this.options.maxOpenMs);
    this.move('open', reason);
    this.scheduleProbe();
  }

  private close(): void {
    this.clearTimer();
    this.trial = null;
    this.consecutive = 0;
    this.window.clear();
    this.closedAt = this.clock.now();
    this.move('closed', null);
  }

  private scheduleProbe(): void {
    this.clearTimer();
    this.trial = null;
    this.probeAt = this.clock.now() + this.waitMs;
    this.timer = this.clock.setTimeout(() => void this.runProbe(), this.waitMs);
  }

  private async runProbe(): Promise<void> {
    this.timer = null;
    this.probeAt = null;
    if (this.state !== 'open') return;
    this.trial = 'probing';
    this.move('half-open', this.reason);
    const problem = await this.probe().catch((error: Error) => error.message);
    if ((this.state as BreakerState) !== 'half-open' || this.trial !== 'probing') return; // a poll or a request settled it meanwhile
    if (problem !== null) return this.reopen(`health probe failed: ${problem}`);
    if (this.cause === 'health') return this.close();
    this.trial = 'ready';
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.probeAt = null;
  }

  private move(state: BreakerState, reason: string | null): void {
    const changed = state !== this.state;
    this.state = state;
    this.reason = reason;
    if (changed) {
      this.since = this.clock.now();
      this.onChange(this.status());
    }
  }
}
