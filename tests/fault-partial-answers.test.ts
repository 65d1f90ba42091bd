import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { startFederation, type TestFederation } from './support/federation.js';

// One country's refusal or missing reference data stays in that country's part of the answer.
// TJ has a node but no facts in the regional subgraph (as when a country is being added).

let fed: TestFederation;

beforeAll(async () => {
  fed = await startFederation({ countries: ['MN', 'KG', 'TJ'], generate: { events: 6, programmes: 2, organisations: 4 }, nodeTimeoutMs: 3000 });
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

const editor = async (country: string) => ({
  authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: `partial-${country}`, role: 'editor', country })}`,
});

test('a two-field mutation across countries: the allowed field is written and returned, the forbidden one fails alone', async () => {
  const title = `Two fields ${Date.now()}`;
  const input = (country: string) => ({ country, title: { lang: 'en', text: `${title} ${country}` }, type: 'MEETING', startDate: '2026-11-20' });
  const res = await fed.query(
    'mutation($a: EventInput!, $b: EventInput!) { a: createEvent(input: $a) { id } b: createEvent(input: $b) { id } }',
    { a: input('KG'), b: input('MN') },
    await editor('KG'),
  );
  expect(res.data.a.id).toMatch(/^KG:EVT:/);
  expect(res.data.b).toBeNull();
  expect(res.errors).toEqual([expect.objectContaining({ path: ['b'], extensions: expect.objectContaining({ code: 'FORBIDDEN', country: 'MN' }) })]);
  const saved = await fed.query('query($t: String) { events(filter: { text: $t }) { nodes { id } } }', { t: title });
  expect(saved.data.events.nodes).toEqual([{ id: res.data.a.id }]);
});

test("a country without regional facts keeps every country's data when its name is selected", async () => {
  const res = await fed.query('{ events(first: 50) { totalCount nodes { id country { code name { text } } } } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.events.totalCount).toBeGreaterThanOrEqual(18);
  const byCountry = new Map<string, unknown>(res.data.events.nodes.map((n: { country: { code: string; name: unknown } }) => [n.country.code, n.country.name]));
  expect([...byCountry.keys()].sort()).toEqual(['KG', 'MN', 'TJ']);
  expect(byCountry.get('TJ')).toBeNull();
  expect(byCountry.get('MN')).toEqual({ text: expect.any(String) });
});

test('a country whose node is unavailable keeps its place in the list; its own lists are null (unknown), with an error at their path', async () => {
  const proxy = fed.proxies.get('KG')!;
  proxy.mode = 'hang';
  try {
    const res = await fed.query('{ countries { code events(first: 1) { totalCount } } }');
    expect(res.data.countries.length).toBeGreaterThanOrEqual(2);
    const kgIndex = res.data.countries.findIndex((c: { code: string }) => c.code === 'KG');
    expect(res.data.countries[kgIndex]).toEqual({ code: 'KG', events: null }); // never an empty page claiming 0 events
    expect(res.data.countries.find((c: { code: string }) => c.code === 'MN').events.totalCount).toBeGreaterThan(0);
    expect(res.errors).toEqual([
      expect.objectContaining({ path: ['countries', kgIndex, 'events'], extensions: expect.objectContaining({ code: 'COUNTRY_UNAVAILABLE', country: 'KG' }) }),
    ]);
  } finally {
    proxy.mode = 'pass';
  }
});
