import { loadGatewayConfig } from '../platform/config.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { postGraphQL } from './support/nodes.js';
import { describeWithRedis, TEST_REDIS_URL } from './support/redis.js';
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';

// Two gateway replicas over the same nodes sharing one cache in Redis (RESPONSE_CACHE_REDIS_URL):
// what one fetched, the other serves without asking any node; a write straight to a node is
// seen through both. Skipped with one line when no Redis answers (TEST_REDIS_URL).

const COUNTRIES = ['KG', 'MN'];
const PAGE = `query($first: Int!) { events(first: $first) { nodes { id version city } } }`;

describeWithRedis()('response cache shared in Redis by two gateways', () => {
  let fed: TestFederation;
  let second: RunningGateway;

  beforeAll(async () => {
    const env = { RESPONSE_CACHE: 'on', RESPONSE_CACHE_REDIS_URL: TEST_REDIS_URL };
    fed = await startFederation({ countries: COUNTRIES, gatewayEnv: env });
    second = await startGateway(
      loadGatewayConfig(['--port', '0'], {
        NODE_ENV: 'test',
        REGIONAL_URL: fed.regional.url,
        COUNTRY_NODES: COUNTRIES.map((c) => `${c}=${fed.proxies.get(c)!.url}`).join(','),
        POLL_INTERVAL_MS: '60000',
        ...env,
      }),
    );
    await until(
      () => [fed.gateway, second].every((g) => g.cache!.store.kind === 'redis' && COUNTRIES.every((c) => g.cache!.versions.version(c) !== null)),
      'both gateways following both streams',
    );
  });
  afterAll(async () => {
    await second?.close();
    await fed?.stop();
  });

  // A liveness limit (a busy machine may take seconds to follow a stream or see a write), not a speed bound.
  async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not seen within ${ms} ms: ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const page = async (url: string) => {
    const res = await postGraphQL(url, PAGE, { first: 100 });
    expect(res.errors).toBeUndefined();
    return res.data.events.nodes as Array<{ id: string; version: number; city: string | null }>;
  };

  test('what one gateway fetched, the other serves from Redis without asking a node', async () => {
    // The request does not await its store writes: record which entries it wrote and wait until
    // Redis holds them all (read back through the store, as the other gateway will).
    const store = fed.gateway.cache!.store;
    const written = jest.spyOn(store, 'set');
    const first = await page(fed.gateway.url);
    const keys = written.mock.calls.map(([key]) => key);
    written.mockRestore();
    for (const c of COUNTRIES) expect(keys.some((k) => k.startsWith(`${c}:`))).toBe(true);
    await until(async () => (await Promise.all(keys.map((k) => store.get(k)))).every((v) => v !== undefined), 'the first answer stored in Redis');
    for (const p of fed.proxies.values()) p.reset();
    expect(await page(second.url)).toEqual(first);
    for (const c of COUNTRIES) expect(fed.proxies.get(c)!.requests).toBe(0);
  });

  test('a write straight to a node is seen through both gateways', async () => {
    const target = (await page(fed.gateway.url)).find((e) => e.id.startsWith('KG:'))!;
    const token = await mintToken({ secret: DEV_JWT_SECRET, sub: 'redis-test', role: 'editor', country: 'KG' });
    const res = await fed.nodes
      .get('KG')!
      .query(
        `mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, patch: { city: "Shared" }) { version } }`,
        { id: target.id, v: target.version },
        { authorization: `Bearer ${token}` },
      );
    expect(res.errors).toBeUndefined();
    for (const url of [fed.gateway.url, second.url])
      await until(async () => (await page(url)).find((e) => e.id === target.id)?.city === 'Shared', `the write through ${url}`);
  });
});
