import { buildSubgraphSchema } from '@apollo/subgraph';
import { ApolloServer } from '@apollo/server';
import { parse } from 'graphql';
import { listen, type RunningService } from '../platform/http-server.js';
import { countrySchema } from '../subgraphs/country/schema.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { median } from './support/wait.js';

/** A node down, hanging, or serving another schema costs its data and an error at each path it leaves incomplete, never the answer. */
// Long enough that a healthy node on a busy 2-core machine answers within it (else it, too, would
// be reported unavailable); the hanging node is told apart by its error, not by a stopwatch.
const TIMEOUT_MS = 3000;
let fed: TestFederation;

beforeAll(async () => {
  fed = await startFederation({ generate: { events: 15, programmes: 4, organisations: 5 }, nodeTimeoutMs: TIMEOUT_MS });
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

const QUERY = `{ events(first: 100) { totalCount nodes { id } } eventStats(groupBy: [COUNTRY]) { country count } }`;

function unavailable(errors: any[] | undefined) {
  return (errors ?? []).filter((e) => e.extensions?.code === 'COUNTRY_UNAVAILABLE');
}

test('a hanging node: the other countries answer, COUNTRY_UNAVAILABLE at each field it is missing from, bounded by the timeout', async () => {
  // The baseline: the same query with every node answering, on the machine as it is now.
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = Date.now();
    expect(unavailable((await fed.query(QUERY)).errors)).toEqual([]);
    times.push(Date.now() - started);
  }
  const proxy = fed.proxies.get('AZ')!;
  proxy.mode = 'hang';
  try {
    const started = Date.now();
    const res = await fed.query(QUERY);
    const elapsed = Date.now() - started;
    expect(unavailable(res.errors).map((e) => [e.path, e.extensions.country, e.extensions.missingCountries])).toEqual([
      [['events'], 'AZ', ['AZ']],
      [['eventStats'], 'AZ', ['AZ']],
    ]);
    // AZ was waited for up to its timeout (or what was left of the request's), no more: the reason says so.
    for (const e of unavailable(res.errors)) expect(e.extensions.reason).toMatch(/^no answer within \d+ ms$/);
    const countries = new Set(res.data.events.nodes.map((n: any) => n.id.slice(0, 2)));
    expect(countries).toEqual(new Set(['MN', 'KG', 'VN']));
    expect(res.data.events.totalCount).toBe(15 * 3);
    expect(res.data.eventStats.map((s: any) => s.country)).toEqual(['KG', 'MN', 'VN']);
    // Bounded by the per-node timeout: the answer waits for it and then for the machine, which the
    // baseline measured (generous: a loaded machine's pace changes from one second to the next).
    expect(elapsed).toBeLessThan(TIMEOUT_MS * 1.5 + 10 * median(times));
  } finally {
    proxy.mode = 'pass';
  }
});

test('a stopped node: partial data and COUNTRY_UNAVAILABLE for it; /health says degraded', async () => {
  const vn = fed.nodes.get('VN')!;
  await vn.close();
  const res = await fed.query(`${QUERY.slice(0, -1)} countries { code events(first: 1) { totalCount } } }`);
  const vnIndex = res.data.countries.findIndex((c: any) => c.code === 'VN');
  // One error per place VN is missing from: the merged page, the aggregate, and VN's own list
  // (the root fields and the countries' lists are fetched concurrently: either order).
  expect(
    unavailable(res.errors)
      .map((e) => [e.path, e.extensions.country])
      .sort(),
  ).toEqual(
    [
      [['events'], 'VN'],
      [['eventStats'], 'VN'],
      [['countries', vnIndex, 'events'], 'VN'],
    ].sort(),
  );
  expect(res.data.events.totalCount).toBe(15 * 3);
  expect(res.data.events.nodes.some((n: any) => n.id.startsWith('VN:'))).toBe(false);
  // Country.events of the missing country is null (unknown), not an empty page a client would keep as zero
  // rows; the list of countries around it stays.
  expect(res.data.countries[vnIndex]).toEqual({ code: 'VN', events: null });
  expect(res.data.countries.find((c: any) => c.code === 'KG').events.totalCount).toBe(15);

  const byId = await fed.query(`{ event(id: "VN:EVT:anything") { id } }`);
  expect(byId.data.event).toBeNull();
  expect(unavailable(byId.errors).map((e) => [e.path, e.extensions.country])).toEqual([[['event'], 'VN']]);

  const health: any = await (await fetch(fed.gateway.url.replace(/graphql$/, 'health'))).json();
  expect(health.status).toBe('degraded');
  expect(health.nodes.find((n: any) => n.country === 'VN').status).toBe('down');
  expect(health.nodes.find((n: any) => n.country === 'KG').status).toBe('up');
});

describe('a node serving a different SDL', () => {
  let impostor: RunningService;
  beforeAll(async () => {
    const { typeDefs } = await countrySchema();
    const changed = typeDefs.replace('type Query {', 'type Query {\n  somethingElse: String');
    const schema = buildSubgraphSchema({ typeDefs: parse(changed), resolvers: {} as never });
    const apollo = new ApolloServer({ schema });
    await apollo.start();
    impostor = await listen({ apollo, context: async () => ({}), health: () => ({ status: 'ok' }) }, 0);
  });
  afterAll(async () => {
    await impostor?.close();
  });

  test('is left out, reported in /health, and its country reported unavailable', async () => {
    const node = fed.gateway.registry.nodes.get('MN')!;
    const originalUrl = node.url;
    node.url = impostor.url;
    try {
      await fed.gateway.registry.refresh();
      const health: any = await (await fetch(fed.gateway.url.replace(/graphql$/, 'health'))).json();
      const mn = health.nodes.find((n: any) => n.country === 'MN');
      expect(mn.status).toBe('excluded');
      expect(mn.sdlHash).not.toBe(health.shardSchemaHash);
      expect(health.status).toBe('degraded');
      const res = await fed.query(`{ events(first: 5) { nodes { id } } }`);
      expect(unavailable(res.errors).map((e) => e.extensions.country)).toContain('MN');
      expect(res.data.events.nodes.length).toBe(5);
    } finally {
      node.url = originalUrl;
      await fed.gateway.registry.refresh();
    }
    expect(fed.gateway.registry.nodes.get('MN')!.status).toBe('up');
  });
});
