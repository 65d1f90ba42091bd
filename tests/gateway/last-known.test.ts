import { acceptedStaleness } from '../../gateway/context.js';
import { memoryStore } from '../../gateway/cache/store.js';
import type { DataVersion } from '../../gateway/cache/versions.js';
import { LastKnownBook } from '../../gateway/last-known/book.js';
import { lastKnownData } from '../../gateway/last-known/plugin.js';
import { LastKnownPolicies } from '../../gateway/last-known/policies.js';
import { failed, type NodeAnswer, type NodeRequest, type Transport } from '../../gateway/transport/transport.js';
import { parseLastKnownPolicy } from '../../contract/last-known.js';

// Last known data without nodes: the bounded book with a clock the test turns, the offices'
// declarations read strictly, the client's Cache-Control, and the plugin's rules over a fake node.

const request = (variables: Record<string, unknown> = {}): NodeRequest => ({
  query: '{ events { id } }',
  variables,
  operation: 'query',
  deadline: Infinity,
  headers: {},
});
const at = (version: number, writes = 0): DataVersion => ({ version, writes, tag: 't' });

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('the book is an LRU bounded by entries: the least recently used leaves first; ages come from the injected clock', async () => {
  const time = clock();
  const book = new LastKnownBook(memoryStore(1024 * 1024, 2), time.now);
  book.keep('KG', request({ n: 1 }), at(5), { data: { n: 1 } }, 60_000);
  time.advance(1000);
  book.keep('KG', request({ n: 2 }), at(5), { data: { n: 2 } }, 60_000);
  await book.find('KG', 't', request({ n: 1 })); // n=1 used: n=2 is now the least recently used
  book.keep('KG', request({ n: 3 }), at(5), { data: { n: 3 } }, 60_000);
  expect(await book.find('KG', 't', request({ n: 2 }))).toBeUndefined();
  const first = (await book.find('KG', 't', request({ n: 1 })))!;
  expect(first.response).toEqual({ data: { n: 1 } });
  time.advance(4000);
  expect(book.age(first)).toBe(5000);
  expect(book.summary('KG')).toEqual({ dataVersion: 5, asOf: new Date(1_001_000).toISOString(), ageSeconds: 4 });
});

test('the book is bounded by bytes too: entries beyond the budget push the oldest out', async () => {
  const book = new LastKnownBook(memoryStore(16 * 1024, 1000));
  const big = 'x'.repeat(400); // ~1 KB an entry as stored (2 bytes a character)
  for (let n = 0; n < 40; n += 1) book.keep('KG', request({ n }), at(1), { data: { big } }, 60_000);
  expect(await book.find('KG', 't', request({ n: 0 }))).toBeUndefined();
  expect(await book.find('KG', 't', request({ n: 39 }))).toBeDefined();
});

test('a newer answer replaces the older one of the same sub-operation; another node version tag never reads it', async () => {
  const book = new LastKnownBook(memoryStore(1024 * 1024));
  book.keep('KG', request(), at(5), { data: { v: 5 } }, 60_000);
  book.keep('KG', request(), at(6), { data: { v: 6 } }, 60_000);
  expect((await book.find('KG', 't', request()))!.version).toBe(6);
  expect(await book.find('KG', 'other-node', request())).toBeUndefined();
});

test('an office declaration is read strictly: anything unreadable is no-store, logged, and drops what is held', () => {
  expect(parseLastKnownPolicy('max-stale=86400')).toEqual({ store: true, maxStaleMs: 86_400_000 });
  expect(parseLastKnownPolicy(' No-Store ')).toEqual({ store: false, maxStaleMs: 0 });
  for (const garbage of ['max-stale=-1', 'max-stale=1e9', 'max-stale=2592001', 'max-stale=', 'max-stale=10, no-store', '{"maxStale":1}', ''])
    expect(parseLastKnownPolicy(garbage)).toBeNull();
  const dropped: string[] = [];
  const logged: string[] = [];
  const policies = new LastKnownPolicies(
    (c) => dropped.push(c),
    (m) => logged.push(m),
  );
  expect(policies.current('KG')).toEqual({ store: false, maxStaleMs: 0 }); // nothing declared yet
  policies.declare('KG', 'max-stale=60');
  expect(policies.current('KG')).toEqual({ store: true, maxStaleMs: 60_000 });
  policies.declare('KG', 'max-stale=lots');
  policies.declare('KG', 'max-stale=lots'); // the same garbage again is not logged again
  expect(policies.current('KG').store).toBe(false);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatch(/KG declared "max-stale=lots".*treated as no-store/);
  expect(dropped).toEqual(['KG']);
  policies.declare('KG', 'max-stale=60');
  policies.declare('KG', undefined); // an answer that declares nothing: no-store
  expect(policies.current('KG').store).toBe(false);
  expect(dropped).toEqual(['KG', 'KG']);
});

