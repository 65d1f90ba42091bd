import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { loadSubgraphs } from '../gateway/subgraphs/load.js';
import { loadGatewayConfig } from '../platform/config.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { postGraphQL } from './support/nodes.js';

/**
 * A third, ordinary subgraph (a document store, as a regional office might add) extending Event
 * and Country next to the sharded country nodes, given to the gateway in a gateway.yaml. It
 * knows nothing of shards: the gateway must route its entity references to the nodes that own
 * them, and ask it for its fields of records that came from several nodes.
 */
const DOCUMENTS_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
scalar CountryCode
type Event @key(fields: "id") { id: ID! documentCount: Int }
type Country @key(fields: "code") { code: CountryCode! documentCount: Int }
type Query { featuredEvents: [Event!]! }
type Mutation { feature(eventId: ID!): Int! }
`;

// A count that differs per record and is computed, not stored: what the gateway returns must be this subgraph's answer.
const documentsOf = (id: string) => [...id].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 7;
const featured: string[] = [];
// While set, entity fetches wait until it is released: a hung subgraph.
let hung: { promise: Promise<void>; release: () => void } | null = null;
const entityCalls: string[][] = [];

async function startDocuments(port = 0) {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(DOCUMENTS_SDL),
      resolvers: {
        Query: { featuredEvents: () => featured.map((id) => ({ id, documentCount: documentsOf(id) })) },
        Mutation: { feature: (_: unknown, { eventId }: { eventId: string }) => featured.push(eventId) },
        Event: {
          __resolveReference: async (ref: { id: string }) => {
            await hung?.promise;
            return { id: ref.id, documentCount: documentsOf(ref.id) };
          },
        },
        Country: { __resolveReference: (ref: { code: string }) => ({ code: ref.code, documentCount: ref.code === 'KG' ? 3 : 1 }) },
      } as never,
    }),
    plugins: [
      {
        async requestDidStart({ request }) {
          const reps = request.variables?.representations as Array<{ id?: string }> | undefined;
          if (reps) entityCalls.push(reps.map((r) => r.id ?? ''));
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  return { server, url };
}

let fed: TestFederation;
let documents: Awaited<ReturnType<typeof startDocuments>>;
let gateway: RunningGateway;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'third-subgraph-'));
const query = (q: string) => postGraphQL(gateway.url, q);

beforeAll(async () => {
  fed = await startFederation({ countries: ['MN', 'KG'] });
  documents = await startDocuments();
  const file = path.join(dir, 'gateway.yaml');
  fs.writeFileSync(
    file,
    [
      'subgraphs:',
      `  - { name: facts, url: ${fed.regional.url} }`,
      `  - { name: documents, url: ${documents.url}, timeout: 1s }`,
      '  - name: offices',
      '    shards:',
      ...['MN', 'KG'].map((c) => `      ${c}: ${fed.proxies.get(c)!.url}`),
    ].join('\n'),
  );
  gateway = await startGateway(loadGatewayConfig(['--port', '0'], { NODE_ENV: 'test', POLL_INTERVAL_MS: '60000' }), () => {}, {
    subgraphs: loadSubgraphs(file, { subgraphs: [] }),
  });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await documents?.server.stop().catch(() => {});
  await fed?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const EVENTS = '{ events(first: 12) { nodes { id startDate country { code } documentCount } } }';

test("the third subgraph's fields of events merged across the country nodes are its answers", async () => {
  entityCalls.length = 0;
  const res = await query(EVENTS);
  expect(res.errors).toBeUndefined();
  const nodes: Array<{ id: string; country: { code: string }; documentCount: number }> = res.data.events.nodes;
  expect(new Set(nodes.map((n) => n.country.code))).toEqual(new Set(['MN', 'KG']));
  for (const n of nodes) expect(n.documentCount).toBe(documentsOf(n.id));
  // One batched entity fetch for the merged page, with ids of both countries in the page's order.
  expect(entityCalls).toEqual([nodes.map((n) => n.id)]);
});

test('its entity references resolve on the nodes that own them, in its order', async () => {
  const page = (await query(EVENTS)).data.events.nodes as Array<{ id: string; startDate: string | null; country: { code: string } }>;
  const picked = [page.find((n) => n.country.code === 'KG')!, page.find((n) => n.country.code === 'MN')!, page[page.length - 1]!];
  featured.splice(0, featured.length, ...picked.map((n) => n.id));
  const res = await query('{ featuredEvents { id startDate country { code } documentCount } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.featuredEvents).toEqual(picked.map((n) => ({ id: n.id, startDate: n.startDate, country: n.country, documentCount: documentsOf(n.id) })));
});

test('it extends Country next to the regional facts and the nodes', async () => {
  const res = await query('{ country(code: KG) { code iloOffice documentCount events(first: 1) { totalCount } } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.country).toMatchObject({ code: 'KG', documentCount: 3 });
  expect(res.data.country.events.totalCount).toBeGreaterThan(0);
});

test("its mutations are its own business (it checks the forwarded token); a node's still needs a token at the gateway", async () => {
  const own = await query('mutation { a: feature(eventId: "KG:EVT:x") }');
  expect(own).toEqual({ data: { a: featured.length } });
  featured.pop();
  const nodeWrite = await query('mutation { feature(eventId: "KG:EVT:y") deleteEvent(id: "KG:EVT:y", expectedVersion: 1) }');
  expect(nodeWrite.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(featured).not.toContain('KG:EVT:y');
});

test('a hung subgraph costs its fields after its own timeout, with SUBGRAPH_UNAVAILABLE', async () => {
  let release = () => {};
  hung = { promise: new Promise<void>((r) => (release = r)), release };
  try {
    const res = await query(EVENTS);
    expect(res.data.events.nodes).toHaveLength(12);
    expect(res.data.events.nodes.every((n: { documentCount: number | null }) => n.documentCount === null)).toBe(true);
    expect(res.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', reason: 'no answer within 1000 ms' }) }),
    ]);
  } finally {
    hung = null;
    release();
  }
  // Health is learnt from answers: the next one that arrives makes it up again.
  expect((await query(EVENTS)).errors).toBeUndefined();
  expect(gateway.registry.subgraphs.get('documents')!.status).toBe('up');
});

test('its outage costs only its fields: the events still come from every node, /health says which subgraph is down', async () => {
  await documents.server.stop();
  const res = await query(EVENTS);
  const nodes: Array<{ id: string; documentCount: number | null; country: { code: string } }> = res.data.events.nodes;
  expect(nodes).toHaveLength(12);
  expect(new Set(nodes.map((n) => n.country.code))).toEqual(new Set(['MN', 'KG']));
  expect(nodes.every((n) => n.documentCount === null)).toBe(true);
  // Apollo reports a failed fetch once, without a path (its fields are null); the code and the name say whose.
  expect(res.errors).toEqual([
    expect.objectContaining({
      message: expect.stringContaining('The subgraph documents did not answer'),
      extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'documents', retryable: true }),
    }),
  ]);
  const health: any = await (await fetch(gateway.url.replace(/graphql$/, 'health'))).json();
  expect(health.status).toBe('degraded');
  expect(health.subgraphs).toEqual(
    expect.arrayContaining([expect.objectContaining({ name: 'documents', status: 'down' }), expect.objectContaining({ name: 'facts', status: 'up' })]),
  );
  expect(health.nodes.map((n: { status: string }) => n.status)).toEqual(['up', 'up']);
  expect((await fetch(gateway.url.replace(/graphql$/, 'health/ready'))).status).toBe(200);
});
