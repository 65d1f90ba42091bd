import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { memoryStore } from '../../gateway/cache/store.js';
import { VersionBook } from '../../gateway/cache/versions.js';
import { responseCache, type CacheOutcome } from '../../gateway/transport/cache.js';
import { runInScope, type RequestScope } from '../../platform/observability/request-scope.js';
import { composeTransport, type NodeRequest } from '../../gateway/transport/transport.js';
import { fakeTransport } from './helpers.js';
import { waitFor } from '../support/wait.js';

const read = (over: Partial<NodeRequest> = {}): NodeRequest => ({
  query: 'query($n: Int) { events(first: $n) { id } }',
  variables: { n: 2 },
  operation: 'query',
  deadline: Date.now() + 60_000,
  headers: {},
  ...over,
});

/** A fake KG node whose answer is its current `rows`; the cache in front of it; versions set by hand. */
function setup(cacheable?: (country: string) => boolean) {
  let rows = ['KG:1', 'KG:2'];
  let fail: 'timeout' | 'errors' | null = null;
  const { transport, sent } = fakeTransport({
    KG: (request) => {
      if (fail === 'timeout') return 'timeout';
      if (fail === 'errors') return { data: null, errors: [{ message: 'boom' }] };
      return request.operation === 'mutation' ? { data: { ok: true } } : { data: { events: rows.map((id) => ({ id })) } };
    },
  });
  const dropped: string[] = [];
  const memory = memoryStore(1024 * 1024);
  const stored: string[] = [];
  const store = { ...memory, set: (key: string, value: string) => (stored.push(key), memory.set(key, value)) };
  const versions = new VersionBook({ silenceMs: 1000, retryMs: 10, maxRetryMs: 10, maxEventBytes: 4096 }, (country) => {
    dropped.push(country);
    store.dropCountry(country);
  });
  const outcomes: CacheOutcome[] = [];
  const t = composeTransport(
    transport,
    responseCache(store, versions, (_c, outcome) => outcomes.push(outcome), cacheable),
  );
  return {
    t,
    sent,
    versions,
    dropped,
    outcomes,
    stored,
    setRows: (next: string[]) => (rows = next),
    setFail: (mode: typeof fail) => (fail = mode),
    ids: async (request = read()) => ((await t.send('KG', request)).response?.data?.events as Array<{ id: string }>).map((e) => e.id),
  };
}

describe('exact response cache (fake node)', () => {
  test('a repeated read at the same data version is a hit: the node is asked once', async () => {
    const s = setup();
    s.versions.announced('KG', 7);
    expect(await s.ids()).toEqual(['KG:1', 'KG:2']);
    expect(await s.ids()).toEqual(['KG:1', 'KG:2']);
    expect(s.sent).toHaveLength(1);
    expect(s.outcomes).toEqual(['miss', 'hit']);
    const scope = { countries: new Set(), unavailable: new Set() } as unknown as RequestScope;
    await runInScope(scope, () => s.ids());
    expect(scope.cached).toEqual(new Set(['KG'])); // the access line says what the cache answered
  });

  test('a shard whose cache is disabled (gateway.yaml cache: { enabled: false }) is never served from cache nor stored', async () => {
    const s = setup((country) => country !== 'KG');
    s.versions.announced('KG', 7);
    expect(await s.ids()).toEqual(['KG:1', 'KG:2']);
    s.setRows(['KG:3']); // unseen by the version stream: only asking the node shows it
    expect(await s.ids()).toEqual(['KG:3']);
    expect(s.sent).toHaveLength(2);
    expect(s.outcomes).toEqual(['bypass', 'bypass']);
    expect(s.stored).toEqual([]);
  });

  test('other variables or another sub-operation are a miss', async () => {
    const s = setup();
    s.versions.announced('KG', 1);
    await s.ids();
    await s.ids(read({ variables: { n: 3 } }));
    await s.ids(read({ query: 'query($n: Int) { events(first: $n) { id title } }' }));
    expect(s.sent).toHaveLength(3);
    expect(s.outcomes).toEqual(['miss', 'miss', 'miss']);
  });

  test('a new data version invalidates: the next read asks the node and sees the change', async () => {
    const s = setup();
    s.versions.announced('KG', 1);
    await s.ids();
    s.setRows(['KG:9']);
    expect(await s.ids()).toEqual(['KG:1', 'KG:2']); // not announced yet: still version 1
    s.versions.announced('KG', 2);
    expect(await s.ids()).toEqual(['KG:9']);
    expect(s.sent).toHaveLength(2);
  });

  test('a write through this gateway is read back at once, before its version is announced', async () => {
    const s = setup();
    s.versions.announced('KG', 1);
    await s.ids();
    s.setRows(['KG:new']);
    await s.t.send('KG', read({ query: 'mutation { x }', operation: 'mutation', headers: { authorization: 'Bearer t' } }));
    expect(await s.ids()).toEqual(['KG:new']);
  });

  test('no version known yet, or a lost stream: bypass, and the node’s entries are dropped', async () => {
    const s = setup();
    await s.ids();
    await s.ids();
    expect(s.outcomes).toEqual(['bypass', 'bypass']);
    s.versions.announced('KG', 1);
    await s.ids();
    s.versions.doubt('KG', 'stream lost');
    expect(s.dropped).toEqual(['KG']);
    expect(s.versions.stamp('KG')).toBeNull();
    await s.ids();
    s.versions.announced('KG', 1); // the stream is back, same version
    s.setRows(['KG:3']);
    expect(await s.ids()).toEqual(['KG:3']); // the entry from before the doubt was dropped
    expect(s.outcomes).toEqual(['bypass', 'bypass', 'miss', 'bypass', 'miss']);
  });

  test('a node that fails (timeout) is put in doubt', async () => {
    const s = setup();
    s.versions.announced('KG', 1);
    s.setFail('timeout');
    expect((await s.t.send('KG', read())).failure?.kind).toBe('timeout');
    expect(s.versions.stamp('KG')).toBeNull();
    expect(s.dropped).toEqual(['KG']);
  });

  test('never cached: reads with an Authorization header, mutations, answers with errors', async () => {
    const s = setup();
    s.versions.announced('KG', 1);
    const withAuth = read({ headers: { Authorization: 'Bearer x' } });
    await s.ids(withAuth);
    await s.ids(withAuth);
    await s.t.send('KG', read({ query: 'mutation { x }', operation: 'mutation' }));
    await s.t.send('KG', read({ query: 'mutation { x }', operation: 'mutation' }));
    s.setFail('errors');
    await s.t.send('KG', read());
    s.setFail(null);
    expect(await s.ids()).toEqual(['KG:1', 'KG:2']);
    expect(s.sent).toHaveLength(6);
    expect(s.outcomes).toEqual(['bypass', 'bypass', 'bypass', 'bypass', 'miss', 'miss']);
  });

  test('an answer that raced a newer version is not stored (its stamp is taken before sending)', async () => {
    const s = setup();
    s.versions.announced('KG', 1);
    const slow = s.ids();
    s.versions.announced('KG', 2); // announced while the read was out
    await slow;
    expect(s.stored).toEqual([]);
    await s.ids();
    expect(s.stored).toHaveLength(1);
    expect(s.stored[0]).toMatch(/^KG:2\.0:/);
  });

  test('hits are copies: changing one answer does not change the next', async () => {
    const s = setup();
    s.versions.announced('KG', 1);
    await s.ids();
    const hit = await s.t.send('KG', read());
    (hit.response!.data!.events as unknown[]).length = 0;
    expect(await s.ids()).toEqual(['KG:1', 'KG:2']);
  });

  test('the memory store is bounded: old entries are evicted past its byte limit', async () => {
    const store = memoryStore(2000);
    for (let i = 0; i < 50; i++) store.set(`KG:1.0:${i}`, 'x'.repeat(100));
    expect(await store.get('KG:1.0:0')).toBeUndefined();
    expect(await store.get('KG:1.0:49')).toBe('x'.repeat(100));
    store.set('KG:1.0:big', 'x'.repeat(200)); // over an eighth of the cache: not kept, nothing evicted for it
    expect(await store.get('KG:1.0:big')).toBeUndefined();
    expect(await store.get('KG:1.0:49')).toBe('x'.repeat(100));
  });
});

