import { Circuit, systemClock, type BreakerClock, type BreakerStatus, type CircuitSettings, type Outcome } from './breaker-circuit.js';
import { failed, type NodeFailure, type TransportPlugin } from './transport.js';

export { systemClock, type BreakerClock, type BreakerState, type BreakerStatus } from './breaker-circuit.js';

export const BREAKER_WINDOW_DEFAULTS = { windowMs: 10_000, minSamples: 20, failureRatio: 0.5 } as const;

/** The failure-rate rule's settings. */
type WindowSetting = keyof typeof BREAKER_WINDOW_DEFAULTS;

/** Every node's circuit settings; the failure-rate rule's may be left out (BREAKER_WINDOW_DEFAULTS: 10 s, 20 answers, 0.5). */
export interface BreakerOptions extends Omit<CircuitSettings, WindowSetting>, Partial<Pick<CircuitSettings, WindowSetting>> {
  /** Settings of one node's circuit that differ from the above (gateway.yaml's per-shard `breaker:`), by country. */
  perKey?: ReadonlyMap<string, BreakerOverride>;
}

/** What one node's circuit may set differently (the failure-rate rule stays gateway-wide). */
export type BreakerOverride = Partial<Pick<BreakerOptions, 'failureThreshold' | 'openMs' | 'maxOpenMs'>>;

/** Failures that say something about the node (not a refusal before sending, nor a spent client budget). */
const NODE_FAULTS = new Set<NodeFailure['kind']>(['unreachable', 'timeout', 'bad-answer', 'outage']);

/**
 * One circuit breaker per country node, each a `Circuit` (breaker-circuit.ts, where its rules are
 * told), made on the node's first request and fed by the transport plugin and the registry's poll.
 *
 * Written here rather than taken from cockatiel or opossum because the circuit is fed by two
 * sources (request outcomes and the registry's poll) and probes `/health` before its trial: those
 * libraries learn only from the calls they wrap and let a client request be the first probe.
 */
export class CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>();
  private readonly settings: CircuitSettings;
  private readonly perKey: ReadonlyMap<string, BreakerOverride>;

  constructor(
    options: BreakerOptions,
    /** Resolves with null when the node is healthy, else with why not (bounded by its own timeout). */
    private readonly probe: (country: string) => Promise<string | null>,
    private readonly onChange: (country: string, status: BreakerStatus) => void = () => {},
    private readonly clock: BreakerClock = systemClock,
  ) {
    const defaults = BREAKER_WINDOW_DEFAULTS;
    const { perKey = new Map<string, BreakerOverride>(), ...shared } = options;
    this.perKey = perKey;
    this.settings = {
      ...shared,
      windowMs: options.windowMs ?? defaults.windowMs,
      minSamples: options.minSamples ?? defaults.minSamples,
      failureRatio: options.failureRatio ?? defaults.failureRatio,
    };
    if (!(this.settings.failureRatio > 0 && this.settings.failureRatio <= 1))
      throw new Error(`failureRatio must be in (0, 1], got ${this.settings.failureRatio}`);
  }

  status(country: string): BreakerStatus {
    return this.circuit(country).status();
  }

  /** The transport plugin: fails fast while open, and learns from every answer. */
  readonly plugin: TransportPlugin = (next) => ({
    send: async (country, request) => {
      const circuit = this.circuit(country);
      const ticket = circuit.admit();
      if (ticket !== 'pass' && ticket !== 'trial') return failed(country, ticket, false, 'refused');
      const answer = await next.send(country, request);
      const outcome: Outcome = !answer.failure ? 'ok' : NODE_FAULTS.has(answer.failure.kind) ? 'fault' : 'neutral';
      circuit.settle(ticket, outcome, answer.failure?.reason ?? null);
      return answer;
    },
  });

  /** The registry's poll found the node unhealthy: open at once, no request need fail first. */
  pollFailed(country: string, reason: string): void {
    this.circuit(country).healthFailed(`health check failed: ${reason}`);
  }

  /** The registry's poll found the node serving (see the class comment for what that may close). */
  pollSucceeded(country: string): void {
    this.circuit(country).pollSucceeded();
  }

  stop(): void {
    for (const circuit of this.circuits.values()) circuit.stop();
  }

  private circuit(country: string): Circuit {
    let circuit = this.circuits.get(country);
    if (!circuit) {
      circuit = new Circuit(
        { ...this.settings, ...this.perKey.get(country) },
        this.clock,
        () => this.probe(country),
        (status) => this.onChange(country, status),
      );
      this.circuits.set(country, circuit);
    }
    return circuit;
  }
}
