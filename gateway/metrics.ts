import { Counter, Gauge, Histogram } from 'prom-client';
import { REQUEST_BUCKETS, ServiceMetrics, type ServiceMetricsOptions } from '../platform/observability/metrics.js';
import type { BreakerState } from './transport/breaker.js';

export type { BreakerState };

/** Gauge values of `ilo_gateway_breaker_state`, so an alert can say `> 0` (not closed) or `== 2` (open). */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** What a circuit breaker reports: call it on every state change (and once per country at start). */
export interface BreakerStateSink {
  breakerState(country: string, state: BreakerState): void;
}

/**
 * How a sub-request to a country node ended, as the transport metrics record it: `ok`; `error`
 * (answered with GraphQL errors); `timeout` (no answer before its deadline, or no time left to
 * send it); `outage` (the node answered that it cannot serve, e.g. its database is down);
 * `refused_answer` (it answered, but the gateway refused the answer: malformed, mistyped,
 * another country's records, over a size or nesting limit); `unavailable` (unreachable, or no
 * GraphQL answer).
 */
export type SubRequestOutcome = 'ok' | 'error' | 'timeout' | 'outage' | 'refused_answer' | 'unavailable';

/**
 * The gateway's metrics: those of every service plus one set per country node (`country` is one
 * of the configured countries, so the label stays bounded). Request outcomes come from the
 * transport plugin (gateway/transport/metrics.ts); breaker states from the breaker.
 */
export class GatewayMetrics extends ServiceMetrics implements BreakerStateSink {
  readonly subRequestDuration: Histogram<'country' | 'operation_type' | 'outcome'>;
  readonly subRequestErrors: Counter<'country' | 'kind'>;
  readonly subRequestTimeouts: Counter<'country'>;
  readonly breakerGauge: Gauge<'country'>;
  readonly breakerTransitions: Counter<'country' | 'state'>;
  readonly cacheLookups: Counter<'country' | 'outcome'>;
  readonly staleAnswers: Counter<'country'>;
  private readonly breakerStates = new Map<string, BreakerState>();

  constructor(
    options: ServiceMetricsOptions,
    private readonly countries: readonly string[],
  ) {
    super(options);
    const registers = [this.registry];
    this.subRequestDuration = new Histogram({
      name: 'ilo_gateway_node_request_duration_seconds',
      help: 'Sub-requests from the gateway to a country node, by country, operation type and outcome (ok; error: answered with GraphQL errors; timeout; outage: the node cannot serve, e.g. its database is down; refused_answer: its answer failed validation or a limit; unavailable: unreachable or no GraphQL answer)',
      labelNames: ['country', 'operation_type', 'outcome'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.subRequestErrors = new Counter({
      name: 'ilo_gateway_node_errors_total',
      help: 'Failed sub-requests to a country node by kind: graphql (the node answered with errors), timeout, outage, refused_answer, unavailable',
      labelNames: ['country', 'kind'],
      registers,
    });
    this.subRequestTimeouts = new Counter({
      name: 'ilo_gateway_node_timeouts_total',
      help: 'Sub-requests to a country node that got no answer before their deadline',
      labelNames: ['country'],
      registers,
    });
    this.breakerGauge = new Gauge({
      name: 'ilo_gateway_breaker_state',
      help: 'Circuit breaker state per country node: 0 closed, 1 half-open, 2 open',
      labelNames: ['country'],
      registers,
    });
    this.breakerTransitions = new Counter({
      name: 'ilo_gateway_breaker_transitions_total',
      help: 'Circuit breaker state changes per country node, by the state entered',
      labelNames: ['country', 'state'],
      registers,
    });
    this.staleAnswers = new Counter({
      name: 'ilo_gateway_stale_answers_total',
      help: "Parts of answers served from a country's last known data while its node was unavailable (issue 28), by country",
      labelNames: ['country'],
      registers,
    });
    this.cacheLookups = new Counter({
      name: 'ilo_gateway_cache_requests_total',
      help: 'Lookups in the exact response cache, by country (ALL: whole answers of queries only country nodes answer) and outcome: hit (answered from the cache), miss (sent, may be stored), bypass (never cached: mutation, Authorization, node in doubt)',
      labelNames: ['country', 'outcome'],
      registers,
    });
    for (const country of countries) this.breakerGauge.set({ country }, BREAKER_STATE_VALUE.closed);
  }

  /** A country outside the configuration (never asked, but be safe) is counted as `other`. */
  countryLabel(country: string): string {
    return this.countries.includes(country) ? country : 'other';
  }

  breakerState(country: string, state: BreakerState): void {
    const label = this.countryLabel(country);
    this.breakerGauge.set({ country: label }, BREAKER_STATE_VALUE[state]);
    if (this.breakerStates.get(label) !== state && (this.breakerStates.has(label) || state !== 'closed')) {
      this.breakerTransitions.inc({ country: label, state });
    }
    this.breakerStates.set(label, state);
  }

  /** `country` ALL: whole answers (gateway/cache/operation-cache.ts). */
  recordCacheLookup(country: string, outcome: 'hit' | 'miss' | 'bypass'): void {
    this.cacheLookups.inc({ country: country === 'ALL' ? 'ALL' : this.countryLabel(country), outcome });
  }

  recordStaleAnswer(country: string): void {
    this.staleAnswers.inc({ country: this.countryLabel(country) });
  }

  recordSubRequest(country: string, operationType: string, outcome: SubRequestOutcome, seconds: number): void {
    const label = this.countryLabel(country);
    this.subRequestDuration.observe({ country: label, operation_type: operationType, outcome }, seconds);
    if (outcome === 'ok') return;
    this.subRequestErrors.inc({ country: label, kind: outcome === 'error' ? 'graphql' : outcome });
    if (outcome === 'timeout') this.subRequestTimeouts.inc({ country: label });
  }
}
