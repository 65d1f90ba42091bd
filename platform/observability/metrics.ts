import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Seconds; from a cache hit on one node (~1 ms) to the longest request deadline (15 s). */
export const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

let processRegistry: Registry | null = null;

/**
 * Process metrics (CPU, memory, event-loop lag, GC, handles) are the process's, not a service's:
 * collected once per process and appended to every service's /metrics (`npm start` runs all
 * services in one process; each then shows the same process figures).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Keeps a label's values bounded: the first `max` distinct acceptable values are used as they
 * are, anything later or odd-looking becomes `_other` (client-chosen names must not grow the
 * number of series without limit).
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(
    private readonly max: number,
    private readonly acceptable = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/,
  ) {}

  value(raw: string): string {
    if (this.seen.has(raw)) return raw;
    if (this.seen.size >= this.max || !this.acceptable.test(raw)) return '_other';
    this.seen.add(raw);
    return raw;
  }
}

export interface ServiceMetricsOptions {
  /** Distinct operation names kept as label values (0: no per-operation counter). */
  operationNames: number;
}

/**
 * One service's Prometheus registry (prom-client) and the metrics every service has: HTTP
 * requests, GraphQL operations by type and outcome, cost-limit refusals. Each service gets its
 * own registry, so several services in one process (npm start, tests) keep separate figures.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'route' | 'method' | 'status'>;
  readonly graphqlDuration: Histogram<'operation_type' | 'outcome'>;
  readonly operations: Counter<'operation_name' | 'outcome'> | null;
  readonly costLimitRefusals: Counter<'limit'>;
  private readonly operationNames: BoundedLabel;
  private readonly limitNames = new BoundedLabel(20);

  constructor(options: ServiceMetricsOptions) {
    const registers = [this.registry];
    this.httpDuration = new Histogram({
      name: 'ilo_http_request_duration_seconds',
      help: 'HTTP requests by route (/graphql, /health, /metrics, other), method and status code',
      labelNames: ['route', 'method', 'status'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: 'ilo_graphql_request_duration_seconds',
      help: 'GraphQL requests by operation type (query, mutation; unknown when the document did not parse or validate) and outcome (ok, partial, client_error, refused, timeout, unavailable, internal_error)',
      labelNames: ['operation_type', 'outcome'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.operations =
      options.operationNames > 0
        ? new Counter({
            name: 'ilo_graphql_operations_total',
            help: `GraphQL requests by operation name (the first ${options.operationNames} names seen; later ones are _other, unnamed ones _anonymous) and outcome`,
            labelNames: ['operation_name', 'outcome'],
            registers,
          })
        : null;
    this.operationNames = new BoundedLabel(options.operationNames);
    this.costLimitRefusals = new Counter({
      name: 'ilo_cost_limit_refusals_total',
      help: 'Operations refused before execution because a cost limit was exceeded, by limit (depth, aliases, tokens, ...)',
      labelNames: ['limit'],
      registers,
    });
  }

  /** Called by the cost-limit check when it refuses an operation; `limit` names the limit exceeded. */
  costLimitRefused(limit: string): void {
    this.costLimitRefusals.inc({ limit: this.limitNames.value(limit) });
  }

  recordOperation(operationType: string, outcome: string, operationName: string | undefined, seconds: number): void {
    this.graphqlDuration.observe({ operation_type: operationType, outcome }, seconds);
    this.operations?.inc({ operation_name: operationName ? this.operationNames.value(operationName) : '_anonymous', outcome });
  }

  /** Prometheus text exposition: this service's metrics, then the process's. */
  async render(): Promise<{ contentType: string; body: string }> {
    const own = await this.registry.metrics();
    const shared = await processMetrics().metrics();
    return { contentType: this.registry.contentType, body: `${own.trimEnd()}\n${shared}` };
  }
}
