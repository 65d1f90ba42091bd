import { shardDeadlines } from '../../gateway/subgraphs/shard-timeouts.js';
import type { NodeRequest, Transport } from '../../gateway/transport/transport.js';

const NOW = Date.UTC(2026, 0, 1);
beforeAll(() => jest.useFakeTimers({ now: NOW }));
afterAll(() => jest.useRealTimers());

/** Records the deadline each shard was given. */
function recording(): Transport & { deadlines: Record<string, number> } {
  const deadlines: Record<string, number> = {};
  return {
    deadlines,
    async send(country, request) {
      deadlines[country] = request.deadline - NOW;
      return { country, response: { data: {} } };
    },
  };
}

const request = (operation: NodeRequest['operation'], budgetMs: number): NodeRequest => ({ query: '{ x }', operation, deadline: NOW + budgetMs, headers: {} });
const shards = [
  { key: 'MN', url: 'http://mn/graphql', timeoutMs: null },
  { key: 'VN', url: 'http://vn/graphql', timeoutMs: 6000 },
  { key: 'KG', url: 'http://kg/graphql', timeoutMs: 500 },
];

test('a shard with its own timeout gets it for reads and writes; the others the gateway-wide caps', async () => {
  const base = recording();
  const transport = shardDeadlines(shards, { readTimeoutMs: 3000, writeTimeoutMs: 10_000 })(base);
  for (const c of ['MN', 'VN', 'KG']) await transport.send(c, request('query', 30_000));
  expect(base.deadlines).toEqual({ MN: 3000, VN: 6000, KG: 500 });
  for (const c of ['MN', 'VN', 'KG']) await transport.send(c, request('mutation', 30_000));
  expect(base.deadlines).toEqual({ MN: 10_000, VN: 6000, KG: 500 });
});

test("never beyond the whole request's deadline", async () => {
  const base = recording();
  const transport = shardDeadlines(shards, { readTimeoutMs: 3000, writeTimeoutMs: 10_000 })(base);
  for (const c of ['MN', 'VN', 'KG']) await transport.send(c, request('query', 1000));
  expect(base.deadlines).toEqual({ MN: 1000, VN: 1000, KG: 500 });
});
