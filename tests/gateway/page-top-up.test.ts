import { Kind, parse, valueFromASTUntyped, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { compareKeyed, cursorPosition, encodeCursor, type KeyDirection, type OrderName, type Position } from '../../contract/ordering.js';
import { parseFetch } from '../../gateway/operation.js';
import { FetchErrors } from '../../gateway/plan/errors.js';
import { executeQuery } from '../../gateway/plan/execute.js';
import { pageFetchFromEnv, PageFetchPolicy, type PageFetchOptions } from '../../gateway/plan/page-policy.js';
import { planQuery } from '../../gateway/plan/plan.js';
import { perNodeShare } from '../../gateway/primitives/page-share.js';
import { topUps } from '../../gateway/primitives/page-top-up.js';
import { readShardingSpec } from '../../gateway/sharding/spec.js';
import type { NodeRequest } from '../../gateway/transport/transport.js';
import { FIXTURE_SDL } from './fixture.js';
import { fakeTransport } from './helpers.js';

const spec = readShardingSpec(FIXTURE_SDL).spec!;
type Row = Position;
const ORDERS: Record<string, { order: OrderName; direction: KeyDirection }> = {
  NEWEST: { order: 'START_DATE_DESC', direction: 'DESC' },
  OLDEST: { order: 'START_DATE_ASC', direction: 'ASC' },
};

/** Answers `things` like a node over its own rows: keyset paging after a cursor, first + hasNextPage, a total. */
function fakeNode(rows: Row[]) {
  return (request: NodeRequest) => {
    const op = parse(request.query).definitions[0] as OperationDefinitionNode;
    const data: Record<string, unknown> = {};
    for (const sel of op.selectionSet.selections) {
      const field = sel as FieldNode;
      const arg = (name: string) => {
        const a = field.arguments?.find((x) => x.name.value === name);
        return a ? valueFromASTUntyped(a.value, request.variables) : undefined;
      };
      const { order, direction } = ORDERS[(arg('orderBy') as string | undefined) ?? 'NEWEST'];
      const first = (arg('first') as number | undefined) ?? 10;
      const after = arg('after') as string | undefined;
      const from = after ? cursorPosition(after)! : null;
      const sorted = [...rows].sort((a, b) => compareKeyed(direction, a, b)).filter((r) => !from || compareKeyed(direction, r, from) > 0);
      const page = sorted.slice(0, first);
      const cursor = (r: Row) => encodeCursor(order, r);
      const shape = (set: SelectionSetNode | undefined, value: (name: string, sub: FieldNode) => unknown) =>
        Object.fromEntries(
          (set?.selections ?? []).filter((s): s is FieldNode => s.kind === Kind.FIELD).map((s) => [s.alias?.value ?? s.name.value, value(s.name.value, s)]),
        );
      data[field.alias?.value ?? field.name.value] = shape(field.selectionSet, (name, sub) => {
        if (name === 'total') return rows.length;
        if (name === 'nodes') return page.map((r) => ({ id: r.id }));
        if (name === 'edges') return page.map((r) => shape(sub.selectionSet, (n) => (n === 'cursor' ? cursor(r) : { id: r.id })));
        if (name === 'pageInfo')
          return shape(sub.selectionSet, (n) => (n === 'hasNextPage' ? sorted.length > first : page.length ? cursor(page[page.length - 1]) : null));
        return null;
      });
    }
    return { data };
  };
}

const QUERY = `query ($first: Int, $after: String, $orderBy: ThingOrder) {
  things(first: $first, after: $after, orderBy: $orderBy) { total nodes { id } edges { cursor } pageInfo { hasNextPage endCursor } }
}`;

async function page(shards: Record<string, Row[]>, variables: Record<string, unknown>, options?: PageFetchOptions) {
  const parsed = parseFetch(QUERY);
  const { transport, sent } = fakeTransport(Object.fromEntries(Object.entries(shards).map(([c, rows]) => [c, fakeNode(rows)])));
  const pages = options ? new PageFetchPolicy(options) : undefined;
  const plan = planQuery(parsed, variables, spec, Object.keys(shards), pages);
  const { data, errors } = await executeQuery(plan, {
    parsed,
    variables,
    spec,
    transport,
    request: { deadline: Date.now() + 1000, headers: {} },
    errors: new FetchErrors(),
    pages,
  });
  expect(errors).toEqual([]);
  return { things: (data as any).things, sent };
}

/** What one database holding every shard's rows answers. */
function reference(shards: Record<string, Row[]>, orderBy: string, first: number, after: string | null) {
  const { order, direction } = ORDERS[orderBy];
  const from = after ? cursorPosition(after)! : null;
  const all = Object.values(shards)
    .flat()
    .sort((a, b) => compareKeyed(direction, a, b))
    .filter((r) => !from || compareKeyed(direction, r, from) > 0);
  const rows = all.slice(0, first);
  const endCursor = rows.length ? encodeCursor(order, rows[rows.length - 1]) : null;
  return {
    total: Object.values(shards).flat().length,
    nodes: rows.map((r) => ({ id: r.id })),
    edges: rows.map((r) => ({ cursor: encodeCursor(order, r) })),
    pageInfo: { hasNextPage: all.length > first, endCursor },
  };
}

/** A seeded generator, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const day = (n: number) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10);
const TOPK: PageFetchOptions = { mode: 'topk', missRate: 0.005 };

describe('per-node share', () => {
  test('a node count and page size give a share below first; one node or tiny pages fetch in full', () => {
    expect(perNodeShare(50, 4, 0.005)).toBeGreaterThan(12);
    expect(perNodeShare(50, 4, 0.005)).toBeLessThan(30);
    expect(perNodeShare(50, 50, 0.005)).toBeLessThan(10);
    expect(perNodeShare(50, 1, 0.005)).toBe(50);
    expect(perNodeShare(1, 4, 0.005)).toBe(1);
    expect(perNodeShare(500, 4, 0.005)).toBeLessThanOrEqual(500);
  });

  test('first out of the range nodes accept is sent as given, so they reject it as they would alone', () => {
    const policy = new PageFetchPolicy(TOPK);
    expect(policy.share('s', 501, 4)).toBe(501);
    expect(policy.share('s', -1, 4)).toBe(-1);
    expect(policy.share('s', 0, 4)).toBe(0);
    expect(new PageFetchPolicy({ mode: 'full', missRate: 0.005 }).share('s', 50, 4)).toBe(50);
  });

  test('PAGE_FETCH and PAGE_FETCH_MISS_RATE: defaults, accepted values, and a clear refusal of others', () => {
    expect(pageFetchFromEnv({})).toEqual({ mode: 'auto', missRate: 0.005 });
    expect(pageFetchFromEnv({ PAGE_FETCH: 'full', PAGE_FETCH_MISS_RATE: '0.01' })).toEqual({ mode: 'full', missRate: 0.01 });
    expect(() => pageFetchFromEnv({ PAGE_FETCH: 'fast' })).toThrow('PAGE_FETCH must be auto, topk or full');
    expect(() => pageFetchFromEnv({ PAGE_FETCH_MISS_RATE: '1' })).toThrow('PAGE_FETCH_MISS_RATE must be between 0 and 1');
    expect(() => pageFetchFromEnv({ PAGE_FETCH_MISS_RATE: 'x' })).toThrow('PAGE_FETCH_MISS_RATE');
  });

  test('auto mode falls back to full fetches for a shape whose pages keep needing top-ups', () => {
    const policy = new PageFetchPolicy({ mode: 'auto', missRate: 0.005 });
    for (let i = 0; i < 50; i++) policy.record('skewed', true);
    expect(policy.share('skewed', 50, 4)).toBe(50);
    expect(policy.share('even', 50, 4)).toBeLessThan(50);
  });
});

describe('top-up threshold', () => {
  const c = (key: string, id: string) => encodeCursor('START_DATE_DESC', { key, id });
  test('only nodes whose last row is ahead of the page end and that have more are asked, for just the rows that can fit', () => {
    const ups = topUps('DESC', 4, [
      { country: 'MN', cursors: [c('2020-01-09', 'MN:1'), c('2020-01-08', 'MN:2')], hasNextPage: true },
      { country: 'KG', cursors: [c('2020-01-07', 'KG:1'), c('2020-01-01', 'KG:2')], hasNextPage: true },
      { country: 'AZ', cursors: [c('2020-01-09', 'AZ:1')], hasNextPage: false },
    ]);
    // MN: 3 rows at or before its last (AZ:1, MN:1, MN:2) -> 1 more can fit; KG: all 5 come first -> none.
    expect(ups).toEqual([{ country: 'MN', first: 1, after: c('2020-01-08', 'MN:2') }]);
  });

  test('a node that says it has more but sent nothing is asked for a full page after the client cursor', () => {
    expect(topUps('DESC', 3, [{ country: 'MN', cursors: [], hasNextPage: true }])).toEqual([{ country: 'MN', first: 3, after: null }]);
  });
});

describe('top-k pages equal one database', () => {
  test('all rows of the page on one node: that node is topped up once, the others are not', async () => {
    const shards = {
      MN: Array.from({ length: 60 }, (_, i) => ({ key: day(100 - i), id: `MN:${String(i).padStart(3, '0')}` })),
      KG: Array.from({ length: 30 }, (_, i) => ({ key: day(i), id: `KG:${i}` })),
      AZ: Array.from({ length: 30 }, (_, i) => ({ key: day(i), id: `AZ:${i}` })),
    };
    const { things, sent } = await page(shards, { first: 50 }, TOPK);
    expect(things).toEqual(reference(shards, 'NEWEST', 50, null));
    expect(sent.filter((s) => s.country === 'MN')).toHaveLength(2);
    expect(sent.filter((s) => s.country !== 'MN')).toHaveLength(2);
    const topUp = sent.filter((s) => s.country === 'MN')[1].request;
    expect(topUp.query).not.toContain('total'); // the sums come from the first answer
    expect(topUp.variables).toEqual(expect.objectContaining({ shard__first0: expect.any(Number), shard__after0: expect.any(String) }));
  });

  test('random shards (skewed, ties on the sort key, undated rows), both orders, every page of a walk with cursors', async () => {
    const next = random(14);
    for (let trial = 0; trial < 40; trial++) {
      const countries = ['MN', 'KG', 'AZ', 'VN'].slice(0, 2 + Math.floor(next() * 3));
      const shards: Record<string, Row[]> = {};
      for (const [i, cc] of countries.entries()) {
        const size = Math.floor(next() * (i === 0 ? 120 : 25)); // the first node holds most rows
        const keys = 1 + Math.floor(next() * 20); // few distinct keys: many ties
        shards[cc] = Array.from({ length: size }, (_, n) => ({
          key: next() < 0.1 ? null : day(Math.floor(next() * keys)),
          id: `${cc}:${String(n).padStart(3, '0')}`,
        }));
      }
      const orderBy = next() < 0.5 ? 'NEWEST' : 'OLDEST';
      const first = 1 + Math.floor(next() * 40);
      let after: string | null = null;
      for (let n = 0; n < 200; n++) {
        const expected = reference(shards, orderBy, first, after);
        const { things } = await page(shards, { first, after, orderBy }, TOPK);
        expect(things).toEqual(expected);
        if (!expected.pageInfo.hasNextPage) break;
        after = expected.pageInfo.endCursor;
      }
    }
  });

  test('full and top-k fetches answer the same; top-k ships fewer rows for evenly spread data', async () => {
    const next = random(7);
    const shards: Record<string, Row[]> = {};
    for (const cc of ['MN', 'KG', 'AZ', 'VN']) shards[cc] = Array.from({ length: 200 }, (_, n) => ({ key: day(Math.floor(next() * 3000)), id: `${cc}:${n}` }));
    const full = await page(shards, { first: 50 }, { mode: 'full', missRate: 0.005 });
    const topk = await page(shards, { first: 50 }, TOPK);
    expect(topk.things).toEqual(full.things);
    const asked = (sent: typeof full.sent) => sent.reduce((sum, s) => sum + Number(/first: (\d+)/.exec(s.request.query)?.[1] ?? s.request.variables?.first), 0);
    expect(asked(full.sent)).toBe(200);
    expect(asked(topk.sent)).toBeLessThan(120);
  });

  test('two aliased pages in one fetch are topped up in one request per node, each exactly', async () => {
    const shards = {
      MN: Array.from({ length: 40 }, (_, i) => ({ key: day(100 - i), id: `MN:${String(i).padStart(3, '0')}` })),
      KG: Array.from({ length: 40 }, (_, i) => ({ key: day(i), id: `KG:${String(i).padStart(3, '0')}` })),
      AZ: [],
    };
    const query = `query ($n: Int, $o: Int) {
      newest: things(first: $n, orderBy: NEWEST) { total nodes { id } pageInfo { hasNextPage endCursor } }
      oldest: things(first: $o, orderBy: OLDEST) { nodes { id } pageInfo { hasNextPage } }
    }`;
    const parsed = parseFetch(query);
    const { transport, sent } = fakeTransport(Object.fromEntries(Object.entries(shards).map(([c, rows]) => [c, fakeNode(rows)])));
    const pages = new PageFetchPolicy(TOPK);
    const variables = { n: 30, o: 25 };
    const plan = planQuery(parsed, variables, spec, Object.keys(shards), pages);
    const { data, errors } = await executeQuery(plan, {
      parsed,
      variables,
      spec,
      transport,
      request: { deadline: Date.now() + 1000, headers: {} },
      errors: new FetchErrors(),
      pages,
    });
    expect(errors).toEqual([]);
    const newest = reference(shards, 'NEWEST', 30, null);
    const oldest = reference(shards, 'OLDEST', 25, null);
    expect((data as any).newest).toEqual({ total: 80, nodes: newest.nodes, pageInfo: newest.pageInfo });
    expect((data as any).oldest).toEqual({ nodes: oldest.nodes, pageInfo: { hasNextPage: true } });
    // MN holds the newest page, KG the oldest: each is asked once more, for both fields at most.
    expect(sent.filter((s) => s.country === 'MN')).toHaveLength(2);
    expect(sent.filter((s) => s.country === 'KG')).toHaveLength(2);
    expect(sent.filter((s) => s.country === 'AZ')).toHaveLength(1);
  });

  test('a node failing its top-up makes its country unavailable instead of a silently short page', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ key: day(100 - i), id: `MN:${String(i).padStart(3, '0')}` }));
    const node = fakeNode(rows);
    let calls = 0;
    const parsed = parseFetch(QUERY);
    const { transport } = fakeTransport({ MN: (r) => (++calls === 1 ? node(r) : 'timeout'), KG: fakeNode([]), AZ: fakeNode([]) });
    const pages = new PageFetchPolicy(TOPK);
    const plan = planQuery(parsed, { first: 30 }, spec, ['MN', 'KG', 'AZ'], pages);
    const { data, errors } = await executeQuery(plan, {
      parsed,
      variables: { first: 30 },
      spec,
      transport,
      request: { deadline: Date.now() + 1000, headers: {} },
      errors: new FetchErrors(),
      pages,
    });
    expect((data as any).things.nodes).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'COUNTRY_UNAVAILABLE', country: 'MN' }) })]);
  });
});