describe('version stream (SSE) as the gateway follows it', () => {
  test('versions arrive without a request; an ended stream drops the entries, reconnecting brings them back', async () => {
    const clients = new Set<http.ServerResponse>();
    let version = 4;
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`event: version\ndata: ${version}\n\n`);
      clients.add(res);
      res.on('close', () => clients.delete(res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const dropped: string[] = [];
    const book = new VersionBook({ silenceMs: 5000, retryMs: 20, maxRetryMs: 20, maxEventBytes: 4096 }, (c, reason) => dropped.push(`${c}: ${reason}`));
    const until = (check: () => boolean) => waitFor(check, check.toString(), 60_000, 10);
    try {
      book.follow('KG', url);
      await until(() => book.version('KG') === 4);
      version = 5;
      for (const c of clients) c.write('event: version\ndata: 5\n\n');
      await until(() => book.version('KG') === 5);
      for (const c of clients) c.end();
      await until(() => dropped.length === 1);
      expect(dropped[0]).toContain('version stream lost: stream ended');
      await until(() => book.version('KG') === 5); // reconnected
    } finally {
      book.stop();
      server.closeAllConnections();
      server.close();
    }
  });

  test('a silent stream (hung node) counts as lost', async () => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: version\ndata: 1\n\n'); // then nothing, not even heartbeats
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dropped: string[] = [];
    const book = new VersionBook({ silenceMs: 100, retryMs: 5000, maxRetryMs: 5000, maxEventBytes: 4096 }, (c, reason) => dropped.push(reason));
    try {
      book.follow('KG', `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
      await waitFor(() => dropped.length > 0, 'the silent stream dropped', 60_000, 10);
      expect(dropped).toEqual(['version stream lost: no event for 100 ms']);
      expect(book.stamp('KG')).toBeNull();
    } finally {
      book.stop();
      server.closeAllConnections();
      server.close();
    }
  });

  test('a stream that never ends its event is dropped at the event limit, not buffered', async () => {
    let written = 0;
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: version\ndata: 1\n\n');
      // Then an "event" without the blank line that ends it, 1 KiB at a time, until the reader hangs up.
      const timer = setInterval(() => {
        written += 1024;
        res.write(`data: ${'x'.repeat(1018)}\n`);
      }, 1);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dropped: string[] = [];
    const book = new VersionBook({ silenceMs: 5000, retryMs: 5000, maxRetryMs: 5000, maxEventBytes: 4096 }, (c, reason) => dropped.push(reason));
    try {
      book.follow('KG', `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
      await waitFor(() => dropped.length > 0, 'the endless event dropped', 60_000, 10);
      expect(dropped).toEqual(['version stream lost: an event longer than 4096 bytes']);
      expect(book.stamp('KG')).toBeNull(); // in doubt: the cache bypasses KG until a stream works again
      expect(written).toBeLessThan(1024 * 1024); // the server was hung up on long before a megabyte
    } finally {
      book.stop();
      server.closeAllConnections();
      server.close();
    }
  });
});
