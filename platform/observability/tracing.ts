import type http from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

type Env = Record<string, string | undefined>;

/**
 * Tracing is off unless the standard OpenTelemetry variables ask for it; while off no tracer
 * provider is registered, no span is made and no resolver is wrapped, so it costs nothing.
 */
let enabled = false;

export function tracingEnabled(): boolean {
  return enabled;
}

export function tracer(): Tracer {
  return trace.getTracer('ilo-federation');
}

function tracesExporters(env: Env): string[] {
  return (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** True when OTEL_* asks for traces: an OTLP endpoint, or OTEL_TRACES_EXPORTER otlp/console; never with OTEL_SDK_DISABLED=true or exporter none. */
export function tracingRequested(env: Env = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  const exporters = tracesExporters(env);
  if (exporters.includes('none')) return false;
  if (exporters.length > 0) return true;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export interface TracingHandle {
  /** Flushes pending spans and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process's tracer provider when OTEL_* asks for it (entry points call this once,
 * before building services). The OTLP/HTTP exporter reads its own OTEL_EXPORTER_OTLP_* settings
 * (endpoint, headers, timeout); OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the service
 * (default `defaultServiceName`); OTEL_TRACES_SAMPLER / _ARG choose sampling. W3C trace context
 * is the propagation format.
 */
export function setupTracing(defaultServiceName: string, env: Env = process.env): TracingHandle | null {
  if (!tracingRequested(env)) return null;
  const exporters = tracesExporters(env);
  const processors: SpanProcessor[] = [];
  if (exporters.length === 0 || exporters.includes('otlp')) processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  if (exporters.includes('console')) processors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: defaultServiceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: processors });
  provider.register();
  enabled = true;
  return {
    shutdown: async () => {
      enabled = false;
      await provider.shutdown();
    },
  };
}

/** Registers a provider made elsewhere (tests: an in-memory exporter) and turns tracing on. */
export function useTracerProvider(provider: { register(): void }): void {
  provider.register();
  enabled = true;
}

export function disableTracing(): void {
  enabled = false;
}

/**
 * Runs an HTTP request inside a SERVER span that continues the caller's trace (W3C
 * `traceparent`/`tracestate` headers); the span ends when the response is closed.
 */
export function withServerSpan<T>(req: http.IncomingMessage, res: http.ServerResponse, route: string, requestId: string, fn: () => T): T {
  const parent = propagation.extract(context.active(), req.headers);
  const span = tracer().startSpan(
    `${req.method ?? 'GET'} ${route}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'http.route': route, 'ilo.request_id': requestId } },
    parent,
  );
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  return context.with(trace.setSpan(parent, span), fn);
}

/** Adds the active trace context to outgoing headers (a node request, the regional subgraph). */
export function injectTraceContext(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}
