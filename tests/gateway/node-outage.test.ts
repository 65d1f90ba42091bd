import { nodeOutage } from '../../gateway/transport/node-outage.js';
import { composeTransport, type NodeRequest } from '../../gateway/transport/transport.js';
import { fakeTransport } from './helpers.js';

// Moved from breaker.test.ts as it was: node-outage.ts is its own plugin.

const request = (over: Partial<NodeRequest> = {}): NodeRequest => ({ query: '{ x }', operation: 'query', deadline: Date.now() + 60_000, headers: {}, ...over });

describe('node outage', () => {
  const answer =
    (errors: object[], data: object | null = { x: null }) =>
    () =>
      ({ data, errors }) as never;

  test('a node whose database is down answers for no one: its country fails, with the write outcome it gave', async () => {
    const { transport } = fakeTransport({ KG: answer([{ message: 'db', extensions: { code: 'DATABASE_UNAVAILABLE', writeOutcome: 'NOT_APPLIED' } }]) });
    const t = composeTransport(transport, nodeOutage);
    expect((await t.send('KG', request({ operation: 'mutation' }))).failure).toMatchObject({ kind: 'outage', sent: false });
  });

  test('a query stopped at the deadline is a timeout; a write stopped at its deadline is its own answer', async () => {
    const { transport } = fakeTransport({ KG: answer([{ message: 'late', extensions: { code: 'DEADLINE_EXCEEDED', writeOutcome: 'NOT_APPLIED' } }]) });
    const t = composeTransport(transport, nodeOutage);
    expect((await t.send('KG', request())).failure?.kind).toBe('timeout');
    expect((await t.send('KG', request({ operation: 'mutation' }))).response?.errors?.[0].extensions?.code).toBe('DEADLINE_EXCEEDED');
  });

  test('client errors and partial internal errors pass through', async () => {
    const { transport } = fakeTransport({
      KG: answer([{ message: 'bad', extensions: { code: 'BAD_USER_INPUT' } }], null),
      MN: answer([{ message: 'oops', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], { x: 1 }),
      AZ: answer([{ message: 'oops', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], null),
    });
    const t = composeTransport(transport, nodeOutage);
    expect((await t.send('KG', request())).response).toBeDefined();
    expect((await t.send('MN', request())).response).toBeDefined();
    expect((await t.send('AZ', request())).failure?.kind).toBe('bad-answer');
  });
});
