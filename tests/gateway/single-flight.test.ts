import { Registry } from 'prom-client';
import { coalesceReads, SingleFlight } from '../../gateway/primitives/single-flight.js';
import type { NodeAnswer, NodeRequest, Transport } from '../../gateway/transport/transport.js';

/** A node that answers only when told to, counting what reaches it. */
function heldNode() {
  const waiting: Array<{ country: string; request: NodeRequest; answer: (a: NodeAnswer) => void }> = [];
  const transport: Transport = {
    send: (country, request) => new Promise((answer) => waiting.push({ country, request, answer })),
  };
  const answerAll = () => {
    for (const w of waiting.splice(0)) w.answer({ country: w.country, response: { data: { events: { nodes: [{ id: `${w.country}:EVT:1` }] } } } });
  };
  return { transport, waiting, answerAll };
}

const read = (over: Partial<NodeRequest> = {}): NodeRequest => ({
  query: '{ events(first: 5) { nodes { id } } }',
  variables: { first: 5 },
  operation: 'query',
  deadline: Date.now() + 3000,
  headers: { 'x-request-id': `r-${Math.random()}` },
  ...over,
});

test('8 identical concurrent reads reach the node once; each caller gets an equal answer of its own', async () => {
  const node = heldNode();
  const registry = new Registry();
  const coalesced = coalesceReads(registry)(node.transport);
  const answers = Promise.all(Array.from({ length: 8 }, () => coalesced.send('KG', read())));
  expect(node.waiting).toHaveLength(1);
  node.answerAll();
  const got = await answers;
  expect(new Set(got.map((a) => JSON.stringify(a))).size).toBe(1);
  expect(got[0].response?.data).toEqual({ events: { nodes: [{ id: 'KG:EVT:1' }] } });
  // Copies: one caller changing its answer (a merge, an error path) changes no other's.
  expect(new Set(got.map((a) => a.response)).size).toBe(8);
  expect(await registry.getSingleMetricAsString('ilo_gateway_node_requests_joined_total')).toMatch(/country="KG"} 7/);
  // Nothing is kept once answered: the next read is sent again.
  const again = coalesced.send('KG', read());
  expect(node.waiting).toHaveLength(1);
  node.answerAll();
  expect((await again).response?.data).toBeTruthy();
});

test('reads that differ in country, variables, query or credentials, and every mutation, are each sent', async () => {
  const node = heldNode();
  const coalesced = coalesceReads()(node.transport);
  const sent = [
    coalesced.send('KG', read()),
    coalesced.send('MN', read()),
    coalesced.send('KG', read({ variables: { first: 6 } })),
    coalesced.send('KG', read({ query: '{ events(first: 5) { totalCount } }' })),
    coalesced.send('KG', read({ headers: { authorization: 'Bearer a' } })),
    coalesced.send('KG', read({ headers: { authorization: 'Bearer b' } })),
    coalesced.send('KG', read({ operation: 'mutation', query: 'mutation { deleteEvent(id: "KG:EVT:1", expectedVersion: 1) }' })),
    coalesced.send('KG', read({ operation: 'mutation', query: 'mutation { deleteEvent(id: "KG:EVT:1", expectedVersion: 1) }' })),
  ];
  expect(node.waiting).toHaveLength(8);
  node.answerAll();
  await Promise.all(sent);
});

test('a read joins only a request that gives up no later than it would; one that gave up sooner is followed by its own try', async () => {
  const flights = new SingleFlight<string>();
  let runs = 0;
  const release: Array<() => void> = [];
  const fn = () => {
    const n = ++runs;
    return new Promise<string>((resolve) => release.push(() => resolve(`run ${n}`)));
  };
  const now = Date.now();
  const first = flights.run('k', now + 1000, fn);
  const later = flights.run('k', now + 1040, fn);
  const sooner = flights.run('k', now + 500, fn);
  expect(runs).toBe(2);
  release.forEach((r) => r());
  expect(await first).toEqual({ value: 'run 1', shared: true, joined: false });
  expect(await later).toEqual({ value: 'run 1', shared: true, joined: true });
  expect(await sooner).toEqual({ value: 'run 2', shared: false, joined: false });
  expect(flights.size).toBe(0);

  // Through the plugin: the first request timed out, the joiner still has time and asks itself.
  const asked: number[] = [];
  const timingOut: Transport = {
    send: async (country, request) => {
      asked.push(request.deadline);
      return asked.length === 1
        ? { country, failure: { reason: 'no answer within 10 ms', sent: true, kind: 'timeout' } }
        : { country, response: { data: { ok: true } } };
    },
  };
  const coalesced = coalesceReads()(timingOut);
  const [a, b] = await Promise.all([coalesced.send('KG', read({ deadline: Date.now() + 10 })), coalesced.send('KG', read({ deadline: Date.now() + 5000 }))]);
  expect(a.failure?.kind).toBe('timeout');
  expect(b.response?.data).toEqual({ ok: true });
  expect(asked).toHaveLength(2);
});
