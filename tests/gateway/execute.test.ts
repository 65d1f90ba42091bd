import { encodeCursor } from '../../contract/ordering.js';
import { HIDDEN_EDGES, HIDDEN_PAGE_INFO, parseFetch } from '../../gateway/operation.js';
import { FetchErrors } from '../../gateway/plan/errors.js';
import { executeQuery } from '../../gateway/plan/execute.js';
import { planQuery } from '../../gateway/plan/plan.js';
import { readShardingSpec } from '../../gateway/sharding/spec.js';
import type { NodeRequest } from '../../gateway/transport/transport.js';
import { fakeTransport } from './helpers.js';
import { FIXTURE_SDL } from './fixture.js';

const spec = readShardingSpec(FIXTURE_SDL).spec!;
const REGIONS = ['MN', 'KG', 'AZ'];

/** A node's connection answer for rows (date key, id), with the hidden cursor and paging fields. */
function connection(rows: Array<[string, string]>, more = false) {
  const edges = rows.map(([key, id]) => ({ cursor: encodeCursor('START_DATE_DESC', { key, id }) }));
  return { total: rows.length, nodes: rows.map(([, id]) => ({ id })), [HIDDEN_EDGES]: edges, [HIDDEN_PAGE_INFO]: { hasNextPage: more } };
}

async function run(query: string, nodes: Parameters<typeof fakeTransport>[0], variables: Record<string, unknown> = {}) {
  const parsed = parseFetch(query);
  const { transport, sent } = fakeTransport(nodes);
  const plan = planQuery(parsed, variables, spec, REGIONS);
  const result = await executeQuery(plan, {
    parsed,
    variables,
    spec,
    transport,
    request: { deadline: Date.now() + 1000, headers: {} },
    errors: new FetchErrors(),
  });
  return { ...result, sent };
}

