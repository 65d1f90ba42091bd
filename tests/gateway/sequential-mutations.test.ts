import { parseFetch } from '../../gateway/operation.js';
import { planMutation } from '../../gateway/plan/plan.js';
import { runMutations } from '../../gateway/primitives/sequential-mutations.js';
import { readShardingSpec } from '../../gateway/sharding/spec.js';
import { fakeTransport } from './helpers.js';
import { FIXTURE_SDL } from './fixture.js';

const spec = readShardingSpec(FIXTURE_SDL).spec!;

describe('sequential mutation routing', () => {
  test('fields run one after another on their owners; each failure stays in its field with its write outcome', async () => {
    const order: string[] = [];
    const { transport, sent } = fakeTransport({
      KG: (req) => {
        order.push(`KG ${req.operation}`);
        return { data: { a: { id: 'KG:new' } } };
      },
      MN: () => 'timeout',
      AZ: () => new Error('circuit open'),
    });
    const parsed = parseFetch(`mutation {
      a: createThing(input: { region: "KG", name: "x" }) { id }
      b: deleteThing(id: "MN:x")
      c: deleteThing(id: "AZ:x")
      d: deleteThing(id: "TJ:x")
      __typename
    }`);
    const { data, errors } = await runMutations(planMutation(parsed, {}, spec), parsed, {}, transport, new Set(['KG', 'MN', 'AZ']), {
      deadline: Date.now() + 1000,
      headers: { 'idempotency-key': 'k1' },
    });
    expect(order).toEqual(['KG mutation']);
    expect(sent.map((s) => s.country)).toEqual(['KG', 'MN', 'AZ']);
    expect(sent[0].request.headers['idempotency-key']).toBe('k1');
    expect(sent[0].request.query).not.toContain('deleteThing'); // each node sees only its own field
    expect(data).toEqual({ a: { id: 'KG:new' }, b: null, c: null, d: null, __typename: 'Mutation' });
    expect(errors).toEqual([
      expect.objectContaining({ path: ['b'], extensions: expect.objectContaining({ code: 'COUNTRY_UNAVAILABLE', country: 'MN', writeOutcome: 'UNKNOWN' }) }),
      expect.objectContaining({
        path: ['c'],
        extensions: expect.objectContaining({ code: 'COUNTRY_UNAVAILABLE', country: 'AZ', writeOutcome: 'NOT_APPLIED' }),
      }),
      expect.objectContaining({ path: ['d'], extensions: { code: 'BAD_USER_INPUT', writeOutcome: 'NOT_APPLIED' } }),
    ]);
  });
});