test("the client's Cache-Control: max-stale=N limits, max-stale=0 / no-cache / no-store refuse, nothing defers to the office", () => {
  expect(acceptedStaleness(undefined)).toBeUndefined();
  expect(acceptedStaleness('max-age=0')).toBeUndefined();
  expect(acceptedStaleness('max-stale')).toBeUndefined();
  expect(acceptedStaleness('max-stale=600')).toBe(600_000);
  expect(acceptedStaleness('max-stale="30", max-stale=600')).toBe(30_000);
  expect(acceptedStaleness('max-stale=0')).toBe(0);
  expect(acceptedStaleness('No-Cache')).toBe(0);
  expect(acceptedStaleness('no-store')).toBe(0);
  expect(acceptedStaleness('max-stale=soon')).toBe(0);
});

describe('the plugin over a fake node', () => {
  function setup(maxStale = 'max-stale=60') {
    const time = clock();
    const book = new LastKnownBook(memoryStore(1024 * 1024), time.now);
    const versions = { newest: at(5) as DataVersion | null, doubt: false };
    const policies = new LastKnownPolicies(
      (c) => book.drop(c),
      () => {},
    );
    policies.declare('KG', maxStale);
    let answer: NodeAnswer = { country: 'KG', response: { data: { events: [{ id: 'KG:1' }] } } };
    const node: Transport = { send: async () => answer };
    const served: number[] = [];
    const transport = lastKnownData({
      book,
      policies,
      versions: { newest: () => versions.newest, current: () => (versions.doubt ? null : versions.newest) },
      served: (_c, age) => served.push(age),
    })(node);
    return {
      time,
      versions,
      served,
      transport,
      fail: (kind: Parameters<typeof failed>[3]) => (answer = failed('KG', 'unreachable (ECONNREFUSED)', false, kind)),
    };
  }

  test('down after a warm-up: the part is the last known data with the COUNTRY_UNAVAILABLE error marked servedStale, within max-stale only', async () => {
    const t = setup();
    await t.transport.send('KG', request());
    t.fail('unreachable');
    t.versions.doubt = true;
    t.time.advance(30_000);
    const stale = await t.transport.send('KG', request());
    expect(stale.response!.data).toEqual({ events: [{ id: 'KG:1' }] });
    expect(stale.response!.errors![0]).toMatchObject({
      path: ['events'],
      extensions: { code: 'COUNTRY_UNAVAILABLE', country: 'KG', servedStale: true, dataVersion: 5, asOf: new Date(1_000_000).toISOString() },
    });
    expect(t.served).toEqual([30_000]);
    expect((await t.transport.send('KG', { ...request(), maxStaleMs: 10_000 })).failure).toBeDefined(); // the client's limit
    t.time.advance(30_001);
    expect((await t.transport.send('KG', request())).failure).toBeDefined(); // past the office's 60 s
  });

  test('never after a newer version, nor for a refused answer, a mutation or a reader with a token', async () => {
    const t = setup();
    await t.transport.send('KG', request());
    await t.transport.send('KG', { ...request(), headers: { Authorization: 'Bearer x' } });
    t.fail('bad-answer');
    expect((await t.transport.send('KG', request())).failure).toBeDefined();
    t.fail('timeout');
    expect((await t.transport.send('KG', { ...request(), headers: { authorization: 'Bearer x' } })).failure).toBeDefined();
    expect((await t.transport.send('KG', { ...request(), operation: 'mutation' })).failure).toBeDefined();
    expect((await t.transport.send('KG', request())).response).toBeDefined();
    t.versions.newest = at(5, 1); // a write went through this gateway since
    expect((await t.transport.send('KG', request())).failure).toBeDefined();
    t.versions.newest = at(6);
    expect((await t.transport.send('KG', request())).failure).toBeDefined();
  });

  test('an answer taken while the node is in doubt (no known version) is not kept', async () => {
    const t = setup();
    t.versions.doubt = true;
    await t.transport.send('KG', request());
    t.fail('unreachable');
    expect((await t.transport.send('KG', request())).failure).toBeDefined();
  });

  test('an office with max-stale=0 or no-store is never kept', async () => {
    for (const policy of ['max-stale=0', 'no-store']) {
      const t = setup(policy);
      await t.transport.send('KG', request());
      t.fail('unreachable');
      expect((await t.transport.send('KG', request())).failure).toBeDefined();
    }
  });
});