describe('plan and execute over fake shards', () => {
  test('a page is scattered, merged in order, and a failed node costs only its rows and one error', async () => {
    const { data, errors, sent } = await run('{ things(first: 2) { total nodes { id } pageInfo { hasNextPage } } }', {
      MN: () => ({
        data: {
          things: connection([
            ['2021-01-01', 'MN:a'],
            ['2019-01-01', 'MN:b'],
          ]),
        },
      }),
      KG: () => ({ data: { things: connection([['2020-01-01', 'KG:a']]) } }),
      AZ: () => new Error('unreachable (ECONNREFUSED)'),
    });
    expect(sent.map((s) => s.country).sort()).toEqual(['AZ', 'KG', 'MN']);
    expect(sent[0].request.query).toContain(`${HIDDEN_EDGES}: edges`); // the gateway asks for cursors it needs
    expect(data).toEqual({ things: { total: 3, nodes: [{ id: 'MN:a' }, { id: 'KG:a' }], pageInfo: { hasNextPage: true } } });
    // The merged page is known to miss AZ: the error says so at the page's path.
    expect(errors).toEqual([
      expect.objectContaining({
        path: ['things'],
        extensions: expect.objectContaining({ code: 'COUNTRY_UNAVAILABLE', country: 'AZ', reason: 'unreachable (ECONNREFUSED)', missingCountries: ['AZ'] }),
      }),
    ]);
  });

  test('the countries argument limits the fan-out; a page none of whose countries answered is null, never an empty page', async () => {
    const { sent, data, errors } = await run('{ things(filter: { regions: ["KG"] }) { total } }', { KG: () => new Error('down') });
    expect(sent.map((s) => s.country)).toEqual(['KG']);
    expect(data).toEqual({ things: null });
    expect(errors).toEqual([
      expect.objectContaining({ path: ['things'], extensions: expect.objectContaining({ code: 'COUNTRY_UNAVAILABLE', country: 'KG' }) }),
    ]);
  });

  test('every merged field a failed country touches carries its own error; a by-id field of that country is null with its path', async () => {
    const { data, errors } = await run('{ things(first: 1) { total } thingStats(groupBy: [REGION]) { count } thing(id: "AZ:x") { id } }', {
      MN: () => ({ data: { things: connection([['2021-01-01', 'MN:a']]), thingStats: [{ shard__region: 'MN', count: 1 }] } }),
      KG: () => ({ data: { things: connection([]), thingStats: [] } }),
      AZ: () => 'timeout',
    });
    expect(data.things).toEqual({ total: 1 });
    expect(data.thing).toBeNull();
    expect(errors.map((e) => [e.path, e.extensions?.country, e.extensions?.missingCountries])).toEqual([
      [['things'], 'AZ', ['AZ']],
      [['thingStats'], 'AZ', ['AZ']],
      [['thing'], 'AZ', ['AZ']],
    ]);
  });

  test('a by-id field asks its owner only; an id of no configured country asks nobody', async () => {
    const owned = await run('{ thing(id: "KG:x") { id } }', { KG: () => ({ data: { thing: { id: 'KG:x' } } }) });
    expect(owned.sent.map((s) => s.country)).toEqual(['KG']);
    expect(owned.data).toEqual({ thing: { id: 'KG:x' } });
    const nobody = await run('{ thing(id: "TJ:x") { id } }', {});
    expect(nobody.sent).toEqual([]);
    expect(nobody.data).toEqual({ thing: null });
  });

  test('aggregates fetch every group key under hidden aliases and sum equal groups', async () => {
    const row = (region: string, kind: string, count: number) => ({ shard__region: region, shard__kind: kind, kind, count });
    const { data, sent } = await run('{ thingStats(groupBy: [REGION, KIND]) { kind count } }', {
      MN: () => ({ data: { thingStats: [row('MN', 'a', 1)] } }),
      KG: () => ({ data: { thingStats: [row('KG', 'a', 2)] } }),
      AZ: () => ({ data: { thingStats: [] } }),
    });
    expect(sent[0].request.query).toMatch(/shard__region: region[\s\S]*shard__kind: kind/);
    expect(data).toEqual({
      thingStats: [
        { kind: 'a', count: 2 },
        { kind: 'a', count: 1 },
      ],
    }); // KG before MN, never merged
  });

  test('group-merge asks each node with a threshold of 1 and applies the real one after merging', async () => {
    const cluster = (region: string) => ({ shard__key: 'k', shard__regions: [region], key: 'k', things: [{ id: `${region}:t` }] });
    const { data, sent } = await run('{ clusters { key things { id } } }', {
      MN: () => ({ data: { clusters: [cluster('MN')] } }),
      KG: () => ({ data: { clusters: [cluster('KG')] } }),
      AZ: () => ({ data: { clusters: [] } }),
    });
    expect(sent[0].request.query).toContain('clusters(min: 1)');
    expect(data).toEqual({ clusters: [{ key: 'k', things: [{ id: 'KG:t' }, { id: 'MN:t' }] }] });
  });

  test('entities go to their owners; an unavailable owner yields null fields or a null entity with an error at each path, never a failed list', async () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { things { total nodes { id } } motto } ... on Thing { name } } }';
    const representations = [
      { __typename: 'Region', code: 'MN' },
      { __typename: 'Thing', id: 'AZ:t' },
      { __typename: 'Region', code: 'AZ' },
      { __typename: 'Thing', id: 'MN:t' },
    ];
    const { data, errors, sent } = await run(
      query,
      {
        MN: (req: NodeRequest) => ({
          data: {
            _entities: (req.variables!.r as unknown[]).map((rep) =>
              (rep as { __typename: string }).__typename === 'Region' ? { things: { total: 1, nodes: [{ id: 'MN:t' }] }, motto: 'm' } : { name: 'mt' },
            ),
          },
        }),
        AZ: () => 'timeout',
      },
      { r: representations },
    );
    expect(sent.find((s) => s.country === 'MN')!.request.variables!.r).toEqual([representations[0], representations[3]]);
    expect(data._entities).toEqual([
      { things: { total: 1, nodes: [{ id: 'MN:t' }] }, motto: 'm' },
      null, // a Thing has a required name the gateway cannot know
      { things: null, motto: null }, // unknown, not an empty page a client would store as zero rows
      { name: 'mt' },
    ]);
    expect(errors.map((e) => [e.path, e.extensions?.code, e.extensions?.country])).toEqual([
      [['_entities', 1], 'COUNTRY_UNAVAILABLE', 'AZ'],
      [['_entities', 2, 'things'], 'COUNTRY_UNAVAILABLE', 'AZ'],
      [['_entities', 2, 'motto'], 'COUNTRY_UNAVAILABLE', 'AZ'],
    ]);
  });

  test('an entity whose country no node serves is empty, as it truly is here, with no error', async () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { things { total nodes { id } } motto } } }';
    const { data, errors, sent } = await run(query, {}, { r: [{ __typename: 'Region', code: 'TJ' }] });
    expect(sent).toEqual([]);
    expect(data._entities).toEqual([{ things: { total: 0, nodes: [] }, motto: null }]);
    expect(errors).toEqual([]);
  });

  test('the same error from several nodes is kept once, listing every country', async () => {
    const bad = (country: string) => () => ({
      data: { things: null },
      errors: [{ message: 'first must be between 0 and 500', path: ['things'], extensions: { code: 'BAD_USER_INPUT', country } }],
    });
    const { data, errors } = await run('{ things(first: 900) { total } }', { MN: bad('MN'), KG: bad('KG'), AZ: bad('AZ') });
    expect(data).toEqual({ things: null });
    expect(errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', country: 'MN', countries: ['MN', 'KG', 'AZ'] } })]);
  });
});
