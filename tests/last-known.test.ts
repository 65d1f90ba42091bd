import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { waitFor } from './support/wait.js';

// Offline offices answered from their last known data (issue 28), end to end: real nodes, real
// version streams, real HTTP. A node is "down" when its proxy hangs (the gateway's timeouts and
// then its breaker say so); KG allows 24 h of staleness (the default), MN declares no-store.

let fed: TestFederation;
const PAGE = `query($first: Int!) { events(first: $first) { nodes { id version city } } }`;
type Row = { id: string; version: number; city: string | null };
type Part = { country: string; status: string; dataVersion: number | null; asOf: string | null };

beforeAll(async () => {
  fed = await startFederation({
    countries: ['KG', 'MN'],
    // As the other tests that hang a node: long enough for a healthy node on a busy machine.
    nodeTimeoutMs: 3000,
    gatewayEnv: { RESPONSE_CACHE: 'on', BREAKER_OPEN_MS: '200', BREAKER_MAX_OPEN_MS: '400' },
    nodeEnv: { MN: { LAST_KNOWN_STORE: 'no-store' } },
  });
  await waitFor(() => ['KG', 'MN'].every((c) => fed.gateway.cache!.versions.version(c) !== null), 'both version streams');
});
afterAll(async () => {
  await fed?.stop();
});
afterEach(() => {
  for (const p of fed.proxies.values()) p.mode = 'pass';
});

const parts = (res: { extensions?: Record<string, unknown> }) => new Map(((res.extensions?.countries ?? []) as Part[]).map((p) => [p.country, p]));
const rowsOf = (res: { data?: any }, country: string): Row[] => (res.data?.events?.nodes ?? []).filter((r: Row) => r.id.startsWith(`${country}:`));
const read = (headers: Record<string, string> = {}) => fed.query(PAGE, { first: 200 }, headers) as Promise<{ data?: any; errors?: any[]; extensions?: any }>;

/**
 * Takes `country`'s node down. While its version stream stays connected, the exact cache still
 * answers what it holds at the current version (rightly FRESH); a read it does not hold times out,
 * which puts the node in doubt, as a real outage does.
 */
let misses = 0;
async function down(country: string) {
  fed.proxies.get(country)!.mode = 'hang';
  misses += 1;
  await fed.query(PAGE, { first: 100 + misses });
  await waitFor(() => fed.gateway.cache!.versions.version(country) === null, `${country} in doubt`);
}

/** Until `country` answers fresh and its version stream is followed again, so a read now is kept. */
async function healthy(country: string) {
  await untilFresh(country);
  await waitFor(() => fed.gateway.cache!.versions.version(country) !== null, `${country}'s version stream followed`);
}

/** Reads until `country` is back and fresh (its circuit closes after a trial). */
async function untilFresh(country: string) {
  await waitFor(async () => parts(await read()).get(country)?.status === 'FRESH', `${country} fresh again`);
}

test('a warm answer says every country asked is FRESH, with its data version', async () => {
  const res = await read();
  expect(res.errors).toBeUndefined();
  const kg = parts(res).get('KG')!;
  expect(kg).toEqual({ country: 'KG', status: 'FRESH', dataVersion: fed.gateway.cache!.versions.version('KG'), asOf: null });
  expect(parts(res).get('MN')?.status).toBe('FRESH');
  expect(fed.gateway.lastKnown!.book.summary('KG')).toMatchObject({ dataVersion: kg.dataVersion });
});

test('a node down after a warm-up: its part is its last known data, marked STALE with version and age, and still named unavailable', async () => {
  const warm = await read();
  const kgRows = rowsOf(warm, 'KG');
  expect(kgRows.length).toBeGreaterThan(0);
  const version = parts(warm).get('KG')!.dataVersion;
  await down('KG');
  const res = await read();
  expect(rowsOf(res, 'KG')).toEqual(kgRows);
  expect(rowsOf(res, 'MN')).toEqual(rowsOf(warm, 'MN'));
  const kg = parts(res).get('KG')!;
  expect(kg).toMatchObject({ status: 'STALE', dataVersion: version });
  expect(Date.parse(kg.asOf!)).toBeLessThanOrEqual(Date.now());
  expect(parts(res).get('MN')?.status).toBe('FRESH');
  const error = res.errors!.find((e) => e.extensions.country === 'KG');
  expect(error.extensions).toMatchObject({ code: 'COUNTRY_UNAVAILABLE', servedStale: true, dataVersion: version, asOf: kg.asOf });
  expect(error.path).toEqual(['events']);
  // Never publicly cacheable: the same read over GET is marked private, no-store.
  const get = await fetch(`${fed.gateway.url}?${new URLSearchParams({ query: PAGE, variables: JSON.stringify({ first: 200 }) })}`, {
    headers: { accept: 'application/json' },
  });
  expect(((await get.json()) as { extensions: { countries: Part[] } }).extensions.countries.find((p) => p.country === 'KG')?.status).toBe('STALE');
  expect(get.headers.get('cache-control')).toBe('private, no-store');
  // Counted, and /health shows what is kept of KG and KG's own declaration.
  const metrics = await (await fetch(fed.gateway.url.replace(/graphql$/, 'metrics'))).text();
  expect(metrics).toMatch(/ilo_gateway_stale_answers_total\{country="KG"\} [1-9]/);
  const health = (await (await fetch(fed.gateway.url.replace(/graphql$/, 'health'))).json()) as { nodes: Array<{ country: string; lastKnown: any }> };
  const node = health.nodes.find((n) => n.country === 'KG')!;
  expect(node.lastKnown).toMatchObject({ store: true, maxStaleSeconds: 86400, lastKnown: { dataVersion: version } });
  expect(node.lastKnown.lastKnown.ageSeconds).toBeGreaterThanOrEqual(0);
});

