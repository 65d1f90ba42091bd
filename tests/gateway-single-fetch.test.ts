import { loadGatewayConfig } from '../platform/config.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { startFederation, type TestFederation } from './support/federation.js';

/**
 * The single-fetch path (gateway/single-fetch.ts) against @apollo/gateway's executor: two
 * gateways over the same nodes, one with SINGLE_FETCH_PATH on (A) and one with it off (B), asked
 * the same requests in the same order; every answer must be the same bytes with the same status.
 * A learns a plan on an operation's first request and answers the second itself, so each request
 * is sent twice to both and `served` tells which of A's answers were its own.
 */
let fed: TestFederation;
let plain: RunningGateway;
// Breakers stay closed for the stopped node: both gateways must answer its absence the same way on every request.
const env = { NODE_ENV: 'test', NODE_TIMEOUT_MS: '8000', POLL_INTERVAL_MS: '60000', BREAKER_FAILURES: '1000', BREAKER_MIN_SAMPLES: '1000' };

beforeAll(async () => {
  fed = await startFederation({ generate: { events: 12, programmes: 3, organisations: 4 }, gatewayEnv: env });
  // In startFederation's order: the order of COUNTRY_NODES is the order of errors and countries in answers.
  const countryNodes = ['MN', 'KG', 'AZ', 'VN'].map((c) => `${c}=${fed.proxies.get(c)!.url}`).join(',');
  plain = await startGateway(
    loadGatewayConfig(['--port', '0'], { ...env, REGIONAL_URL: fed.regional.url, COUNTRY_NODES: countryNodes, SINGLE_FETCH_PATH: 'false' }),
  );
}, 180000);
afterAll(async () => {
  await plain?.close();
  await fed?.stop();
});

interface Case {
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Status and body, as sent but for the stack traces of errors (development mode only), which name
 * the executor's own frames. Parsing and printing again keeps the order of keys and errors.
 */
async function post(url: string, { query, variables, headers }: Case): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = JSON.parse(await res.text());
  for (const error of body.errors ?? []) delete error.extensions?.stacktrace;
  return `${res.status} ${JSON.stringify(body)}`;
}

/** Both gateways' answers to the case, twice each; returns A's second answer (parsed) and whether A served it itself. */
async function same(c: Case): Promise<{ body: any; fast: boolean }> {
  const served = () => fed.gateway.singleFetch!.served;
  for (const round of [0, 1]) {
    const before = served();
    const a = await post(fed.gateway.url, c);
    const fast = served() > before;
    const b = await post(plain.url, c);
    expect(a).toEqual(b);
    if (round === 1) return { body: JSON.parse(a.slice(4)), fast };
  }
  throw new Error('unreachable');
}

const PAGE = `query Page($first: Int, $after: String, $filter: EventFilter, $order: EventOrder, $title: Boolean!, $noDates: Boolean = false) {
  __typename
  events(first: $first, after: $after, filter: $filter, orderBy: $order) {
    __typename
    totalCount
    edges { cursor node { __typename id title @include(if: $title) { original __typename } startDate @skip(if: $noDates) endDate type } }
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
  }
}`;

const ENTITY = `query One($id: ID!, $withOrgs: Boolean!) {
  node(id: $id) {
    __typename
    id
    ...on Event { title { text(lang: "fr") } programme { __typename id } organisers @include(if: $withOrgs) { id kind: __typename } }
    ...Named
  }
}
fragment Named on Organisation { name { original } acronym }`;

test('pages with every argument, cursors, @skip/@include, __typename: same answers, from the single-fetch path', async () => {
  const first = await same({ query: PAGE, variables: { first: 7, title: true, filter: { from: '2016-01-01' } } });
  expect(first.fast).toBe(true);
  expect(first.body.data.events.edges).toHaveLength(7);
  const after = first.body.data.events.pageInfo.endCursor;
  for (const variables of [
    { first: 7, after, title: true, filter: { from: '2016-01-01' } },
    // One country asked, with @include(if: false) and @skip(if: true).
    { first: 4, title: false, noDates: true, filter: { countries: ['KG'] } },
    { first: 5, title: true, order: 'START_DATE_ASC', filter: { countries: ['KG', 'VN'], types: ['MEETING', 'SEMINAR', 'TRAINING'] } },
    { first: 50, title: false, filter: { text: 'a' } },
    { first: 0, title: true },
    { title: true, filter: { to: '2000-01-01' } },
  ]) {
    expect((await same({ query: PAGE, variables })).fast).toBe(true);
  }
});

