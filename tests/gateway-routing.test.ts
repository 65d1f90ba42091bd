import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { postGraphQL } from './support/nodes.js';

/** Which nodes each kind of request reaches, counted at a real HTTP proxy in front of each node. */
let fed: TestFederation;
let kgEventId: string;
let mnEventId: string;

beforeAll(async () => {
  fed = await startFederation({ generate: { events: 20, programmes: 5, organisations: 6 } });
  kgEventId = fed.data.get('KG')!.events[0].id;
  mnEventId = fed.data.get('MN')!.events[0].id;
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

function resetCounts() {
  for (const p of fed.proxies.values()) p.reset();
}
function counts(): Record<string, number> {
  return Object.fromEntries([...fed.proxies.entries()].map(([c, p]) => [c, p.requests]));
}

test('programme(id: "KG:…") and event(id: "KG:…") reach only the KG node', async () => {
  const programmeId = fed.data.get('KG')!.programmes[0].id;
  resetCounts();
  const res = await fed.query(`query($p: ID!, $e: ID!) { programme(id: $p) { id title { text } } event(id: $e) { id organisers { id } } }`, {
    p: programmeId,
    e: kgEventId,
  });
  expect(res.errors).toBeUndefined();
  expect(res.data.programme.id).toBe(programmeId);
  expect(res.data.event.id).toBe(kgEventId);
  expect(counts()).toEqual({ MN: 0, KG: 1, AZ: 0, VN: 0 });
});

test('an id of a country without a node is null and asks no node', async () => {
  resetCounts();
  const res = await fed.query(`{ event(id: "TH:EVT:nothing") { id } }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.event).toBeNull();
  expect(counts()).toEqual({ MN: 0, KG: 0, AZ: 0, VN: 0 });
});

test('filter.countries: [MN] reaches only MN; no filter reaches every node once', async () => {
  resetCounts();
  const one = await fed.query(`{ events(filter: { countries: [MN] }, first: 3) { totalCount nodes { id } } }`);
  expect(one.errors).toBeUndefined();
  expect(one.data.events.nodes.every((n: any) => n.id.startsWith('MN:'))).toBe(true);
  expect(counts()).toEqual({ MN: 1, KG: 0, AZ: 0, VN: 0 });
  resetCounts();
  await fed.query(`{ events(first: 3) { totalCount } eventStats(groupBy: [COUNTRY]) { country count } }`);
  expect(counts()).toEqual({ MN: 1, KG: 1, AZ: 1, VN: 1 });
});

test('_entities for Country go to the node of each code, in representation order', async () => {
  resetCounts();
  const res = await fed.query(`{ country(code: "AZ") { code events(first: 1) { totalCount } } }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.country.events.totalCount).toBe(fed.data.get('AZ')!.events.length);
  expect(counts()).toEqual({ MN: 0, KG: 0, AZ: 1, VN: 0 });
});

describe('writes', () => {
  const create = `mutation($input: EventInput!) { createEvent(input: $input) { id version country { code } } }`;
  const input = (country: string) => ({ country, title: { lang: 'en', text: `Routing test ${country}` }, type: 'MEETING', startDate: '2026-11-20' });

  test('a mutation reaches exactly one node: the one in input.country', async () => {
    const token = await mintToken({ secret: DEV_JWT_SECRET, sub: 'kg-editor', role: 'editor', country: 'KG' });
    resetCounts();
    const res = await fed.query(create, { input: input('KG') }, { authorization: `Bearer ${token}` });
    expect(res.errors).toBeUndefined();
    expect(res.data.createEvent.id).toMatch(/^KG:EVT:/);
    expect(counts()).toEqual({ MN: 0, KG: 1, AZ: 0, VN: 0 });

    resetCounts();
    const del = await fed.query(
      `mutation($id: ID!) { deleteEvent(id: $id, expectedVersion: 1) }`,
      { id: res.data.createEvent.id },
      { authorization: `Bearer ${token}` },
    );
    expect(del.errors).toBeUndefined();
    expect(counts()).toEqual({ MN: 0, KG: 1, AZ: 0, VN: 0 });
  });

  test('an MN editor can write KG neither through the gateway nor directly at the KG node', async () => {
    const mnToken = await mintToken({ secret: DEV_JWT_SECRET, sub: 'mn-editor', role: 'editor', country: 'MN' });
    const headers = { authorization: `Bearer ${mnToken}` };
    const before = await fed.nodes.get('KG')!.ds.query('SELECT count(*)::int AS n FROM event');
    const viaGateway = await fed.query(create, { input: input('KG') }, headers);
    expect(viaGateway.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const direct = await postGraphQL(fed.nodes.get('KG')!.url, create, { input: input('KG') }, headers);
    expect(direct.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const update = await fed.query(`mutation($id: ID!) { updateEvent(id: $id, expectedVersion: 1, patch: { city: "X" }) { id } }`, { id: kgEventId }, headers);
    expect(update.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const after = await fed.nodes.get('KG')!.ds.query('SELECT count(*)::int AS n FROM event');
    expect(after).toEqual(before);
  });

  test('no token through the gateway is UNAUTHENTICATED before any node is asked (each node still verifies tokens itself)', async () => {
    resetCounts();
    const res = await fed.query(create, { input: input('MN') });
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(counts()).toEqual({ MN: 0, KG: 0, AZ: 0, VN: 0 });
  });

  test('an update is routed by the id prefix', async () => {
    const token = await mintToken({ secret: DEV_JWT_SECRET, sub: 'mn-editor', role: 'editor', country: 'MN' });
    resetCounts();
    const res = await fed.query(
      `mutation($id: ID!) { updateEvent(id: $id, expectedVersion: 999, patch: { city: "Darkhan" }) { id } }`,
      { id: mnEventId },
      { authorization: `Bearer ${token}` },
    );
    expect(res.errors?.[0].extensions.code).toBe('VERSION_CONFLICT');
    expect(counts()).toEqual({ MN: 1, KG: 0, AZ: 0, VN: 0 });
  });
});

test('bad input is rejected with BAD_USER_INPUT, once', async () => {
  const big = await fed.query(`{ events(first: 100000) { totalCount } }`);
  expect(big.errors).toHaveLength(1);
  expect(big.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  const date = await fed.query(`{ events(filter: { from: "2017-02-30" }) { totalCount } }`);
  expect(date.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  const enumValue = await fed.query(`{ events(filter: { types: [PARTY] }) { totalCount } }`);
  expect(enumValue.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  const cursor = await fed.query(`{ events(after: "not-a-cursor") { totalCount } }`);
  expect(cursor.errors).toHaveLength(1);
  expect(cursor.errors![0].extensions.code).toBe('BAD_USER_INPUT');
});

test('country codes may be written bare, as in `countries: [MN]`', async () => {
  const bare = await fed.query(`{ events(filter: { countries: [MN] }) { totalCount } }`);
  const quoted = await fed.query(`{ events(filter: { countries: ["MN"] }) { totalCount } }`);
  expect(bare.errors).toBeUndefined();
  expect(bare.data.events.totalCount).toBe(fed.data.get('MN')!.events.length);
  expect(bare.data).toEqual(quoted.data);
  const wrong = await fed.query(`{ events(filter: { countries: [mn] }) { totalCount } }`);
  expect(wrong.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
});