test('a client that refuses stale data (Cache-Control: max-stale=0), or reads with a token, gets the part MISSING', async () => {
  await untilFresh('KG');
  await down('KG');
  const refusals: Array<Record<string, string>> = [
    { 'cache-control': 'max-stale=0' },
    { 'cache-control': 'no-cache' },
    { authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: 'lk-test', role: 'editor', country: 'KG' })}` },
  ];
  for (const headers of refusals) {
    const res = await read(headers);
    expect(rowsOf(res, 'KG')).toEqual([]);
    expect(parts(res).get('KG')).toMatchObject({ status: 'MISSING', dataVersion: null, asOf: null });
    const error = res.errors!.find((e) => e.extensions.country === 'KG');
    expect(error.extensions.code).toBe('COUNTRY_UNAVAILABLE');
    expect(error.extensions.servedStale).toBeUndefined();
  }
});

test("a no-store office's answers are kept in no cache of the gateway: every read reaches its node, while KG's repeat is a hit", async () => {
  await healthy('KG');
  await healthy('MN'); // followed: without its no-store, its answer would be cached like KG's
  const [kg, mn] = [fed.proxies.get('KG')!, fed.proxies.get('MN')!];
  const first = await fed.query(PAGE, { first: 77 });
  expect(first.errors).toBeUndefined();
  const before = { kg: kg.requests, mn: mn.requests };
  const again = await fed.query(PAGE, { first: 77 });
  expect(again.data).toEqual(first.data);
  expect({ kg: kg.requests - before.kg, mn: mn.requests - before.mn }).toEqual({ kg: 0, mn: 1 });
});

test('a no-store office is never kept, so its part is MISSING while it is down', async () => {
  await untilFresh('KG'); // its circuit may still be open from the test before
  await untilFresh('MN');
  expect(fed.gateway.lastKnown!.health('MN')).toEqual({ store: false, maxStaleSeconds: 0, lastKnown: null });
  await down('MN');
  const res = await read();
  expect(rowsOf(res, 'MN')).toEqual([]);
  expect(parts(res).get('MN')?.status).toBe('MISSING');
  expect(parts(res).get('KG')?.status).toBe('FRESH');
});

test('the node back: its part is FRESH again', async () => {
  await healthy('KG');
  await read();
  await down('KG');
  expect(parts(await read()).get('KG')?.status).toBe('STALE');
  fed.proxies.get('KG')!.mode = 'pass';
  await untilFresh('KG');
});

test('after a newer version was seen on the stream, an older entry is never served: MISSING instead', async () => {
  await healthy('KG');
  const warm = await read();
  const before = parts(warm).get('KG')!.dataVersion!;
  expect(before).toBe(fed.gateway.cache!.versions.newest('KG')!.version);
  expect(fed.gateway.lastKnown!.book.summary('KG')!.dataVersion).toBe(before);
  const row = rowsOf(warm, 'KG')[0]!;
  // A write straight to the node (not through the gateway): the gateway learns of it only from KG's version stream.
  const token = await mintToken({ secret: DEV_JWT_SECRET, sub: 'lk-test', role: 'editor', country: 'KG' });
  const write = await fed.nodes
    .get('KG')!
    .query(
      `mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, patch: { city: "Naryn" }) { id version } }`,
      { id: row.id, v: row.version },
      { authorization: `Bearer ${token}` },
    );
  expect(write.errors).toBeUndefined();
  await waitFor(() => (fed.gateway.cache!.versions.newest('KG')?.version ?? 0) > before, 'the write announced on the stream');
  await down('KG');
  const res = await read();
  expect(parts(res).get('KG')?.status).toBe('MISSING');
  expect(rowsOf(res, 'KG')).toEqual([]);
});