test('aliases, named and inline fragments on an interface, entities by id: same answers', async () => {
  const page = await same({ query: '{ events(first: 3) { nodes { id organisers { id } } } organisations(first: 2) { nodes { id } } }' });
  expect(page.fast).toBe(true);
  const ids: string[] = [...page.body.data.events.nodes.map((n: any) => n.id), ...page.body.data.organisations.nodes.map((n: any) => n.id)];
  for (const id of ids) expect((await same({ query: ENTITY, variables: { id, withOrgs: true } })).fast).toBe(true);
  expect((await same({ query: ENTITY, variables: { id: 'MN:EVT:nope', withOrgs: false } })).fast).toBe(true);
  const aliased = await same({
    query: `query { a: events(first: 2) { ...P } b: events(first: 4, orderBy: START_DATE_ASC) { total: totalCount ...P } event(id: "${ids[0]}") { ... on Node { id } ... { type } } }
            fragment P on EventConnection { n: nodes { ... on Event { id t: type } } }`,
  });
  expect(aliased.fast).toBe(true);
  expect((await same({ query: '{ eventStats(groupBy: [COUNTRY, YEAR]) { country year count participantCount } }' })).fast).toBe(true);
  // The regional subgraph alone: an ordinary data source, also one fetch.
  expect((await same({ query: '{ countries { __typename code name { original } } }' })).fast).toBe(true);
});

test('refused variables, node and plan errors: same errors, codes, paths and extensions', async () => {
  const bad = await same({ query: PAGE, variables: { first: 'seven', title: true } });
  expect(bad.fast).toBe(true);
  expect(bad.body.errors[0].message).toMatch(/first/);
  expect((await same({ query: PAGE, variables: { first: 2, title: true, filter: { from: 'not a date' } } })).body.errors).toHaveLength(1);
  expect((await same({ query: PAGE, variables: { first: 2 } })).body.errors).toHaveLength(1);
  const cursor = await same({ query: PAGE, variables: { first: 2, after: 'not-a-cursor', title: false } });
  expect(cursor.fast).toBe(true);
  expect(cursor.body.errors.length).toBeGreaterThan(0);
  expect((await same({ query: PAGE, variables: { first: 100000, title: false } })).body.errors.length).toBeGreaterThan(0);
});

test('SINGLE_FETCH_PATH=false: every operation through Apollo', () => {
  expect(plain.singleFetch).toBeNull();
  expect(fed.gateway.singleFetch).not.toBeNull();
});

test('what the single-fetch path leaves to Apollo: several fetches, introspection, the exposed query plan', async () => {
  expect((await same({ query: '{ events(first: 2) { nodes { id } } countries { code } }' })).fast).toBe(false);
  expect((await same({ query: '{ __schema { queryType { name } } events(first: 1) { totalCount } }' })).fast).toBe(false);
  expect((await same({ query: '{ __type(name: "Event") { name } }' })).fast).toBe(false);
  const plan = await same({ query: '{ events(first: 1) { totalCount } }', headers: { 'Apollo-Query-Plan-Experimental': '1' } });
  expect(plan.fast).toBe(false);
  expect(plan.body.extensions.__queryPlanExperimental).toMatch(/Fetch/);
  expect((await same({ query: '{ events(first: 1) { totalCount } }' })).fast).toBe(true);
});

test('a node down: same partial data and errors', async () => {
  await fed.nodes.get('VN')!.close();
  const page = await same({ query: PAGE, variables: { first: 9, title: true } });
  expect(page.fast).toBe(true);
  expect(page.body.errors.map((e: any) => [e.path, e.extensions.code, e.extensions.country, e.extensions.serviceName])).toEqual([
    [['events'], 'COUNTRY_UNAVAILABLE', 'VN', expect.any(String)],
  ]);
  expect(page.body.data.events.edges.length).toBe(9);
  expect((await same({ query: '{ eventStats(groupBy: [COUNTRY]) { country count } node(id: "VN:EVT:x") { id } }' })).fast).toBe(true);
  expect((await same({ query: ENTITY, variables: { id: page.body.data.events.edges[0].node.id, withOrgs: true } })).fast).toBe(true);
});
