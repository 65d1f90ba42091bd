import { encodeCursor } from '../../contract/ordering.js';
import { HIDDEN_EDGES, HIDDEN_PAGE_INFO, parseFetch } from '../../gateway/operation.js';
import { readShardingSpec } from '../../gateway/sharding/spec.js';
import { answerValueProblem } from '../../gateway/validate/answer-values.js';
import type { ScalarCheck } from '../../gateway/validate/scalar-check.js';
import { responseShapeProblem } from '../../gateway/validate/response-shape.js';
import { FIXTURE_SDL } from './fixture.js';

const spec = readShardingSpec(FIXTURE_SDL).spec!;
const scalars = new Map<string, ScalarCheck>([['Day', (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)]]);

/** Why MN's answer `data` to `query` is refused, or null. */
const problem = (query: string, data: Record<string, unknown>, variables: Record<string, unknown> = {}, country = 'MN') =>
  answerValueProblem(data, { spec, parsed: parseFetch(query), variables, country, scalars });

const PAGE = `{ things(first: 2) { total nodes { id name mood day tags region { code } } ${HIDDEN_EDGES}: edges { cursor } ${HIDDEN_PAGE_INFO}: pageInfo { hasNextPage } } }`;
const thing = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  name: 'n',
  mood: 'CALM',
  day: '2020-01-02',
  tags: ['a'],
  region: { code: id.slice(0, 2) },
  ...over,
});
const page = (ids: string[], over: Record<string, unknown> = {}) => ({
  things: {
    total: ids.length,
    nodes: ids.map((id) => thing(id)),
    [HIDDEN_EDGES]: ids.map((id) => ({ cursor: encodeCursor('START_DATE_DESC', { key: '2020-01-01', id }) })),
    [HIDDEN_PAGE_INFO]: { hasNextPage: false },
    ...over,
  },
});

describe('the shape of a GraphQL response', () => {
  test.each([
    [{ data: { a: 1 } }, null],
    [{ data: null, errors: [{ message: 'x' }] }, null],
    [{ errors: [{ message: 'x', path: ['a', 0], locations: [{ line: 1, column: 2 }], extensions: { code: 'X' } }] }, null],
    [{ data: { a: 1 }, errors: [] }, null],
    ['boom', /is a string of 4 characters, not a GraphQL response object/],
    [[{ data: {} }], /is a list/],
    [null, /is null/],
    [{}, /neither data nor errors/],
    [{ errors: 'boom' }, /errors are a string .*not a list/],
    [{ errors: [null] }, /errors\[0\] is null/],
    [{ errors: [{ message: 5 }] }, /errors\[0\] has no string message/],
    [{ errors: [{ message: 'x', path: 'a.b' }] }, /path that is not a list/],
    [{ errors: [{ message: 'x', locations: [{ line: 'one' }] }] }, /locations/],
    [{ errors: [{ message: 'x', extensions: 'code' }] }, /extensions that are not an object/],
    [{ data: null }, /data is null without an error/],
    [{ data: null, errors: [] }, /data is null without an error/],
    [{ data: [1] }, /data is a list, not an object/],
    [{ data: 'x' }, /data is a string/],
  ])('%j', (body, expected) => {
    const got = responseShapeProblem(body);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatch(expected);
  });
});

