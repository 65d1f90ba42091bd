import { GatewayMetrics } from '../gateway/metrics.js';
import { transportMetrics } from '../gateway/transport/metrics.js';
import { nodeOutage } from '../gateway/transport/node-outage.js';
import { composeTransport, type NodeRequest } from '../gateway/transport/transport.js';
import { BoundedLabel, ServiceMetrics } from '../platform/observability/metrics.js';
import { samples, sumOf } from '../platform/observability/prometheus-text.js';
import { createLogger } from '../platform/observability/logger.js';
import { recordCostLimitRefusal, runInScope } from '../platform/observability/request-scope.js';
import { statementKind } from '../platform/observability/sql.js';
import { fakeTransport } from './gateway/helpers.js';
import { startFederation, type TestFederation } from './support/federation.js';

/** Prometheus metrics at /metrics on the gateway, the nodes and the regional subgraph, as an operator scrapes them. */
const TIMEOUT_MS = 600;
let fed: TestFederation;

beforeAll(async () => {
  fed = await startFederation({ countries: ['MN', 'KG'], nodeTimeoutMs: TIMEOUT_MS });
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

async function scrape(graphqlUrl: string): Promise<{ type: string; text: string }> {
  const res = await fetch(graphqlUrl.replace(/graphql$/, 'metrics'));
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type') ?? '', text: await res.text() };
}

const gatewayText = async () => (await scrape(fed.gateway.url)).text;

describe('gateway /metrics', () => {
  test('is Prometheus text with GraphQL, per-country and process metrics', async () => {
    const before = await gatewayText();
    const res = await fed.query('query CrossCountry { events(first: 3) { totalCount nodes { id } } }');
    expect(res.errors).toBeUndefined();
    const { type, text } = await scrape(fed.gateway.url);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    const delta = (name: string, where: Record<string, string>) => sumOf(text, name, where) - sumOf(before, name, where);
    expect(delta('ilo_graphql_request_duration_seconds_count', { operation_type: 'query', outcome: 'ok' })).toBe(1);
    expect(delta('ilo_graphql_operations_total', { operation_name: 'CrossCountry', outcome: 'ok' })).toBe(1);
    for (const country of ['MN', 'KG']) {
      expect(delta('ilo_gateway_node_request_duration_seconds_count', { country, operation_type: 'query', outcome: 'ok' })).toBe(1);
    }
    expect(delta('ilo_http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '200' })).toBe(1);
    // Every configured country starts with a closed breaker.
    expect(sumOf(text, 'ilo_gateway_breaker_state', { country: 'KG' })).toBe(0);
    expect(
      samples(text, 'ilo_gateway_breaker_state')
        .map((s) => s.labels.country)
        .sort(),
    ).toEqual(['KG', 'MN']);
    // Process metrics come with every service's scrape.
    expect(samples(text, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(samples(text, 'nodejs_eventloop_lag_seconds').length).toBeGreaterThan(0);
    // Bounded labels: no query text anywhere.
    expect(text).not.toContain('events(first');
  });

  test('a hanging node is a timeout of its country and a partial outcome of the request', async () => {
    const before = await gatewayText();
    const proxy = fed.proxies.get('KG')!;
    proxy.mode = 'hang';
    try {
      const res = await fed.query('{ events(first: 3) { nodes { id } } }');
      expect(res.errors?.map((e) => e.extensions.code)).toEqual(['COUNTRY_UNAVAILABLE']);
    } finally {
      proxy.mode = 'pass';
    }
    const text = await gatewayText();
    const delta = (name: string, where: Record<string, string>) => sumOf(text, name, where) - sumOf(before, name, where);
    expect(delta('ilo_gateway_node_timeouts_total', { country: 'KG' })).toBe(1);
    expect(delta('ilo_gateway_node_errors_total', { country: 'KG', kind: 'timeout' })).toBe(1);
    expect(delta('ilo_gateway_node_request_duration_seconds_count', { country: 'KG', outcome: 'timeout' })).toBe(1);
    expect(delta('ilo_gateway_node_errors_total', { country: 'MN' })).toBe(0);
    expect(delta('ilo_graphql_request_duration_seconds_count', { operation_type: 'query', outcome: 'partial' })).toBe(1);
  });

  test('client mistakes are client_error; a document that does not parse or validate has operation type unknown', async () => {
    const before = await gatewayText();
    const bad = await fed.query('query ($from: Date) { events(first: 3, filter: { from: $from }) { nodes { id } } }', { from: 'not-a-date' });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    await fed.query('{ events(');
    const text = await gatewayText();
    const delta = (where: Record<string, string>) =>
      sumOf(text, 'ilo_graphql_request_duration_seconds_count', where) - sumOf(before, 'ilo_graphql_request_duration_seconds_count', where);
    expect(delta({ outcome: 'client_error' })).toBe(2);
    expect(delta({ operation_type: 'unknown', outcome: 'client_error' })).toBe(1);
    expect(delta({ operation_type: 'query', outcome: 'client_error' })).toBe(1);
    expect(delta({ outcome: 'ok' })).toBe(0);
  });

  test('the breaker reports its states through metrics.breakerState', async () => {
    const metrics = fed.gateway.metrics;
    metrics.breakerState('KG', 'open');
    let text = await gatewayText();
    expect(sumOf(text, 'ilo_gateway_breaker_state', { country: 'KG' })).toBe(2);
    expect(sumOf(text, 'ilo_gateway_breaker_transitions_total', { country: 'KG', state: 'open' })).toBe(1);
    metrics.breakerState('KG', 'half-open');
    metrics.breakerState('KG', 'closed');
    metrics.breakerState('KG', 'closed');
    text = await gatewayText();
    expect(sumOf(text, 'ilo_gateway_breaker_state', { country: 'KG' })).toBe(0);
    expect(sumOf(text, 'ilo_gateway_breaker_transitions_total', { country: 'KG' })).toBe(3);
    expect(sumOf(text, 'ilo_gateway_breaker_state', { country: 'MN' })).toBe(0);
  });
});

describe('node and regional /metrics', () => {
  test('a node counts its SQL statements by kind with their durations, and shows its pool', async () => {
    const node = fed.nodes.get('MN')!;
    const before = (await scrape(node.url)).text;
    const counted = node.statements.count;
    const res = await node.query('{ events(first: 5) { totalCount nodes { id organisers { id } } } }');
    expect(res.errors).toBeUndefined();
    const text = (await scrape(node.url)).text;
    const statements = sumOf(text, 'ilo_sql_statements_total') - sumOf(before, 'ilo_sql_statements_total');
    expect(statements).toBe(node.statements.count - counted);
    const kinds = (t: string) => Object.fromEntries(samples(t, 'ilo_sql_statements_total').map((x) => [x.labels.statement, x.value]));
    const delta = Object.fromEntries(
      Object.entries(kinds(text))
        .map(([k, v]) => [k, v - (kinds(before)[k] ?? 0)])
        .filter(([, v]) => v !== 0),
    );
    // The request's reads: one read-only transaction (BEGIN … ROLLBACK) around the page, its count and the organisers.
    expect(delta).toEqual({ begin: 1, select: statements - 2, rollback: 1 });
    expect(delta.select).toBeGreaterThanOrEqual(2);
    expect(
      sumOf(text, 'ilo_sql_statement_duration_seconds_count', { outcome: 'ok' }) - sumOf(before, 'ilo_sql_statement_duration_seconds_count', { outcome: 'ok' }),
    ).toBe(statements);
    // Reads and writes have pools of their own; this request read, so it took a read connection.
    expect(sumOf(text, 'ilo_db_pool_max_connections', { pool: 'read' })).toBe(10);
    expect(sumOf(text, 'ilo_db_pool_max_connections', { pool: 'write' })).toBe(4);
    expect(
      sumOf(text, 'ilo_db_pool_connections', { pool: 'read', state: 'idle' }) + sumOf(text, 'ilo_db_pool_connections', { pool: 'read', state: 'busy' }),
    ).toBeGreaterThan(0);
    const acquired = (t: string) => sumOf(t, 'ilo_db_pool_acquire_duration_seconds_count', { pool: 'read' });
    expect(acquired(text)).toBeGreaterThan(acquired(before));
    expect(sumOf(text, 'ilo_graphql_request_duration_seconds_count', { operation_type: 'query', outcome: 'ok' })).toBeGreaterThan(0);
  });

  test('a failed statement is counted with outcome error', async () => {
    const node = fed.nodes.get('KG')!;
    const before = (await scrape(node.url)).text;
    await expect(node.ds.query('SELECT * FROM no_such_table')).rejects.toThrow();
    const text = (await scrape(node.url)).text;
    expect(
      sumOf(text, 'ilo_sql_statement_duration_seconds_count', { outcome: 'error' }) -
        sumOf(before, 'ilo_sql_statement_duration_seconds_count', { outcome: 'error' }),
    ).toBe(1);
  });

  test('the regional subgraph serves its metrics too', async () => {
    const { text } = await scrape(fed.regional.url);
    expect(samples(text, 'ilo_sql_statements_total').length).toBeGreaterThan(0);
    expect(samples(text, 'process_resident_memory_bytes')).toHaveLength(1);
  });
});

describe('metric building blocks', () => {
  const request = (over: Partial<NodeRequest> = {}): NodeRequest => ({
    query: '{ x }',
    operation: 'query',
    deadline: Date.now() + 60_000,
    headers: {},
    ...over,
  });

  test('the transport plugin classifies answers, GraphQL errors, failures, timeouts and outages per country', async () => {
    const metrics = new GatewayMetrics({ operationNames: 0 }, ['MN', 'KG', 'AZ', 'VN', 'TJ']);
    const { transport } = fakeTransport({
      MN: () => ({ data: {} }),
      KG: () => ({ data: null, errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }),
      AZ: () => new Error('unreachable'),
      VN: () => 'timeout',
      TJ: () => ({ data: null, errors: [{ message: 'database down', extensions: { code: 'DATABASE_UNAVAILABLE' } }] }),
      XX: () => ({ data: {} }),
    });
    // As in the gateway: metrics outside nodeOutage, which turns "my database is down" into a failure.
    const t = composeTransport(transport, transportMetrics(metrics), nodeOutage);
    await t.send('MN', request());
    await t.send('KG', request({ operation: 'mutation' }));
    await t.send('AZ', request());
    await t.send('VN', request());
    await t.send('TJ', request());
    await t.send('XX', request());
    const text = (await metrics.render()).body;
    expect(sumOf(text, 'ilo_gateway_node_request_duration_seconds_count', { country: 'MN', outcome: 'ok' })).toBe(1);
    expect(sumOf(text, 'ilo_gateway_node_request_duration_seconds_count', { country: 'KG', operation_type: 'mutation', outcome: 'error' })).toBe(1);
    expect(sumOf(text, 'ilo_gateway_node_errors_total', { country: 'KG', kind: 'graphql' })).toBe(1);
    expect(sumOf(text, 'ilo_gateway_node_errors_total', { country: 'AZ', kind: 'unavailable' })).toBe(1);
    expect(sumOf(text, 'ilo_gateway_node_timeouts_total', { country: 'AZ' })).toBe(0);
    expect(sumOf(text, 'ilo_gateway_node_timeouts_total', { country: 'VN' })).toBe(1);
    expect(sumOf(text, 'ilo_gateway_node_errors_total', { country: 'VN', kind: 'timeout' })).toBe(1);
    expect(sumOf(text, 'ilo_gateway_node_errors_total', { country: 'TJ', kind: 'outage' })).toBe(1);
    // A country outside the configuration never becomes a label value of its own.
    expect(sumOf(text, 'ilo_gateway_node_request_duration_seconds_count', { country: 'other' })).toBe(1);
    expect(samples(text, 'ilo_gateway_node_request_duration_seconds_count').some((s) => s.labels.country === 'XX')).toBe(false);
  });

  test('operation names and limit names are bounded label values', async () => {
    const label = new BoundedLabel(2);
    expect(['A', 'B', 'C', 'A', 'bad name', 'x'.repeat(100)].map((n) => label.value(n))).toEqual(['A', 'B', '_other', 'A', '_other', '_other']);
    const metrics = new ServiceMetrics({ operationNames: 1 });
    metrics.recordOperation('query', 'ok', 'First', 0.01);
    metrics.recordOperation('query', 'ok', 'Second', 0.01);
    metrics.recordOperation('query', 'ok', undefined, 0.01);
    const text = (await metrics.render()).body;
    expect(
      samples(text, 'ilo_graphql_operations_total')
        .map((s) => s.labels.operation_name)
        .sort(),
    ).toEqual(['First', '_anonymous', '_other']);
  });

  test('cost-limit refusals are counted by limit, directly or from inside a request', async () => {
    const metrics = new ServiceMetrics({ operationNames: 0 });
    metrics.costLimitRefused('depth');
    const scope = {
      id: 'r1',
      log: createLogger('t', { logLevel: 'silent', logFormat: 'json' }),
      metrics,
      countries: new Set<string>(),
      unavailable: new Set<string>(),
    };
    runInScope(scope, () => recordCostLimitRefusal('aliases'));
    recordCostLimitRefusal('outside-a-request');
    const text = (await metrics.render()).body;
    expect(sumOf(text, 'ilo_cost_limit_refusals_total', { limit: 'depth' })).toBe(1);
    expect(sumOf(text, 'ilo_cost_limit_refusals_total', { limit: 'aliases' })).toBe(1);
    expect(sumOf(text, 'ilo_cost_limit_refusals_total')).toBe(2);
  });

  test('SQL statements are labelled by their first keyword only', () => {
    expect(['SELECT 1', '  insert into x', 'START TRANSACTION', 'WITH t AS (SELECT 1) SELECT *', 'VACUUM', ''].map(statementKind)).toEqual([
      'select',
      'insert',
      'start',
      'with',
      'other',
      'other',
    ]);
  });
});
