import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET, loadCountryNodeConfig, loadGatewayConfig, loadRegionalConfig } from '../platform/config.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { startCountryNode, type CountryNode } from '../subgraphs/country/server.js';
import { startRegional, type RegionalService } from '../subgraphs/regional/server.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { postGraphQL } from './support/nodes.js';

/*
 * The change feed through the real federation (three nodes from their seeds, the gateway, real
 * HTTP), model-based: random interleavings of creates, updates and deletes on several nodes,
 * with reads resumed from saved watermarks running between and alongside them, a node stopped
 * and started again (its database kept), and the gateway replaced. Replaying the whole feed
 * must reproduce each node's final state exactly, every change arriving exactly once, and a
 * stopped node's changes must arrive once it is back.
 */

jest.setTimeout(180_000);

const COUNTRIES = ['MN', 'KG', 'AZ'];
let regional: RegionalService;
let regionalDb: TestDatabase;
let gateway: RunningGateway;
const nodes = new Map<string, CountryNode>();
const databases = new Map<string, TestDatabase>();
const ports = new Map<string, number>();
const tokens = new Map<string, Record<string, string>>();

async function startNode(country: string): Promise<void> {
  const config = loadCountryNodeConfig(['--country', country, '--port', String(ports.get(country) ?? 0)], {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATABASE_URL: databases.get(country)!.url,
  });
  const node = await startCountryNode(config);
  nodes.set(country, node);
  ports.set(country, node.port);
}

async function startGatewayNow(): Promise<void> {
  gateway = await startGateway(
    loadGatewayConfig(['--port', '0'], {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REGIONAL_URL: regional.url,
      COUNTRY_NODES: COUNTRIES.map((c) => `${c}=http://127.0.0.1:${ports.get(c)}/graphql`).join(','),
      POLL_INTERVAL_MS: '500',
      BREAKER_OPEN_MS: '200',
      BREAKER_MAX_OPEN_MS: '400',
    }),
  );
}

