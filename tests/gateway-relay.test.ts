import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { startFederation, type TestFederation } from './support/federation.js';

// Relay and record history through the real federation (seeded nodes, real HTTP): node(id:) goes
// to the owning node only, PageInfo's Relay fields are merged across nodes, history and restore
// reach the record's node with the caller's token, and the feed's positions stay internal.

let fed: TestFederation;
beforeAll(async () => {
  fed = await startFederation({ countries: ['MN', 'KG', 'AZ'] });
}, 120_000);
afterAll(async () => {
  await fed?.stop();
});

const token = async (role: 'editor' | 'analyst', country?: string) => ({
  authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: `relay-${role}`, role, country })}`,
});

test('node(id:) is answered by the node the id names, and nothing else is asked', async () => {
  for (const p of fed.proxies.values()) p.reset();
  const res = await fed.query('{ node(id: "KG:ORG:ilo") { __typename id ... on Organisation { name { original } country { code } } } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.node).toMatchObject({ __typename: 'Organisation', id: 'KG:ORG:ilo', country: { code: 'KG' } });
  expect(fed.proxies.get('KG')!.requests).toBe(1);
  expect(fed.proxies.get('MN')!.requests + fed.proxies.get('AZ')!.requests).toBe(0);
  expect((await fed.query('{ node(id: "XX:ORG:none") { id } }')).data).toEqual({ node: null });
});

test('PageInfo: startCursor is the first edge, hasPreviousPage true exactly when rows precede the page', async () => {
  const PAGE = 'query($after: String) { events(first: 3, after: $after) { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }';
  const first = (await fed.query(PAGE)).data.events;
  expect(first.pageInfo).toMatchObject({ hasPreviousPage: false, startCursor: first.edges[0].cursor, endCursor: first.edges[2].cursor });
  const second = (await fed.query(PAGE, { after: first.pageInfo.endCursor })).data.events;
  expect(second.pageInfo).toMatchObject({ hasPreviousPage: true, startCursor: second.edges[0].cursor });
  // Through a fragment and an alias, as clients (Relay) write it.
  const aliased = await fed.query(
    'query($after: String) { events(first: 1, after: $after) { p: pageInfo { ...Paging } } } fragment Paging on PageInfo { back: hasPreviousPage start: startCursor }',
    { after: second.pageInfo.endCursor },
  );
  expect(aliased.data.events.p).toEqual({ back: true, start: expect.any(String) });
});

test('history and restore reach the record node with the caller token; positions are not part of the API', async () => {
  const editor = await token('editor', 'AZ');
  const created = await fed.query(
    'mutation { createOrganisation(input: { country: AZ, name: { lang: "en", text: "Relay test union" }, acronym: "RTU" }) { id version } }',
    {},
    editor,
  );
  const { id } = created.data.createOrganisation;
  await fed.query(`mutation { updateOrganisation(id: "${id}", expectedVersion: 1, patch: { acronym: "RTU2" }) { version } }`, {}, editor);
  const restored = await fed.query(`mutation { restoreOrganisation(id: "${id}", expectedVersion: 2, version: 1) { version acronym } }`, {}, editor);
  expect(restored.data.restoreOrganisation).toEqual({ version: 3, acronym: 'RTU' });
  const history = await fed.query(`{ organisation(id: "${id}") { history { version by kind restoredFrom } } }`, {}, await token('analyst'));
  expect(history.data.organisation.history).toEqual([
    { version: 3, by: 'relay-editor', kind: 'UPSERT', restoredFrom: 1 },
    { version: 2, by: 'relay-editor', kind: 'UPSERT', restoredFrom: null },
    { version: 1, by: 'relay-editor', kind: 'UPSERT', restoredFrom: null },
  ]);
  const anonymous = await fed.query(`{ organisation(id: "${id}") { id history { version } } }`);
  expect(anonymous.data.organisation).toEqual({ id, history: null });
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const hidden = await fed.query('{ changes(first: 1) { changes { position } } }');
  expect(hidden.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});
