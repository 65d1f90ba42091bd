import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET, loadGatewayConfig } from '../platform/config.js';
import { createRateLimiter } from '../gateway/rate-limit.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { describeWithRedis, TEST_REDIS_URL } from './support/redis.js';
import { waitFor } from './support/wait.js';

// Item 5 of issue 21: two gateway replicas over the same nodes and one Redis enforce one
// per-client budget (RATE_LIMIT_REDIS_URL), where each would otherwise count alone. The client is
// a token subject of its own, so runs sharing the Redis never share a budget.

const BUDGET = 4;
const LIMITED = { RATE_LIMIT_REQUESTS: String(BUDGET), RATE_LIMIT_WINDOW_SECONDS: '5m', RATE_LIMIT_REFUSALS: '0' };

async function ask(url: string, authorization: string): Promise<{ status: number; code?: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code };
}

const bearer = async () => `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: `rate-${randomUUID()}`, role: 'reader', expiresIn: '10m' })}`;

describeWithRedis('Redis rate-limit tests')('rate-limit budgets shared in Redis by two gateways', () => {
  let fed: TestFederation;
  let second: RunningGateway;

  beforeAll(async () => {
    const env = { ...LIMITED, RATE_LIMIT_REDIS_URL: TEST_REDIS_URL };
    fed = await startFederation({ countries: ['KG'], gatewayEnv: env });
    second = await startGateway(
      loadGatewayConfig(['--port', '0'], {
        NODE_ENV: 'test',
        REGIONAL_URL: fed.regional.url,
        COUNTRY_NODES: `KG=${fed.proxies.get('KG')!.url}`,
        POLL_INTERVAL_MS: '60s',
        ...env,
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await fed?.stop();
  });

  test('a client gets one budget across both replicas, not one per replica', async () => {
    // Until a replica's Redis connection is up it counts alone (by design): a loaded machine can take a while.
    await waitFor(() => [fed.gateway, second].every((g) => g.rateLimiter!.shared()), 'both replicas connected to Redis');
    const token = await bearer();
    const answers = [];
    // Alternating replicas, as a round-robin load balancer would send them.
    for (let i = 0; i < BUDGET; i++) answers.push(await ask((i % 2 ? second : fed.gateway).url, token));
    expect(answers).toEqual(Array.from({ length: BUDGET }, () => ({ status: 200 })));
    // Each replica has seen only half the budget, yet both refuse the next request.
    expect(await ask(fed.gateway.url, token)).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(await ask(second.url, token)).toEqual({ status: 429, code: 'RATE_LIMITED' });
    // Another client still has its own whole budget.
    expect(await ask(second.url, await bearer())).toEqual({ status: 200 });
  });
});

describe('rate limit when its Redis is away', () => {
  const request = (address: string) => ({ headers: {}, socket: { remoteAddress: address } }) as unknown as http.IncomingMessage;

  test('each gateway keeps enforcing the budget in memory (the insurance limiter), not failing open or closed', async () => {
    const logged: string[] = [];
    // Nothing listens on port 1: every Redis command fails at once.
    const limiter = createRateLimiter({ requests: 2, windowSeconds: 30, refusals: 0, trustProxy: false, redisUrl: 'redis://127.0.0.1:1' }, null, (m) =>
      logged.push(m),
    );
    try {
      expect(limiter.store).toBe('redis');
      await limiter.admit(request('10.9.0.1'), {});
      await limiter.admit(request('10.9.0.1'), {});
      await expect(limiter.admit(request('10.9.0.1'), {})).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
      await limiter.admit(request('10.9.0.2'), {});
    } finally {
      await limiter.close();
    }
  });

  test('without a Redis URL the budgets are per process', () => {
    const nodes = { NODE_ENV: 'test', COUNTRY_NODES: 'MN=http://127.0.0.1:1/graphql', ...LIMITED };
    expect(loadGatewayConfig([], nodes).rateLimit).toMatchObject({ requests: BUDGET, windowSeconds: 300, redisUrl: undefined });
    // The response cache's Redis is the default: one store for what replicas share.
    expect(loadGatewayConfig([], { ...nodes, RESPONSE_CACHE_REDIS_URL: 'redis://cache:6379' }).rateLimit?.redisUrl).toBe('redis://cache:6379');
  });
});
