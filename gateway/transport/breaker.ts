import { failed, type NodeFailure, type TransportPlugin } from './transport.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failed requests that open the circuit. */
  failureThreshold: number;
  /** First wait before probing an open circuit; doubles after each failed probe… */
  openMs: number;
  /** …up to this. */
  maxOpenMs: number;
}

/** What `/health` and metrics show of one node's circuit. */
export interface BreakerStatus {
  state: BreakerState;
  /** Why it opened (the last failure), null when closed. */
  reason: string | null;
  since: string;
  consecutiveFailures: number;
  /** When the next probe runs while open (ISO), else null. */
  nextProbeAt: string | null;
}

/** Failures that say something about the node (not a refusal before sending, nor a spent client budget). */
const NODE_FAULTS = new Set<NodeFailure['kind']>(['unreachable', 'timeout', 'bad-answer', 'outage']);

/**
 * One circuit breaker per country node: closed → open → half-open → closed.
 *
 * Written here rather than taken from cockatiel or opossum because the circuit must be fed by
 * two sources — request outcomes and the registry's health poll — and must probe on its own:
 * while open, no client request is spent on a sick node (every one fails in microseconds with
 * COUNTRY_UNAVAILABLE); after `openMs` the breaker itself asks the node's health endpoint
 * (half-open) and closes on success or opens again for twice as long (up to `maxOpenMs`) on
 * failure. Those libraries only learn from the calls they wrap and let a client request be the
 * probe, which is exactly the request that would wait the full timeout on a hung node.
 */
export class CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>();

  constructor(
    private readonly options: BreakerOptions,
    /** Resolves with null when the node is healthy, else with why not (bounded by its own timeout). */
    private readonly probe: (country: string) => Promise<string | null>,
    private readonly onChange: (country: string, status: BreakerStatus) => void = () => {},
  ) {}

  status(country: string): BreakerStatus {
    return this.circuit(country).status();
  }

  /** The transport plugin: fails fast while open, and learns from every answer. */
  readonly plugin: TransportPlugin = (next) => ({
    send: async (country, request) => {
      const circuit = this.circuit(country);
      const refusal = circuit.refusal();
      if (refusal) return failed(country, refusal, false, 'refused');
      const answer = await next.send(country, request);
      if (!answer.failure) circuit.succeeded();
      else if (NODE_FAULTS.has(answer.failure.kind)) circuit.failed(answer.failure.reason);
      return answer;
    },
  });

  /** The registry's poll found the node unhealthy: open at once, no request need fail first. */
  pollFailed(country: string, reason: string): void {
    this.circuit(country).trip(`health check failed: ${reason}`);
  }

  /** The registry's poll found the node healthy: an open circuit closes without waiting. */
  pollSucceeded(country: string): void {
    this.circuit(country).succeeded();
  }

  stop(): void {
    for (const circuit of this.circuits.values()) circuit.stop();
  }

  private circuit(country: string): Circuit {
    let circuit = this.circuits.get(country);
    if (!circuit) {
      circuit = new Circuit(
        this.options,
        () => this.probe(country),
        (status) => this.onChange(country, status),
      );
      this.circuits.set(country, circuit);
    }
    return circuit;
  }
}

class Circuit {
  private state: BreakerState = 'closed';
  private since = Date.now();
  private failures = 0;
  private reason: string | null = null;
  private waitMs: number;
  private probeAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: BreakerOptions,
    private readonly probe: () => Promise<string | null>,
    private readonly onChange: (status: BreakerStatus) => void,
  ) {
    this.waitMs = options.openMs;
  }

  status(): BreakerStatus {
    return {
      state: this.state,
      reason: this.reason,
      since: new Date(this.since).toISOString(),
      consecutiveFailures: this.failures,
      nextProbeAt: this.probeAt ? new Date(this.probeAt).toISOString() : null,
    };
  }

  /** Why a request must not be sent now, or null. */
  refusal(): string | null {
    if (this.state === 'closed') return null;
    const next = this.probeAt ? `; next health probe in ${Math.max(0, this.probeAt - Date.now())} ms` : '; health probe running';
    return `circuit open (${this.reason})${next}`;
  }

  succeeded(): void {
    this.failures = 0;
    if (this.state !== 'closed') {
      this.clearTimer();
      this.waitMs = this.options.openMs;
      this.move('closed', null);
    }
  }

  failed(reason: string): void {
    this.failures += 1;
    if (this.state === 'closed' && this.failures >= this.options.failureThreshold) this.trip(`${this.failures} consecutive failures, last: ${reason}`);
  }

  trip(reason: string): void {
    if (this.state !== 'closed') return;
    this.move('open', reason);
    this.scheduleProbe();
  }

  stop(): void {
    this.clearTimer();
  }

  private scheduleProbe(): void {
    this.clearTimer();
    this.probeAt = Date.now() + this.waitMs;
    this.timer = setTimeout(() => void this.runProbe(), this.waitMs);
    this.timer.unref();
  }

  private async runProbe(): Promise<void> {
    this.timer = null;
    this.probeAt = null;
    if (this.state !== 'open') return;
    this.move('half-open', this.reason);
    const problem = await this.probe().catch((error: Error) => error.message);
    if ((this.state as BreakerState) !== 'half-open') return; // a poll or a request settled it meanwhile
    if (problem === null) return this.succeeded();
    this.waitMs = Math.min(this.waitMs * 2, this.options.maxOpenMs);
    this.move('open', `health probe failed: ${problem}`);
    this.scheduleProbe();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.probeAt = null;
  }

  private move(state: BreakerState, reason: string | null): void {
    const changed = state !== this.state;
    this.state = state;
    this.reason = reason;
    if (changed) {
      this.since = Date.now();
      this.onChange(this.status());
    }
  }
}
