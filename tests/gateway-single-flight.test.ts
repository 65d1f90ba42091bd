import pg from 'pg';
import { startFederation, type TestFederation } from './support/federation.js';

// Identical concurrent cache misses cost each node what one costs (issue 26): real nodes, real
// PostgreSQL, real HTTP; the nodes are held on a table lock so that the eight client requests
// are certainly in flight together, and the answers are the same as one client's alone.

let fed: TestFederation;
const COUNTRIES = ['MN', 'KG', 'AZ', 'VN'];
const PAGE = `query Page($first: Int!, $filter: EventFilter) {
  events(first: $first, filter: $filter) { totalCount edges { cursor node { id title { original } startDate type } } pageInfo { hasNextPage endCursor } }
}`;
const VARIABLES = { first: 10, filter: { from: '2000-01-01' } };

beforeAll(async () => {
  fed = await startFederation({ countries: COUNTRIES, gatewayEnv: { RESPONSE_CACHE: 'off' } });
});
afterAll(async () => {
  await fed?.stop();
});

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not seen within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const joined = async (country: string) => {
  const metrics = await (await fetch(fed.gateway.url.replace(/graphql$/, 'metrics'))).text();
  return Number(new RegExp(`ilo_gateway_node_requests_joined_total\\{country="${country}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
};

test('8 identical concurrent misses: each node is asked as often as for one client, and every client gets the one answer', async () => {
  for (const p of fed.proxies.values()) p.reset();
  const alone = await fed.query(PAGE, VARIABLES);
  expect(alone.errors).toBeUndefined();
  expect(alone.data.events.edges.length).toBe(10);
  const perNode = new Map(COUNTRIES.map((c) => [c, fed.proxies.get(c)!.requests]));
  for (const p of fed.proxies.values()) p.reset();
  const before = new Map(await Promise.all(COUNTRIES.map(async (c) => [c, await joined(c)] as const)));

  const lockers = await Promise.all(
    COUNTRIES.map(async (c) => {
      const client = new pg.Client({ connectionString: fed.nodes.get(c)!.database.url });
      await client.connect();
      await client.query('BEGIN');
      await client.query('LOCK TABLE event IN ACCESS EXCLUSIVE MODE');
      return client;
    }),
  );
  let answers: Array<{ data?: any; errors?: any[] }>;
  try {
    const pending = Promise.all(Array.from({ length: 8 }, () => fed.query(PAGE, VARIABLES)));
    // Every client's request has reached the transport: one sent per node, seven joined it.
    await until(
      async () => (await Promise.all(COUNTRIES.map(async (c) => (await joined(c)) - before.get(c)!))).every((n) => n >= 7),
      'seven joined reads per node',
    );
    for (const locker of lockers) await locker.query('ROLLBACK');
    answers = await pending;
  } finally {
    await Promise.all(lockers.map((l) => l.end()));
  }
  for (const answer of answers) expect(answer).toEqual(alone);
  for (const c of COUNTRIES) expect(fed.proxies.get(c)!.requests).toBe(perNode.get(c));
});