beforeAll(async () => {
  regionalDb = await createTestDatabase('regional');
  regional = await startRegional(loadRegionalConfig(['--port', '0'], { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: regionalDb.url }));
  for (const country of COUNTRIES) {
    databases.set(country, await createTestDatabase(`feed_${country}`));
    tokens.set(country, { authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: `model-${country}`, role: 'editor', country })}` });
  }
  await Promise.all(COUNTRIES.map(startNode));
  await startGatewayNow();
});

afterAll(async () => {
  await gateway?.close();
  for (const node of nodes.values()) await node.close().catch(() => {});
  await regional?.close();
  for (const db of [...databases.values(), regionalDb]) await db?.drop();
});

const gql = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => postGraphQL(gateway.url, query, variables, headers);

const FEED = `query($since: String, $first: Int) { changes(since: $since, first: $first) {
  changes { kind entity id country version record { id ... on Event { version city } ... on Organisation { version acronym }
    ... on Programme { version } ... on Partnership { version } ... on Person { version } } }
  watermark hasMore unavailable } }`;

interface Replayed {
  version: number;
  detail: string | null;
}

/** What a BI copy holds: each country's records, built only from the feed. */
const copy = new Map<string, Map<string, Replayed>>(COUNTRIES.map((c) => [c, new Map()]));
const delivered = new Set<string>();
let watermark: string | null = null;

async function readOnce(first: number): Promise<{ hasMore: boolean; unavailable: string[] }> {
  const res = await gql(FEED, { since: watermark, first });
  expect(res.errors?.filter((e: any) => e.extensions?.code !== 'COUNTRY_UNAVAILABLE') ?? []).toEqual([]);
  const feed = res.data.changes;
  for (const change of feed.changes) {
    const key = `${change.kind}:${change.id}:${change.version}`;
    expect({ duplicate: delivered.has(key) ? key : null }).toEqual({ duplicate: null });
    delivered.add(key);
    const records = copy.get(change.country)!;
    if (change.kind === 'DELETE') records.delete(change.id);
    // The record as it is now; null when deleted since (its DELETE comes later in the feed).
    else if (change.record) records.set(change.id, { version: change.record.version, detail: change.record.city ?? change.record.acronym ?? null });
    else records.delete(change.id);
  }
  watermark = feed.watermark;
  return feed;
}

/** Reads until the nodes that answer have nothing more (and, with `everyNode`, every node answered). */
async function readAll(everyNode = true): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { hasMore, unavailable } = await readOnce(200);
    if (!hasMore && (!everyNode || unavailable.length === 0)) return;
  }
  throw new Error('the feed never ended');
}

/** Each node's records as its database holds them. */
async function actual(country: string): Promise<Map<string, Replayed>> {
  const rows: Array<{ id: string; version: number; detail: string | null }> = await nodes.get(country)!.ds.query(
    `SELECT id, version, city AS detail FROM event UNION ALL SELECT id, version, acronym FROM organisation
     UNION ALL SELECT id, version, NULL FROM programme UNION ALL SELECT id, version, NULL FROM partnership UNION ALL SELECT id, version, NULL FROM person`,
  );
  return new Map(rows.map((r) => [r.id, { version: r.version, detail: r.detail }]));
}

/** The model of what each node holds that the test writes: id → version. */
const live = new Map<string, Map<string, number>>(COUNTRIES.map((c) => [c, new Map()]));
let seed = 20261207;
const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
let made = 0;

async function randomWrite(country: string): Promise<void> {
  const mine = live.get(country)!;
  const headers = tokens.get(country)!;
  const ids = [...mine.keys()];
  const pick = random(10);
  if (ids.length === 0 || pick < 4) {
    const n = made++;
    const res =
      random(2) === 0
        ? await gql(
            `mutation($i: EventInput!) { createEvent(input: $i) { id version } }`,
            { i: { country, title: { lang: 'en', text: `Model event ${n}` }, type: 'MEETING', city: `c${n}` } },
            headers,
          )
        : await gql(
            `mutation($i: OrganisationInput!) { createOrganisation(input: $i) { id version } }`,
            { i: { country, name: { lang: 'en', text: `Model org ${n}` }, acronym: `a${n}` } },
            headers,
          );
    expect(res.errors).toBeUndefined();
    const created = Object.values(res.data)[0] as { id: string; version: number };
    mine.set(created.id, created.version);
    return;
  }
  const id = ids[random(ids.length)]!;
  const version = mine.get(id)!;
  const isEvent = id.includes(':EVT:');
  if (pick < 8) {
    const res = isEvent
      ? await gql(
          'mutation($id: ID!, $v: Int!, $c: String) { updateEvent(id: $id, expectedVersion: $v, patch: { city: $c }) { version } }',
          { id, v: version, c: `u${made++}` },
          headers,
        )
      : await gql(
          'mutation($id: ID!, $v: Int!, $c: String) { updateOrganisation(id: $id, expectedVersion: $v, patch: { acronym: $c }) { version } }',
          { id, v: version, c: `u${made++}` },
          headers,
        );
    expect(res.errors).toBeUndefined();
    mine.set(id, version + 1);
  } else {
    const res = await gql(
      `mutation($id: ID!, $v: Int!) { delete${isEvent ? 'Event' : 'Organisation'}(id: $id, expectedVersion: $v) }`,
      { id, v: version },
      headers,
    );
    expect(res.errors).toBeUndefined();
    mine.delete(id);
  }
}

/** Writes on random nodes, several at once (commits interleave), with a feed read running alongside. */
async function interleave(rounds: number, on: string[]): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const writes = Array.from({ length: 1 + random(4) }, () => on[random(on.length)]!);
    // Writes on one node run one after another (the model tracks versions); nodes run in parallel.
    const byNode = COUNTRIES.map((c) => writes.filter((w) => w === c));
    await Promise.all([...byNode.map(async (list) => list.reduce((p, c) => p.then(() => randomWrite(c)), Promise.resolve())), readOnce(1 + random(60))]);
  }
}

async function waitUntilAnswering(country: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const res = await gql('query($since: String) { changes(since: $since, first: 0) { unavailable } }', { since: watermark });
    if (res.data && !res.data.changes.unavailable.includes(country)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${country} was not answering again within 30 s`);
}

test('replaying the feed reproduces every node exactly, each change once, across node and gateway restarts', async () => {
  await interleave(15, COUNTRIES);

  // KG goes down with changes not yet read: they must not be lost, and the others go on.
  await randomWrite('KG');
  await randomWrite('KG');
  await nodes.get('KG')!.close();
  const { unavailable } = await readOnce(500);
  expect(unavailable).toEqual(['KG']);
  await interleave(8, ['MN', 'AZ']);
  await readAll(false);
  const kgBefore = [...delivered].filter((k) => k.includes(':KG:')).length;

  await startNode('KG');
  await waitUntilAnswering('KG');
  await interleave(8, COUNTRIES);
  expect([...delivered].filter((k) => k.includes(':KG:')).length).toBeGreaterThan(kgBefore);

  // A new gateway knows nothing: the client's watermark is all it takes to go on.
  await gateway.close();
  await startGatewayNow();
  await interleave(8, COUNTRIES);
  await readAll();

  for (const country of COUNTRIES) {
    const expected = await actual(country);
    expect({ country, records: Object.fromEntries(copy.get(country)!) }).toEqual({ country, records: Object.fromEntries(expected) });
    // Every change of the node's log arrived, and only those.
    const [{ n }] = await nodes.get(country)!.ds.query('SELECT count(*)::int AS n FROM change_log');
    expect([...delivered].filter((k) => k.split(':')[1] === country).length).toBe(n);
  }
  expect([...live.values()].reduce((n, m) => n + m.size, 0)).toBeGreaterThan(0);
});
