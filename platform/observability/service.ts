import type http from 'node:http';
import { trace } from '@opentelemetry/api';
import type { ObservabilityConfig } from '../config.js';
import { createLogger, type Logger } from './logger.js';
import { ServiceMetrics } from './metrics.js';
import { REQUEST_ID_HEADER, requestIdFrom, runInScope, type RequestScope } from './request-scope.js';
import { tracingEnabled, withServerSpan } from './tracing.js';

/** What a service observes itself with: its logger and its metrics registry. */
export interface ServiceObservability<M extends ServiceMetrics = ServiceMetrics> {
  /** `gateway`, `regional`, or the node's country code. */
  service: string;
  logger: Logger;
  metrics: M;
  /** `/health` shows URLs, schema hashes and error texts. */
  healthDetails: boolean;
}

export function createObservability<M extends ServiceMetrics = ServiceMetrics>(
  service: string,
  config: ObservabilityConfig,
  options: { logger?: Logger; metrics?: M } = {},
): ServiceObservability<M> {
  return {
    service,
    logger: options.logger ?? createLogger(service, config),
    metrics: options.metrics ?? (new ServiceMetrics({ operationNames: config.metricsOperationNames }) as M),
    healthDetails: config.healthDetails,
  };
}

const ROUTES = new Set(['/graphql', '/health', '/health/live', '/health/ready', '/metrics']);
const METHODS = new Set(['GET', 'POST', 'HEAD', 'OPTIONS']);

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/**
 * Wraps a service's request handler: a request id (the caller's `x-request-id` when acceptable,
 * else a new one) answered in `x-request-id` and written back into the request's headers so the
 * gateway forwards it; a request scope for code deep in the request; a SERVER span while tracing
 * is on; and when the response is closed, the HTTP metrics and one access line: info for
 * /graphql, debug for probes, scrapes, CORS preflights and infrastructure operations named `__…`
 * (the gateway's schema polls, `__ApolloGetServiceDefinition__`), which would otherwise drown it.
 */
export function instrumentHandler(obs: ServiceObservability, handler: Handler): Handler {
  return (req, res) => {
    const started = performance.now();
    const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = ROUTES.has(path) ? path : 'other';
    const scope: RequestScope = { id, log: obs.logger.child({ requestId: id }), metrics: obs.metrics, countries: new Set(), unavailable: new Set() };
    res.once('close', () => {
      const ms = performance.now() - started;
      const method = METHODS.has(req.method ?? '') ? req.method! : 'other';
      obs.metrics.httpDuration.observe({ route, method, status: String(res.statusCode) }, ms / 1000);
      const line = {
        method: req.method,
        path: path.slice(0, 200),
        status: res.statusCode,
        durationMs: Math.round(ms * 10) / 10,
        ...(scope.operationType ? { operationType: scope.operationType } : {}),
        ...(scope.operationName ? { operationName: scope.operationName.slice(0, 100) } : {}),
        ...(scope.outcome ? { outcome: scope.outcome } : {}),
        ...(scope.countries.size ? { countries: [...scope.countries].sort() } : {}),
        ...(scope.unavailable.size ? { unavailable: [...scope.unavailable].sort() } : {}),
        ...(scope.cached?.size ? { cached: [...scope.cached].sort() } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      const message = `${req.method} ${line.path} ${res.statusCode} ${line.durationMs} ms${scope.operationName ? ` ${scope.operationName.slice(0, 100)}` : ''}`;
      if (route === '/graphql' && req.method !== 'OPTIONS' && !scope.operationName?.startsWith('__')) scope.log.info(line, message);
      else scope.log.debug(line, message);
    });
    const run = () => {
      // With tracing on, log lines carry the trace id too: from a log line to its trace.
      const traceId = tracingEnabled() ? trace.getActiveSpan()?.spanContext().traceId : undefined;
      if (traceId) scope.log = scope.log.child({ traceId });
      return runInScope(scope, () => handler(req, res));
    };
    return tracingEnabled() ? withServerSpan(req, res, route, id, run) : run();
  };
}
