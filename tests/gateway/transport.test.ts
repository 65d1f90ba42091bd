import { memoryStore } from '../../gateway/cache/store.js';
import { readShardingSpec } from '../../gateway/sharding/spec.js';
import { CircuitBreakers } from '../../gateway/transport/breaker.js';
import { responseCache } from '../../gateway/transport/cache.js';
import { countryTags } from '../../gateway/transport/country-tags.js';
import { nodeOutage } from '../../gateway/transport/node-outage.js';
import { answerValidation } from '../../gateway/transport/validation.js';
import { FIXTURE_SDL } from './fixture.js';
import { nodeDeadline } from '../../gateway/transport/deadline.js';
import { registryGate } from '../../gateway/transport/registry-gate.js';
import { composeTransport, type NodeRequest } from '../../gateway/transport/transport.js';
import { fakeTransport } from './helpers.js';

const request = (over: Partial<NodeRequest> = {}): NodeRequest => ({ query: '{ x }', operation: 'query', deadline: Date.now() + 60_000, headers: {}, ...over });

describe('transport plugins', () => {
  test('every error a node returns is tagged with its country', async () => {
    const { transport } = fakeTransport({ KG: () => ({ data: null, errors: [{ message: 'nope', extensions: { code: 'FORBIDDEN' } }] }) });
    const answer = await composeTransport(transport, countryTags).send('KG', request());
    expect(answer.response?.errors).toEqual([{ message: 'nope', extensions: { code: 'FORBIDDEN', country: 'KG' } }]);
  });

  test('reads and writes get their own per-node cap, never beyond the request deadline', async () => {
    const { transport, sent } = fakeTransport({ KG: () => ({ data: {} }) });
    const t = composeTransport(transport, nodeDeadline({ readTimeoutMs: 100, writeTimeoutMs: 5000 }));
    const before = Date.now();
    await t.send('KG', request());
    await t.send('KG', request({ operation: 'mutation' }));
    await t.send('KG', request({ operation: 'mutation', deadline: before + 50 }));
    expect(sent[0].request.deadline - before).toBeLessThanOrEqual(150);
    expect(sent[1].request.deadline - before).toBeGreaterThanOrEqual(4900);
    expect(sent[2].request.deadline).toBe(before + 50);
  });

  test('nodes the registry leaves out are not asked; outcomes are reported to it', async () => {
    const book = { reasons: new Map([['AZ', 'serves another schema']]), ok: [] as string[], failed: [] as string[] };
    const gate = registryGate({
      unusableReason: (c) => book.reasons.get(c) ?? null,
      reportSuccess: (c) => book.ok.push(c),
      reportFailure: (c) => book.failed.push(c),
    });
    const { transport, sent } = fakeTransport({ KG: () => ({ data: {} }), MN: () => new Error('refused') });
    const t = composeTransport(transport, gate);
    expect(await t.send('AZ', request())).toEqual({ country: 'AZ', failure: { reason: 'serves another schema', sent: false, kind: 'refused' } });
    await t.send('KG', request());
    await t.send('MN', request());
    expect(sent.map((s) => s.country)).toEqual(['KG', 'MN']);
    expect(book).toMatchObject({ ok: ['KG'], failed: ['MN'] });
  });

  test("an answer that fails validation is its country's COUNTRY_BAD_RESPONSE: counted by the breaker, never cached, never read by later plugins", async () => {
    const spec = readShardingSpec(FIXTURE_SDL).spec!;
    const stored: string[] = [];
    const store = { ...memoryStore(1 << 20), set: (_key: string, value: string) => void stored.push(value) };
    const doubts: string[] = [];
    const cache = responseCache(store, { stamp: () => '1', wrote: () => {}, doubt: (c) => doubts.push(c) });
    const breakers = new CircuitBreakers({ failureThreshold: 2, openMs: 60_000, maxOpenMs: 60_000 }, async () => 'still sick');
    const refused: string[] = [];
    const answers: unknown[] = [
      { errors: 'boom' }, // once reached errors.find in nodeOutage
      { data: { thing: { id: 'KG:forged' } } },
      { data: { thing: { id: 'MN:fine' } } },
    ];
    const { transport, sent } = fakeTransport({ MN: () => answers.shift() as never });
    const t = composeTransport(
      transport,
      breakers.plugin,
      cache,
      nodeOutage,
      answerValidation(
        () => spec,
        new Map(),
        (c, reason) => refused.push(`${c}: ${reason}`),
      ),
    );
    const query = '{ thing(id: "MN:fine") { id } }';
    try {
      const first = await t.send('MN', request({ query }));
      expect(first.failure).toEqual({ reason: expect.stringMatching(/errors are a string/), sent: true, kind: 'bad-answer', code: 'COUNTRY_BAD_RESPONSE' });
      const second = await t.send('MN', request({ query }));
      expect(second.failure?.reason).toBe('thing.id "KG:forged" belongs to KG, not to MN');
      expect(refused).toHaveLength(2);
      expect(doubts).toEqual(['MN', 'MN']); // the node may have changed unseen: its cached answers are dropped
      expect(breakers.status('MN').state).toBe('open'); // two bad answers in a row, as two timeouts would
      expect(await t.send('MN', request({ query }))).toMatchObject({ failure: { kind: 'refused' } });
      expect(sent).toHaveLength(2);
      expect(stored).toEqual([]);
    } finally {
      breakers.stop();
    }
  });

  test('a valid answer passes unchanged and is cached', async () => {
    const spec = readShardingSpec(FIXTURE_SDL).spec!;
    const store = memoryStore(1 << 20);
    const stored: string[] = [];
    const spy = { ...store, set: (key: string, value: string) => (stored.push(value), store.set(key, value)) };
    const { transport } = fakeTransport({ MN: () => ({ data: { thing: { id: 'MN:fine' } } }) });
    const t = composeTransport(
      transport,
      responseCache(spy, { stamp: () => '1', wrote: () => {}, doubt: () => {} }),
      answerValidation(() => spec, new Map()),
    );
    expect(await t.send('MN', request({ query: '{ thing(id: "MN:fine") { id } }' }))).toEqual({
      country: 'MN',
      response: { data: { thing: { id: 'MN:fine' } } },
    });
    expect(stored).toEqual([JSON.stringify({ data: { thing: { id: 'MN:fine' } } })]);
  });
});
