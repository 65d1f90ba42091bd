import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeRegistry } from '../../gateway/registry.js';
import { FIXTURE_SDL } from './fixture.js';

const REGIONAL_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Region @key(fields: "code") { code: String! name: String }
type Query { regions: [Region!]! }
`;

/** A server that answers `_service { sdl }` with `sdl`, on port 0. */
async function sdlServer(sdl: string): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { _service: { sdl } } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    paths,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const UNDECLARED = FIXTURE_SDL.replace('type Query {', 'type Query {\n  newList: ThingConnection!');

describe('the registry refuses a sharded SDL whose sharding it cannot read', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));
  const start = async (sdl: string) => {
    const s = await sdlServer(sdl);
    servers.push(s);
    return s.url;
  };
  const registry = async (nodes: Record<string, string>) =>
    new NodeRegistry(
      {
        ordinary: [{ name: 'facts', url: await start(REGIONAL_SDL), timeoutMs: null }],
        sharded: { name: 'offices', shards: Object.entries(nodes).map(([key, url]) => ({ key, url, timeoutMs: null })) },
        supergraphSdl: null,
      },
      { nodeTimeoutMs: 1000, pollIntervalMs: 60_000, nodeAnswer: { maxBytes: 1024 * 1024, maxDepth: 64 } },
    );

  test('a complete declaration composes and gives the gateway its plan rules', async () => {
    const r = await registry({ MN: await start(FIXTURE_SDL) });
    await r.waitForSupergraph(2000);
    expect(r.spec?.query.has('things')).toBe(true);
    expect(r.nodes.get('MN')!.status).toBe('up');
  });

  test('an undeclared root field is a start-up error naming the field', async () => {
    const r = await registry({ MN: await start(UNDECLARED) });
    await expect(r.waitForSupergraph(300)).rejects.toThrow(/Query\.newList declares no sharding/);
    expect(r.nodes.get('MN')).toMatchObject({ status: 'excluded', error: expect.stringContaining('Query.newList declares no sharding') });
    expect([...r.rejectedSchemas.values()]).toEqual([[expect.stringContaining('Query.newList')]]);
  });

  test('a node serving a refused SDL is left out while the others serve', async () => {
    const r = await registry({ MN: await start(UNDECLARED), KG: await start(FIXTURE_SDL), AZ: await start(UNDECLARED) });
    await r.waitForSupergraph(2000);
    expect(r.nodes.get('KG')!.status).toBe('up');
    expect(r.nodes.get('MN')!.status).toBe('excluded');
    expect(r.unusableReason('MN')).toContain('refuses');
    expect(r.unusableReason('KG')).toBeNull();
  });
});

describe('the supergraph source with any subgraphs', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));
  const start = async (sdl: string) => {
    const s = await sdlServer(sdl);
    servers.push(s);
    return s;
  };
  const settings = { nodeTimeoutMs: 1000, pollIntervalMs: 60_000, nodeAnswer: { maxBytes: 1024 * 1024, maxDepth: 64 } };
  const OTHER_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Region @key(fields: "code") { code: String! budget: Int }
`;

  test('ordinary subgraphs alone compose, with no shard and no health endpoint asked', async () => {
    const [a, b] = [await start(REGIONAL_SDL), await start(OTHER_SDL)];
    const r = new NodeRegistry(
      {
        ordinary: [
          { name: 'facts', url: a.url, timeoutMs: null },
          { name: 'budgets', url: b.url, timeoutMs: null },
        ],
        sharded: null,
        supergraphSdl: null,
      },
      settings,
    );
    const supergraph = await r.waitForSupergraph(2000);
    expect(supergraph).toMatch(/FACTS @join__graph\(name: "facts"/);
    expect(supergraph).toMatch(/budget: Int @join__field\(graph: BUDGETS\)/);
    expect(r.spec).toBeNull();
    expect(r.subgraphs.get('budgets')).toMatchObject({ status: 'up', error: null });
    expect([...a.paths, ...b.paths]).toEqual(['/graphql', '/graphql']);
  });

  test('a subgraph that stops answering keeps its last schema in the supergraph and is down in the book', async () => {
    const [a, b] = [await start(REGIONAL_SDL), await start(OTHER_SDL)];
    const r = new NodeRegistry(
      {
        ordinary: [
          { name: 'facts', url: a.url, timeoutMs: null },
          { name: 'budgets', url: b.url, timeoutMs: null },
        ],
        sharded: null,
        supergraphSdl: null,
      },
      settings,
    );
    const before = await r.waitForSupergraph(2000);
    await b.close();
    await r.refresh();
    expect(r.supergraphSdl).toBe(before);
    expect(r.subgraphs.get('budgets')).toMatchObject({ status: 'down', error: expect.any(String) });
  });

  test('a supergraph file is served as given; the sharding rules still come from the shards', async () => {
    const mn = await start(FIXTURE_SDL);
    const file = '# composed elsewhere\nschema { query: Query } type Query { x: Int }';
    const r = new NodeRegistry(
      { ordinary: [], sharded: { name: 'offices', shards: [{ key: 'MN', url: mn.url, timeoutMs: null }] }, supergraphSdl: file },
      settings,
    );
    expect(await r.waitForSupergraph(2000)).toBe(file);
    expect(r.spec?.query.has('things')).toBe(true);
    expect(r.shardSchemaHash).toEqual(expect.any(String));
  });
});
