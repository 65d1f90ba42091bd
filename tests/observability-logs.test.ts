import { Writable } from 'node:stream';
import pg from 'pg';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { loadCountryNodeConfig, loadGatewayConfig, loadRegionalConfig } from '../platform/config.js';
import { createLogger } from '../platform/observability/logger.js';
import { sumOf } from '../platform/observability/prometheus-text.js';
import { startRegional, type RegionalService } from '../subgraphs/regional/server.js';
import { startCountryNode, type CountryNode } from '../subgraphs/country/server.js';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from './support/db.js';

/**
 * Logs, request ids and probes of a production-mode federation (regional, node MN, the gateway,
 * and KG configured but unreachable), each service logging JSON lines into an array.
 */
type Line = Record<string, any>;
const lines: Record<'gateway' | 'MN' | 'regional', Line[]> = { gateway: [], MN: [], regional: [] };

function capture(service: keyof typeof lines) {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines[service].push(JSON.parse(line));
      done();
    },
  });
  return createLogger(service, { logLevel: 'info', logFormat: 'json' }, stream);
}

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'test-secret-for-logs-0123456789abcdef', LOG_LEVEL: 'info' };
let dbs: TestDatabase[] = [];
let regional: RegionalService;
let node: CountryNode;
let gateway: RunningGateway;

beforeAll(async () => {
  const [regionalDb, nodeDb] = await Promise.all([createTestDatabase('regional'), createTestDatabase('node_mn')]);
  dbs = [regionalDb, nodeDb];
  regional = await startRegional(loadRegionalConfig(['--port', '0'], { ...PRODUCTION, DATABASE_URL: regionalDb.url }), capture('regional'));
  node = await startCountryNode(loadCountryNodeConfig(['--country', 'MN', '--port', '0'], { ...PRODUCTION, DATABASE_URL: nodeDb.url }), capture('MN'));
  gateway = await startGateway(
    loadGatewayConfig(['--port', '0'], {
      ...PRODUCTION,
      REGIONAL_URL: regional.url,
      // KG is configured but nothing listens there.
      COUNTRY_NODES: `MN=${node.url},KG=http://127.0.0.1:9/graphql`,
      NODE_TIMEOUT_MS: '2000',
      POLL_INTERVAL_MS: '600000',
      // Every request must reach the node for its request id to show there (a cached answer asks no node).
      RESPONSE_CACHE: 'off',
    }),
    capture('gateway'),
  );
}, 120000);
afterAll(async () => {
  await gateway?.close();
  await node?.close();
  await regional?.close();
  await Promise.all(dbs.map((d) => d.drop()));
});

async function post(query: string, headers: Record<string, string> = {}) {
  const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { res, body: (await res.json()) as { data?: any; errors?: any[] } };
}

