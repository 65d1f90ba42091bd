import { redisStore } from '../../gateway/cache/redis-store.js';
import { VersionBook } from '../../gateway/cache/versions.js';
import { responseCache, type CacheOutcome } from '../../gateway/transport/cache.js';
import { composeTransport, type NodeRequest } from '../../gateway/transport/transport.js';
import { describeWithRedis, TEST_REDIS_URL } from '../support/redis.js';
import { fakeTransport } from './helpers.js';
import { waitFor } from '../support/wait.js';

// The cache in Redis, shared by gateway processes. Needs a Redis server: TEST_REDIS_URL, else
// redis://127.0.0.1:6379. Without one these tests are skipped (one line says so); the store's
// behaviour with Redis unreachable is tested always.

const REDIS_URL = TEST_REDIS_URL;
const withRedis = describeWithRedis();

const read = (): NodeRequest => ({ query: '{ events { id } }', operation: 'query', deadline: Date.now() + 60_000, headers: {} });
const country = `Z${process.pid}`; // a country no other run uses: keys of parallel runs never meet

withRedis('response cache in Redis', () => {
  let a: ReturnType<typeof redisStore>;
  let b: ReturnType<typeof redisStore>;
  beforeAll(async () => {
    // Commands are not queued before the connection is ready (a gateway answers without Redis meanwhile).
    [a, b] = [redisStore(REDIS_URL, 60), redisStore(REDIS_URL, 60)];
    await Promise.all([a, b].map((s) => (s.redis.status === 'ready' ? null : new Promise((r) => s.redis.once('ready', r)))));
  });
  afterAll(async () => {
    a.dropCountry(country);
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all([a.close(), b.close()]);
  });

  test('two gateways share entries: what one fetched, the other serves without asking the node', async () => {
    const gateway = (store: typeof a) => {
      const { transport, sent } = fakeTransport({ [country]: () => ({ data: { events: [{ id: 'x' }] } }) });
      const versions = new VersionBook({ silenceMs: 1000, retryMs: 10, maxRetryMs: 10, maxEventBytes: 4096 }, () => {});
      versions.announced(country, 3);
      const outcomes: CacheOutcome[] = [];
      return {
        t: composeTransport(
          transport,
          responseCache(store, versions, (_c, o) => outcomes.push(o)),
        ),
        sent,
        outcomes,
      };
    };
    const one = gateway(a);
    const two = gateway(b);
    await one.t.send(country, read());
    // The store's write is not awaited by the request: wait until it is in Redis.
    await waitFor(async () => (await b.redis.keys(`ilo:response:${country}:*`)).length > 0, "the first gateway's entry in Redis");
    const answer = await two.t.send(country, read());
    expect(answer.response?.data).toEqual({ events: [{ id: 'x' }] });
    expect(one.outcomes).toEqual(['miss']);
    expect(two.outcomes).toEqual(['hit']);
    expect(two.sent).toHaveLength(0);
  });

  test('entries expire (TTL set) and dropCountry removes only that country’s entries', async () => {
    a.set(`${country}:1.0:k`, 'v');
    a.set(`Y${process.pid}:1.0:k`, 'w');
    await waitFor(async () => (await b.get(`Y${process.pid}:1.0:k`)) === 'w' && (await b.get(`${country}:1.0:k`)) === 'v', 'both entries in Redis');
    expect(await a.redis.ttl(`ilo:response:${country}:1.0:k`)).toBeGreaterThan(0);
    a.dropCountry(country);
    await waitFor(async () => (await b.get(`${country}:1.0:k`)) === undefined, 'the dropped country gone');
    expect(await b.get(`Y${process.pid}:1.0:k`)).toBe('w');
    a.dropCountry(`Y${process.pid}`);
  });
});

test('Redis unreachable: lookups are misses at once, writes are dropped, requests never wait or fail', async () => {
  const store = redisStore('redis://127.0.0.1:1', 60); // nothing listens on port 1
  try {
    const started = Date.now();
    expect(await store.get('KG:1.0:k')).toBeUndefined();
    store.set('KG:1.0:k', 'v');
    store.dropCountry('KG');
    expect(await store.get('KG:1.0:k')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000); // generous: it fails without queueing, not after a timeout
  } finally {
    await store.close();
  }
});
