import { startFederation, type TestFederation } from './support/federation.js';

/**
 * `@skip` and `@include` through the sharded gateway: a field (or fragment) they leave out is
 * not in a node's answer, and that answer is still the node's whole answer. Each case asks the
 * gateway a query with the directives and the same query written without what they leave out
 * (or without the directives, where they keep it): the two answers must be the same bytes, and
 * carry no error (before the fix every node's answer was refused as COUNTRY_BAD_RESPONSE).
 */
let fed: TestFederation;

beforeAll(async () => {
  fed = await startFederation({ generate: { events: 12, programmes: 3, organisations: 4 }, gatewayEnv: { NODE_ENV: 'test' } });
}, 180000);
afterAll(async () => {
  await fed?.stop();
});

async function ask(query: string, variables: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(fed.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  expect(res.status).toBe(200);
  return res.text();
}

/** A page query declaring `$c` and `$s` only when it uses them (an unused variable is invalid). */
function page(node: string, connection = 'totalCount'): string {
  const body = `events(first: $first) { ${connection} edges { cursor node { id ${node} } } pageInfo { hasNextPage endCursor } }`;
  const declared = ['$first: Int', ...['$c', '$s'].filter((v) => body.includes(v)).map((v) => `${v}: Boolean!`)];
  return `query(${declared.join(', ')}) { ${body} }`;
}

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The same query written without the directives' effect. */
  plain: string;
}

const cases: Case[] = [
  { name: 'a row field skipped by a literal', query: page('type city @skip(if: true)'), plain: page('type') },
  { name: 'a row field left out by a variable', query: page('type city @include(if: $c)'), variables: { c: false }, plain: page('type') },
  { name: 'a row field kept by a variable', query: page('type city @include(if: $c)'), variables: { c: true }, plain: page('type city') },
  { name: 'a nested object skipped', query: page('type title @skip(if: $s) { original }'), variables: { s: true }, plain: page('type') },
  { name: 'the page total left out', query: page('type', 'totalCount @include(if: $c)'), variables: { c: false }, plain: page('type', '') },
  { name: 'an inline fragment left out', query: page('type ... @include(if: $c) { city startDate }'), variables: { c: false }, plain: page('type') },
  {
    name: 'a fragment spread skipped, another kept',
    query: `${page('type ...Where @skip(if: $s) ...When @skip(if: false)')} fragment Where on Event { city } fragment When on Event { startDate }`,
    variables: { s: true },
    plain: page('type startDate'),
  },
  {
    name: 'a defaulted variable the request leaves out',
    query: `query($first: Int, $s: Boolean = true) { events(first: $first) { totalCount edges { cursor node { id type city @skip(if: $s) } } } }`,
    plain: `query($first: Int) { events(first: $first) { totalCount edges { cursor node { id type } } } }`,
  },
  {
    name: 'a root field skipped beside a page',
    query: `query($s: Boolean!) { events(first: 5) { nodes { id } } programmes(first: 3) @skip(if: $s) { nodes { id } } }`,
    variables: { s: true },
    plain: `{ events(first: 5) { nodes { id } } }`,
  },
  {
    name: 'a group field left out of summed statistics',
    query: `query($c: Boolean!) { eventStats(groupBy: [COUNTRY]) { country count participantCount @include(if: $c) } }`,
    variables: { c: false },
    plain: `{ eventStats(groupBy: [COUNTRY]) { country count } }`,
  },
];

test.each(cases)('$name: the same answer as the query without it', async ({ query, variables, plain }) => {
  const [withDirectives, without] = [await ask(query, { first: 6, ...variables }), await ask(plain, plain.includes('$first') ? { first: 6 } : {})];
  expect(JSON.parse(withDirectives).errors).toBeUndefined();
  expect(withDirectives).toEqual(without);
});
