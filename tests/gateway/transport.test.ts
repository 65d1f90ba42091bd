import { countryTags } from '../../gateway/transport/country-tags.js';
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
});
