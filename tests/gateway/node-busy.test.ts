import { CircuitBreakers } from '../../gateway/transport/breaker.js';
import { nodeOutage } from '../../gateway/transport/node-outage.js';
import { composeTransport, type NodeRequest } from '../../gateway/transport/transport.js';
import { fakeTransport } from './helpers.js';

// A node whose database connections are all busy answers DATABASE_BUSY (issue 19, problem 4):
// its country is missing from the answer, but the node is overloaded, not broken, so its circuit
// must stay closed (an open circuit would take the country offline for everyone).

const request = (over: Partial<NodeRequest> = {}): NodeRequest => ({ query: '{ x }', operation: 'query', deadline: Date.now() + 60_000, headers: {}, ...over });
const busy = (writeOutcome?: string) => () => ({
  data: null,
  errors: [{ message: 'busy', extensions: { code: 'DATABASE_BUSY', retryable: true, ...(writeOutcome ? { writeOutcome } : {}) } }],
});

test("a busy node's country is unavailable for that answer, with a reason that says overloaded", async () => {
  const { transport } = fakeTransport({ KG: busy() });
  const answer = await composeTransport(transport, nodeOutage).send('KG', request());
  expect(answer.failure).toMatchObject({ kind: 'refused', reason: expect.stringContaining('overloaded') });
  expect(answer.failure?.reason).not.toContain('database is unavailable');
});

test('a write refused as busy was not applied, and says so', async () => {
  const { transport } = fakeTransport({ KG: busy('NOT_APPLIED') });
  const answer = await composeTransport(transport, nodeOutage).send('KG', request({ operation: 'mutation' }));
  expect(answer.failure).toMatchObject({ sent: false });
});

test('busy answers never open the circuit; database-down answers do', async () => {
  const breakers = new CircuitBreakers({ failureThreshold: 2, openMs: 60_000, maxOpenMs: 60_000 }, async () => 'down');
  let code = 'DATABASE_BUSY';
  const { transport, sent } = fakeTransport({ KG: () => ({ data: null, errors: [{ message: 'x', extensions: { code } }] }) });
  const t = composeTransport(transport, breakers.plugin, nodeOutage);
  for (let i = 0; i < 10; i++) await t.send('KG', request());
  expect(breakers.status('KG').state).toBe('closed');
  expect(sent).toHaveLength(10); // every request was still sent to the node

  code = 'DATABASE_UNAVAILABLE';
  for (let i = 0; i < 2; i++) await t.send('KG', request());
  expect(breakers.status('KG').state).toBe('open');
  breakers.stop();
});