describe('the values of an answer, against the subgraph schema and the fetch it answers', () => {
  test('a correct page passes, with its hidden cursors and paging', () => {
    expect(problem(PAGE, page(['MN:a', 'MN:b']))).toBeNull();
    expect(problem(PAGE, page([]))).toBeNull();
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a missing field', page(['MN:a'], { total: undefined }), /^things\.total is missing$/],
    ['a string for an Int', page(['MN:a'], { total: '1' }), /^things\.total is "1", not a Int$/],
    ['a float for an Int', page(['MN:a'], { total: 1.5 }), /not a Int/],
    ['an Int beyond 32 bits', page(['MN:a'], { total: 2 ** 31 }), /not a Int/],
    ['null for a non-null list', page(['MN:a'], { nodes: null }), /^things\.nodes is null where the schema says it never is$/],
    ['an object for a list', page(['MN:a'], { nodes: {} }), /^things\.nodes is an object, not a list$/],
    ['null inside a list of non-null items', page(['MN:a'], { nodes: [null] }), /^things\.nodes\.0 is null/],
    ['a scalar for an object', page(['MN:a'], { pageInfo: undefined, [HIDDEN_PAGE_INFO]: 5 }), /shard__pageInfo is a number/],
    ['an unknown enum value', page(['MN:a'], { nodes: [thing('MN:a', { mood: 'ANGRY' })] }), /^things\.nodes\.0\.mood is "ANGRY", not a value of Mood$/],
    ['a custom scalar its check refuses', page(['MN:a'], { nodes: [thing('MN:a', { day: 'tuesday' })] }), /day is "tuesday", not a Day/],
    ['a number in a list of strings', page(['MN:a'], { nodes: [thing('MN:a', { tags: ['a', 3] })] }), /tags\.1 is a number/],
    ['a cursor that is not one', page(['MN:a'], { [HIDDEN_EDGES]: [{ cursor: 'zzz' }] }), /shard__edges\.0\.cursor is not a cursor/],
  ])('%s is refused, naming where', (_, data, expected) => {
    expect(problem(PAGE, data)).toMatch(expected);
  });

  test("a row of another country is refused: its id, a nested entity's key, or the id inside its cursor", () => {
    expect(problem(PAGE, page(['MN:a', 'KG:forged']))).toMatch(/^things\.nodes\.1\.id "KG:forged" belongs to KG, not to MN$/);
    expect(problem(PAGE, page(['MN:a'], { nodes: [thing('MN:a', { region: { code: 'KG' } })] }))).toMatch(/region\.code "KG" belongs to KG/);
    expect(problem(PAGE, page(['MN:a'], { nodes: [thing('MN:a', { id: 'no-prefix' })] }))).toMatch(/belongs to no country/);
    // The id need not be selected: the cursor the gateway always asks for names the row.
    const hidden = `{ things { nodes { name } ${HIDDEN_EDGES}: edges { cursor } } }`;
    const cursor = (id: string) => ({ cursor: encodeCursor('START_DATE_DESC', { key: null, id }) });
    expect(problem(hidden, { things: { nodes: [{ name: 'x' }], [HIDDEN_EDGES]: [cursor('MN:a')] } })).toBeNull();
    expect(problem(hidden, { things: { nodes: [{ name: 'x' }], [HIDDEN_EDGES]: [cursor('KG:a')] } })).toMatch(/cursor points at "KG:a" of KG, not of MN/);
    // The same answer from its own node passes.
    expect(problem(PAGE, page(['KG:a']), {}, 'KG')).toBeNull();
  });

  test('a by-id answer may be null; aliases and fragments are followed', () => {
    const query = 'query { one: thing(id: "MN:a") { ...F also: name } } fragment F on Thing { ident: id __typename }';
    expect(problem(query, { one: null })).toBeNull();
    expect(problem(query, { one: { ident: 'MN:a', __typename: 'Thing', also: 'x' } })).toBeNull();
    expect(problem(query, { one: { ident: 'KG:a', __typename: 'Thing', also: 'x' } })).toMatch(/^one\.ident "KG:a" belongs to KG/);
    expect(problem(query, { one: { ident: 'MN:a', __typename: 'Region', also: 'x' } })).toMatch(/^one\.__typename is a string .*not Thing$/);
  });

  test('@skip and @include: a field they leave out may be missing, one they keep may not', () => {
    const query =
      'query($c: Boolean!, $s: Boolean!) { one: thing(id: "MN:a") { id name @include(if: $c) ... @skip(if: $s) { mood } ...D @include(if: $c) } } fragment D on Thing { day }';
    const row = { id: 'MN:a' };
    expect(problem(query, { one: row }, { c: false, s: true })).toBeNull();
    expect(problem(query, { one: { ...row, name: 'n', day: '2020-01-02' } }, { c: true, s: true })).toBeNull();
    expect(problem(query, { one: { ...row, day: '2020-01-02' } }, { c: true, s: true })).toMatch(/^one\.name is missing$/);
    expect(problem(query, { one: row }, { c: false, s: false })).toMatch(/^one\.mood is missing$/);
    expect(problem(query, { one: { ...row, name: 'n' } }, { c: true, s: true })).toMatch(/^one\.day is missing$/);
    // Kept fields are checked as any other; a literal condition counts as a variable does.
    expect(problem(query, { one: { ...row, name: 5, day: '2020-01-02' } }, { c: true, s: true })).toMatch(/^one\.name is a number/);
    expect(problem('{ one: thing(id: "MN:a") { id name @skip(if: true) } }', { one: row })).toBeNull();
    expect(problem('{ one: thing(id: "MN:a") { id name @skip(if: false) } }', { one: row })).toMatch(/^one\.name is missing$/);
    // A variable the request leaves out takes the operation's default.
    const defaulted = 'query($s: Boolean = true) { one: thing(id: "MN:a") { id name @skip(if: $s) } }';
    expect(problem(defaulted, { one: row })).toBeNull();
    expect(problem(defaulted, { one: row }, { s: false })).toMatch(/^one\.name is missing$/);
  });

  test('aggregates: hidden key aliases are typed like the field they alias', () => {
    const query = '{ thingStats(groupBy: [REGION]) { count shard__region: region } }';
    expect(problem(query, { thingStats: [{ count: 2, shard__region: 'MN' }] })).toBeNull();
    expect(problem(query, { thingStats: [{ count: 2, shard__region: { x: 1 } }] })).toMatch(/shard__region is an object, not a String/);
  });

  test('a @shardOwned field may only name the answering country: group rows and the countries a group spans', () => {
    const stats = '{ thingStats(groupBy: [REGION, KIND]) { count shard__region: region shard__kind: kind } }';
    expect(problem(stats, { thingStats: [{ count: 2, shard__region: 'MN', shard__kind: 'a' }] })).toBeNull();
    expect(problem(stats, { thingStats: [{ count: 2, shard__region: null, shard__kind: 'a' }] })).toBeNull(); // not grouped by region
    expect(problem(stats, { thingStats: [{ count: 9, shard__region: 'KG', shard__kind: 'a' }] })).toMatch(
      /^thingStats\.0\.shard__region "KG" names KG, not MN$/,
    );
    const clusters = '{ clusters(min: 1) { shard__key: key shard__regions: regions things { id } } }';
    expect(problem(clusters, { clusters: [{ shard__key: 'k', shard__regions: ['MN'], things: [{ id: 'MN:t' }] }] })).toBeNull();
    expect(problem(clusters, { clusters: [{ shard__key: 'k', shard__regions: ['MN', 'KG'], things: [{ id: 'MN:t' }] }] })).toMatch(
      /^clusters\.0\.shard__regions\.1 "KG" names KG, not MN$/,
    );
  });

  test('entities: one answer per representation sent, each an entity type of the subgraph, owned by the node', () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { code motto } ... on Thing { id } } }';
    const r = [
      { __typename: 'Region', code: 'MN' },
      { __typename: 'Thing', id: 'MN:t' },
    ];
    const ok = [{ __typename: 'Region', code: 'MN', motto: null }, null];
    expect(problem(query, { _entities: ok }, { r })).toBeNull();
    expect(problem(query, { _entities: [ok[0]] }, { r })).toMatch(/^_entities has 1 entities for 2 representations$/);
    expect(problem(query, { _entities: [{ __typename: 'Thing', id: 'MN:t' }, null] }, { r })).toMatch(/^_entities\.0\.__typename is "Thing", not Region$/);
    expect(problem(query, { _entities: [{ code: 'MN', motto: 5 }, null] }, { r })).toMatch(/^_entities\.0\.motto is a number/); // typed by its representation
    expect(problem(query, { _entities: [null] }, { r: [{ __typename: 'Nope' }] })).toBeNull();
    expect(problem(query, { _entities: [{ code: 'MN' }] }, { r: [{ __typename: 'Nope' }] })).toMatch(
      /^_entities\.0 answers a representation of "Nope", not of an entity type$/,
    );
    expect(problem(query, { _entities: [{ __typename: 'Region', code: 'KG', motto: null }, null] }, { r })).toMatch(/_entities\.0\.code "KG" belongs to KG/);
  });

  test('mutations are checked against the Mutation type', () => {
    const query = 'mutation { createThing(input: { region: "MN", name: "x" }) { id name } }';
    expect(problem(query, { createThing: { id: 'MN:new', name: 'x' } })).toBeNull();
    expect(problem(query, { createThing: { id: 'AZ:new', name: 'x' } })).toMatch(/createThing\.id "AZ:new" belongs to AZ/);
  });

  test('a reason shows at most a short part of what the node sent', () => {
    const reason = problem(PAGE, page(['MN:a'], { nodes: [thing(`KG:${'x'.repeat(100_000)}`)] }))!;
    expect(reason.length).toBeLessThan(200);
  });
});
