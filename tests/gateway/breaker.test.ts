import { CircuitBreakers } from '../../gateway/transport/breaker.js';
import { nodeOutage } from '../../gateway/transport/node-outage.js';
import { composeTransport, type NodeRequest } from '../../gateway/transport/transport.js';
import { fakeTransport } from './helpers.js';

const request = (over: Partial<NodeRequest> = {}): NodeRequest => ({ query: '{ x }', operation: 'query', deadline: Date.now() + 60_000, headers: {}, ...over });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('circuit breaker per node', () => {
  let healthy = false;
  let probes = 0;
  let down = true;
  const changes: string[] = [];
  const breakers = new CircuitBreakers(
    { failureThreshold: 3, openMs: 30, maxOpenMs: 120 },
    async () => {
      probes += 1;
      return healthy ? null : 'health answered HTTP 503';
    },
    (country, status) => changes.push(`${country} ${status.state}`),
  );
  const { transport, sent } = fakeTransport({ KG: () => (down ? 'timeout' : { data: { x: 1 } }), MN: () => ({ data: { x: 1 } }) });
  const t = composeTransport(transport, breakers.plugin);
  afterAll(() => breakers.stop());

  test('opens after consecutive failures; then fails at once without asking the node', async () => {
    for (let i = 0; i < 3; i++) expect((await t.send('KG', request())).failure?.kind).toBe('timeout');
    expect(breakers.status('KG')).toMatchObject({ state: 'open', reason: expect.stringContaining('3 consecutive failures') });
    const before = sent.length;
    const refused = await t.send('KG', request());
    expect(refused.failure).toMatchObject({ kind: 'refused', sent: false, reason: expect.stringMatching(/^circuit open/) });
    expect(sent.length).toBe(before);
    expect(breakers.status('MN').state).toBe('closed'); // one circuit per node
  });

  test('probes the node itself, backing off while it stays down; closes when the probe succeeds', async () => {
    await sleep(45);
    expect(probes).toBeGreaterThanOrEqual(1);
    expect(breakers.status('KG').state).toBe('open');
    expect(breakers.status('KG').reason).toContain('health probe failed');
    healthy = true;
    down = false;
    await sleep(150); // the next probe comes after twice the first wait
    expect(breakers.status('KG').state).toBe('closed');
    expect((await t.send('KG', request())).response).toEqual({ data: { x: 1 } });
    expect(changes).toEqual(expect.arrayContaining(['KG open', 'KG half-open', 'KG closed']));
  });

  test('a failed health poll opens the circuit at once; a good one closes it', async () => {
    breakers.pollFailed('MN', 'database unavailable');
    expect(breakers.status('MN')).toMatchObject({ state: 'open', reason: 'health check failed: database unavailable' });
    breakers.pollSucceeded('MN');
    expect(breakers.status('MN').state).toBe('closed');
  });

  test('a spent client budget or a refusal does not count against the node', async () => {
    const gate = new CircuitBreakers({ failureThreshold: 1, openMs: 1000, maxOpenMs: 1000 }, async () => null);
    const t2 = composeTransport({ send: async (country) => ({ country, failure: { reason: 'no time left', sent: false, kind: 'no-time' } }) }, gate.plugin);
    await t2.send('AZ', request());
    expect(gate.status('AZ').state).toBe('closed');
    gate.stop();
  });
});

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