/** Access lines are written when the response closes, a moment after the client has it. */
async function accessLine(service: keyof typeof lines, requestId: string): Promise<Line> {
  for (let i = 0; i < 50; i += 1) {
    const line = lines[service].find((l) => l.requestId === requestId && l.path === '/graphql' && l.status !== undefined);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no access line for ${requestId} from ${service}`);
}

describe('access lines and request ids', () => {
  test('one JSON access line per request at the gateway and at each node asked, with the caller’s request id', async () => {
    const { res, body } = await post('query Latest { events(first: 2) { nodes { id country { code name { text } } } } }', { 'x-request-id': 'req-abc-123' });
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    expect(body.data.events.nodes.length).toBe(2);
    const line = await accessLine('gateway', 'req-abc-123');
    expect(line).toMatchObject({
      level: 30,
      service: 'gateway',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Latest',
      operationType: 'query',
      outcome: 'partial',
      // KG was never sent anything: its circuit opened when the start-up health poll failed.
      countries: ['MN'],
      unavailable: ['KG'],
    });
    expect(typeof line.durationMs).toBe('number');
    expect(typeof line.time).toBe('number');
    // The node and the regional subgraph log the same request id: it was forwarded.
    expect(await accessLine('MN', 'req-abc-123')).toMatchObject({ service: 'MN', status: 200, operationType: 'query', outcome: 'ok' });
    expect(await accessLine('regional', 'req-abc-123')).toMatchObject({ service: 'regional', status: 200 });
    // One line per request, not one per hop inside the gateway.
    expect(lines.gateway.filter((l) => l.requestId === 'req-abc-123' && l.path === '/graphql')).toHaveLength(1);
  });

  test('without an acceptable x-request-id the gateway makes one, answers it and forwards it', async () => {
    const headers: Array<Record<string, string>> = [{}, { 'x-request-id': 'has spaces and\tnewline' }, { 'x-request-id': 'x'.repeat(200) }];
    for (const header of headers) {
      const { res } = await post('{ events(first: 1, filter: { countries: [MN] }) { nodes { id } } }', header);
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await accessLine('gateway', id)).countries).toEqual(['MN']);
      await accessLine('MN', id);
    }
  });

  test('probes and scrapes are not logged at info', async () => {
    const before = lines.gateway.length;
    await fetch(gateway.url.replace(/graphql$/, 'health/live'));
    await fetch(gateway.url.replace(/graphql$/, 'metrics'));
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.gateway.slice(before).filter((l) => l.path)).toEqual([]);
  });
});

test('the breaker of the unreachable KG reports to the metrics and the log', async () => {
  const text = await (await fetch(gateway.url.replace(/graphql$/, 'metrics'))).text();
  // Open (2) or probing (1), never closed: nothing listens at KG's address.
  expect(sumOf(text, 'ilo_gateway_breaker_state', { country: 'KG' })).toBeGreaterThanOrEqual(1);
  expect(sumOf(text, 'ilo_gateway_breaker_transitions_total', { country: 'KG', state: 'open' })).toBeGreaterThanOrEqual(1);
  expect(sumOf(text, 'ilo_gateway_breaker_state', { country: 'MN' })).toBe(0);
  expect(lines.gateway.some((l) => l.level === 40 && l.country === 'KG' && l.breaker === 'open')).toBe(true);
});

describe('health probes', () => {
  const get = async (url: string, path: string) => {
    const res = await fetch(url.replace(/graphql$/, path));
    return { status: res.status, body: (await res.json()) as any };
  };

  test('/health/live answers 200 on every service', async () => {
    for (const url of [gateway.url, node.url, regional.url]) expect(await get(url, 'health/live')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  test('the gateway is ready with one node; an ordinary subgraph down only degrades /health (it costs only its fields)', async () => {
    expect(await get(gateway.url, 'health/ready')).toEqual({ status: 200, body: { status: 'ready' } });
    const regional = gateway.registry.subgraphs.get('regional')!;
    const saved = regional.status;
    regional.status = 'down';
    try {
      expect(await get(gateway.url, 'health/ready')).toEqual({ status: 200, body: { status: 'ready' } });
      expect(await get(gateway.url, 'health')).toMatchObject({ body: { status: 'degraded', subgraphs: [{ name: 'regional', status: 'down' }] } });
    } finally {
      regional.status = saved;
    }
  });

  test('the gateway is not ready when every country node is unreachable', async () => {
    const mn = gateway.registry.nodes.get('MN')!;
    mn.status = 'down';
    try {
      expect(await get(gateway.url, 'health/ready')).toMatchObject({ status: 503, body: { reason: 'no shard of the subgraph country is reachable' } });
    } finally {
      mn.status = 'up';
    }
  });

  test('in production /health hides node URLs, schema hashes and error texts', async () => {
    const { status, body } = await get(gateway.url, 'health');
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.nodes.map((n: any) => [n.country, n.status])).toEqual([
      ['MN', 'up'],
      ['KG', 'down'],
    ]);
    const text = JSON.stringify(body);
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toMatch(/ECONNREFUSED|unreachable|sdlHash|countrySchemaHash/);
  });

  test('a node is not ready while its database refuses connections, and ready again after', async () => {
    const name = new URL(dbs[1].url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
    await admin.connect();
    try {
      // (CONNECTION LIMIT does not bind superusers; ALLOW_CONNECTIONS does.)
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      const down = await get(node.url, 'health/ready');
      expect(down).toEqual({ status: 503, body: { status: 'not ready', reason: 'database unreachable' } });
      expect((await get(node.url, 'health/live')).status).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect(await get(node.url, 'health/ready')).toEqual({ status: 200, body: { status: 'ready' } });
  });
});

describe('internal errors', () => {
  test('are masked for the client and logged with stack and request id by the node that had them', async () => {
    // A statement PostgreSQL refuses: the table the page reads is gone for a moment.
    const query = '{ events(first: 1, filter: { countries: [MN] }) { nodes { id } } }';
    await node.ds.query('ALTER TABLE event RENAME TO event_hidden');
    let direct: { data?: any; errors?: any[] };
    let viaGateway: { data?: any; errors?: any[] };
    try {
      const res = await fetch(node.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-internal-direct' },
        body: JSON.stringify({ query }),
      });
      direct = (await res.json()) as typeof direct;
      ({ body: viaGateway } = await post(query, { 'x-request-id': 'req-internal-1' }));
    } finally {
      await node.ds.query('ALTER TABLE event_hidden RENAME TO event');
    }
    // Asked directly, the node masks the error; through the gateway the country is unavailable.
    expect(direct.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(viaGateway.errors?.[0].extensions).toMatchObject({ code: 'COUNTRY_UNAVAILABLE', country: 'MN' });
    for (const body of [direct, viaGateway]) expect(JSON.stringify(body.errors)).not.toMatch(/event_hidden|relation|stack|SELECT/i);
    for (const id of ['req-internal-direct', 'req-internal-1']) {
      const logged = lines.MN.find((l) => l.requestId === id && l.level === 50);
      expect(logged).toBeDefined();
      expect(logged!.msg).toMatch(/internal error/);
      expect(logged!.err.message).toMatch(/relation "event" does not exist/);
      expect(logged!.err.stack).toMatch(/\n\s+at /);
      expect(await accessLine('MN', id)).toMatchObject({ outcome: 'internal_error' });
    }
    expect(await accessLine('gateway', 'req-internal-1')).toMatchObject({ outcome: 'partial', unavailable: ['MN'] });
  });
});
