import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { loadGatewayConfig, loadRegionalConfig } from '../platform/config.js';
import { tracingRequested, useTracerProvider } from '../platform/observability/tracing.js';
import { startRegional, type RegionalService } from '../subgraphs/regional/server.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { startTestNode, type TestNode } from './support/nodes.js';
import { waitFor } from './support/wait.js';

/**
 * Distributed tracing end to end over real HTTP: the client's W3C trace context goes through the
 * gateway to every node, and each service's spans land in one trace (an in-memory exporter
 * stands in for the OTLP one; this process hosts every service, as `npm start` does).
 */
const COUNTRIES = ['MN', 'KG', 'AZ'];
const exporter = new InMemorySpanExporter();
let regionalDb: TestDatabase;
let regional: RegionalService;
const nodes: TestNode[] = [];
let gateway: RunningGateway;

beforeAll(async () => {
  useTracerProvider(new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  regionalDb = await createTestDatabase('regional');
  regional = await startRegional(loadRegionalConfig(['--port', '0'], { NODE_ENV: 'test', DATABASE_URL: regionalDb.url }));
  for (const country of COUNTRIES) nodes.push(await startTestNode(country));
  gateway = await startGateway(
    loadGatewayConfig(['--port', '0'], {
      NODE_ENV: 'test',
      REGIONAL_URL: regional.url,
      COUNTRY_NODES: nodes.map((n) => `${n.country}=${n.url}`).join(','),
      POLL_INTERVAL_MS: '600000',
    }),
  );
}, 120000);
afterAll(async () => {
  await gateway?.close();
  await Promise.all(nodes.map((n) => n.stop()));
  await regional?.close();
  await regionalDb?.drop();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** Server spans end when the response is closed, just after the client has read it. */
async function spansOf(traceId: string, until: (spans: ReadableSpan[]) => boolean): Promise<ReadableSpan[]> {
  const finished = () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  await waitFor(() => until(finished()), `the spans of trace ${traceId}`, 50_000, 20);
  return finished();
}

test('one cross-country query is one trace: gateway, a child span per node, and each node’s resolvers and SQL under it', async () => {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01` },
    body: JSON.stringify({ query: 'query Traced { events(first: 4) { nodes { id organisers { id } country { code name { text } } } } }' }),
  });
  const body: any = await res.json();
  expect(body.errors).toBeUndefined();

  const isNodeServer = (s: ReadableSpan) => s.name === 'POST /graphql' && s.attributes['ilo.request_id'] !== undefined;
  const spans = await spansOf(TRACE_ID, (all) => all.filter(isNodeServer).length >= COUNTRIES.length + 2);
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const ancestors = (span: ReadableSpan): ReadableSpan[] => {
    const chain: ReadableSpan[] = [];
    for (let p = byId.get(parentOf(span) ?? ''); p; p = byId.get(parentOf(p) ?? '')) chain.push(p);
    return chain;
  };

  // The gateway's server span continues the client's span.
  const gatewayServer = spans.filter((s) => parentOf(s) === CLIENT_SPAN);
  expect(gatewayServer.map((s) => s.name)).toEqual(['POST /graphql']);
  expect(gatewayServer[0].attributes['graphql.operation.name']).toBe('Traced');
  const root = gatewayServer[0];
  // Apollo's plan and fetch spans sit under it.
  expect(spans.some((s) => s.name === 'gateway.plan' && ancestors(s).includes(root))).toBe(true);

  // One client span per country node, under the gateway's fetch of the country subgraph.
  const perNode = spans.filter((s) => s.name.startsWith('country node '));
  expect(perNode.map((s) => s.attributes['ilo.country']).sort()).toEqual([...COUNTRIES].sort());
  for (const span of perNode) {
    expect(ancestors(span).map((a) => a.name)).toContain('gateway.fetch');
    expect(ancestors(span)).toContain(root);
  }

  // Each node continued the trace it was sent (traceparent over HTTP): its server span's parent is its country's client span.
  for (const span of perNode) {
    const nodeServers = spans.filter((s) => isNodeServer(s) && parentOf(s) === span.spanContext().spanId);
    expect(nodeServers).toHaveLength(1);
    const nodeServer = nodeServers[0];
    const under = spans.filter((s) => ancestors(s).includes(nodeServer));
    expect(under.some((s) => s.name === 'resolve Query.events')).toBe(true);
    const sql = under.filter((s) => s.name.startsWith('sql '));
    expect(sql.length).toBeGreaterThan(0);
    // SQL runs inside the resolver that asked for it.
    expect(sql.some((s) => ancestors(s).some((a) => a.name.startsWith('resolve ')))).toBe(true);
    expect(sql.every((s) => s.attributes['db.system.name'] === 'postgresql')).toBe(true);
  }

  // The regional subgraph, asked for the country names, joined the same trace under the gateway.
  const regionalServer = spans.filter((s) => isNodeServer(s) && ancestors(s).includes(root) && !perNode.some((p) => parentOf(s) === p.spanContext().spanId));
  expect(regionalServer).toHaveLength(1);
  expect(ancestors(regionalServer[0]).map((a) => a.name)).toContain('gateway.fetch');

  // Every span of the request is in this one trace; nothing of it leaked into another.
  const requestIds = new Set(spans.filter(isNodeServer).map((s) => s.attributes['ilo.request_id']));
  expect(requestIds.size).toBe(1);
  const elsewhere = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId !== TRACE_ID && s.attributes['ilo.request_id'] === [...requestIds][0]);
  expect(elsewhere).toEqual([]);
});

test('tracing is off unless OTEL_* asks for it', () => {
  expect(tracingRequested({})).toBe(false);
  expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
  expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
  expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
  expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
  expect(tracingRequested({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
});
