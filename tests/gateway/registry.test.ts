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
async function sdlServer(sdl: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { _service: { sdl } } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
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
