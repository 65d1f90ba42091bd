/**
 * Orders and keyset paging of a country node over a real PostgreSQL, against the reference order
 * (sort key, undated last, then id ascending) computed here from generated data.
 */
import { EventType } from '../contract/enums.js';
import {
  generateCountryData,
  insertCountryData,
  referenceOverlaps,
  referenceSort,
  type CountryData,
  type GeneratedEvent,
  type GeneratedProgramme,
  type ReferenceOrder,
} from './support/generate.js';
import { startTestNode, type TestNode } from './support/nodes.js';

const CC = 'MN';
let node: TestNode;
let data: CountryData;

beforeAll(async () => {
  node = await startTestNode(CC, { seed: false });
  data = generateCountryData(CC, { events: 130, programmes: 45, seed: 7 });
  await insertCountryData(node.ds, data);
});
afterAll(async () => {
  await node?.stop();
});

interface Page {
  totalCount: number;
  edges: Array<{ cursor: string; node: { id: string; startDate?: string | null; updatedAt: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

type Kind = 'events' | 'programmes' | 'partnerships' | 'organisations';
const FILTER_TYPE: Record<Kind, string> = {
  events: 'EventFilter',
  programmes: 'ProgrammeFilter',
  partnerships: 'PartnershipFilter',
  organisations: 'OrganisationFilter',
};

function pageQuery(kind: Kind, ordered: boolean): string {
  const orderType = kind === 'events' ? 'EventOrder' : 'ProgrammeOrder';
  const dated = kind === 'events' || kind === 'programmes' ? 'startDate' : '';
  return `query($f: ${FILTER_TYPE[kind]}, ${ordered ? `$o: ${orderType}, ` : ''}$first: Int, $after: String) {
    page: ${kind}(filter: $f, ${ordered ? 'orderBy: $o, ' : ''}first: $first, after: $after) {
      totalCount edges { cursor node { id ${dated} updatedAt } } pageInfo { hasNextPage endCursor }
    }
  }`;
}

async function fetchPageOf(kind: Kind, vars: { f?: unknown; o?: string; first?: number; after?: string | null }) {
  return node.query<{ page: Page }>(pageQuery(kind, kind === 'events' || kind === 'programmes'), vars as Record<string, unknown>);
}

async function page(kind: Kind, vars: { f?: unknown; o?: string; first?: number; after?: string | null }): Promise<Page> {
  const res = await fetchPageOf(kind, vars);
  expect(res.errors).toBeUndefined();
  return res.data!.page;
}

/** Walks every page; checks totalCount, hasNextPage and endCursor on each; returns the ids in order. */
async function walk(kind: Kind, size: number, vars: { f?: unknown; o?: string } = {}): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  let total: number | null = null;
  for (let i = 0; i < 1000; i++) {
    const p: Page = await page(kind, { ...vars, first: size, after });
    if (total === null) total = p.totalCount;
    expect(p.totalCount).toBe(total);
    expect(p.edges.length).toBeLessThanOrEqual(size);
    ids.push(...p.edges.map((e) => e.node.id));
    if (p.edges.length) expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
    if (!p.pageInfo.hasNextPage) {
      expect(ids.length).toBe(total); // false exactly on the last page: nothing was left
      return ids;
    }
    expect(p.edges.length).toBe(size); // hasNextPage true → the page is full and more rows exist
    expect(ids.length).toBeLessThan(total!);
    after = p.pageInfo.endCursor;
  }
  throw new Error('paging did not terminate');
}

const ORDERS: ReferenceOrder[] = ['START_DATE_DESC', 'START_DATE_ASC', 'UPDATED_AT_DESC'];

describe('generated data exercises the tie-breaks', () => {
  test('many equal start dates, equal updatedAt and undated records', () => {
    const dates = data.events.map((e) => e.startDate).filter(Boolean);
    expect(new Set(dates).size).toBeLessThan(dates.length / 3);
    expect(new Set(data.events.map((e) => e.updatedAt.getTime())).size).toBeLessThan(data.events.length / 2);
    expect(data.events.filter((e) => !e.startDate).length).toBeGreaterThan(5);
    expect(data.programmes.filter((p) => !p.startDate).length).toBeGreaterThan(2);
  });
});

describe.each(['events', 'programmes'] as const)('%s orders', (kind) => {
  const rows = (): Array<GeneratedEvent | GeneratedProgramme> => (kind === 'events' ? data.events : data.programmes);

  test.each(ORDERS)('%s equals the reference order (ties by id, undated last)', async (order) => {
    const p = await page(kind, { o: order, first: 500 });
    const expected = referenceSort(rows(), order).map((r) => r.id);
    expect(p.edges.map((e) => e.node.id)).toEqual(expected);
    expect(p.totalCount).toBe(rows().length);
    expect(p.pageInfo.hasNextPage).toBe(false);

    // Explicitly: equal keys are ordered by id ascending, and undated rows come last.
    const nodes = p.edges.map((e) => e.node);
    let ties = 0;
    for (let i = 1; i < nodes.length; i++) {
      const [a, b] = [nodes[i - 1], nodes[i]];
      const ka = order === 'UPDATED_AT_DESC' ? a.updatedAt : a.startDate;
      const kb = order === 'UPDATED_AT_DESC' ? b.updatedAt : b.startDate;
      if (ka === kb) {
        ties += 1;
        expect(a.id < b.id).toBe(true);
      }
      if (order !== 'UPDATED_AT_DESC' && a.startDate === null) expect(b.startDate).toBeNull();
    }
    expect(ties).toBeGreaterThan(5);
    if (order !== 'UPDATED_AT_DESC') expect(nodes[nodes.length - 1].startDate).toBeNull();
  });

  test.each(ORDERS)('%s: pages of 1 and of 7 give the same sequence as one page of 500', async (order) => {
    const expected = referenceSort(rows(), order).map((r) => r.id);
    const one = await walk(kind, 1, { o: order });
    const seven = await walk(kind, 7, { o: order });
    expect(one).toEqual(expected);
    expect(seven).toEqual(expected);
    expect(new Set(one).size).toBe(one.length); // no overlap
  });
});

describe('paging with a filter', () => {
  test.each(ORDERS)('events %s filtered by dates and types', async (order) => {
    const f = {
      from: '2015-01-01',
      types: [EventType.MEETING, EventType.SEMINAR, EventType.TRAINING, EventType.CONFERENCE, EventType.BRIEFING, EventType.LAUNCH],
    };
    const expected = referenceSort(
      data.events.filter((e) => f.types.includes(e.type) && referenceOverlaps(e, f.from, null)),
      order,
    ).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(10);
    expect(await walk('events', 1, { o: order, f })).toEqual(expected);
    expect(await walk('events', 7, { o: order, f })).toEqual(expected);
    expect((await page('events', { o: order, f, first: 500 })).edges.map((e) => e.node.id)).toEqual(expected);
  });

  test('programmes filtered by recipient countries, ascending', async () => {
    const f = { recipientCountries: [CC, 'TJ'] };
    const expected = referenceSort(
      data.programmes.filter((p) => p.recipientCountries.some((c) => f.recipientCountries.includes(c))),
      'START_DATE_ASC',
    ).map((p) => p.id);
    expect(expected.length).toBeGreaterThan(7);
    expect(await walk('programmes', 1, { o: 'START_DATE_ASC', f })).toEqual(expected);
    expect(await walk('programmes', 7, { o: 'START_DATE_ASC', f })).toEqual(expected);
  });

  test('partnerships and organisations page by id', async () => {
    const partnerships = data.partnerships.map((p) => p.id).sort();
    expect(await walk('partnerships', 1)).toEqual(partnerships);
    expect(await walk('partnerships', 7)).toEqual(partnerships);
    const workers = data.partnerships
      .filter((p) => p.role === 'IMPLEMENTING')
      .map((p) => p.id)
      .sort();
    expect(await walk('partnerships', 2, { f: { roles: ['IMPLEMENTING'] } })).toEqual(workers);
    const orgs = data.organisations.map((o) => o.id).sort();
    expect(await walk('organisations', 1)).toEqual(orgs);
    expect(await walk('organisations', 7)).toEqual(orgs);
  });

  test('an empty result is one empty last page', async () => {
    const p = await page('events', { f: { text: 'no such text anywhere' }, first: 5 });
    expect(p).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});

describe('page size', () => {
  test('first: 0 returns no edges but the total', async () => {
    const p = await page('events', { first: 0 });
    expect(p.edges).toEqual([]);
    expect(p.totalCount).toBe(data.events.length);
    const res = await node.query(`{ events(first: 0) { nodes { id } totalCount } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.events).toEqual({ nodes: [], totalCount: data.events.length });
  });

  test('the default page is 50; first: 500 is allowed', async () => {
    const res = await node.query(`{ events { nodes { id } pageInfo { hasNextPage } } }`);
    expect(res.data.events.nodes).toHaveLength(50);
    expect(res.data.events.pageInfo.hasNextPage).toBe(true);
    expect((await page('events', { first: 500 })).edges).toHaveLength(data.events.length);
  });

  test.each([501, 100000, -1])('first: %d is BAD_USER_INPUT', async (first) => {
    for (const kind of ['events', 'programmes', 'partnerships', 'organisations'] as const) {
      const res = await fetchPageOf(kind, { first });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const literal = await node.query(`{ events(first: ${first}) { totalCount } }`);
    expect(literal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const nested = await node.query(`{ programmes(first: 1) { nodes { events(first: ${first}) { id } } } }`);
    expect(nested.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('cursors', () => {
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8').toString('base64url');

  test.each([
    ['garbage', 'not a cursor!'],
    ['empty JSON object', b64({})],
    ['not JSON', b64('{{{')],
    ['wrong arity', b64(['START_DATE_DESC', '2017-01-01'])],
    ['number id', b64(['START_DATE_DESC', '2017-01-01', 5])],
    ['key not a date', b64(['START_DATE_DESC', 'yesterday', 'MN:EVT:x'])],
    ['key an impossible date', b64(['START_DATE_ASC', '2017-02-30', 'MN:EVT:x'])],
    ['updatedAt key not a timestamp', b64(['UPDATED_AT_DESC', 'soon', 'MN:EVT:x'])],
  ])('a malformed after (%s) is BAD_USER_INPUT', async (_name, after) => {
    const o = _name.startsWith('updatedAt') ? 'UPDATED_AT_DESC' : _name.includes('impossible') ? 'START_DATE_ASC' : 'START_DATE_DESC';
    const res = await fetchPageOf('events', { o, first: 3, after });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.data?.page ?? null).toBeNull();
  });

  test('a cursor from another order (or another list) is BAD_USER_INPUT', async () => {
    const desc = await page('events', { o: 'START_DATE_DESC', first: 2 });
    const cursor = desc.pageInfo.endCursor!;
    for (const o of ['START_DATE_ASC', 'UPDATED_AT_DESC']) {
      const res = await fetchPageOf('events', { o, first: 2, after: cursor });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const partnerships = await fetchPageOf('partnerships', { first: 2, after: cursor });
    expect(partnerships.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const idCursor = (await page('partnerships', { first: 1 })).pageInfo.endCursor!;
    const events = await fetchPageOf('events', { o: 'START_DATE_DESC', first: 2, after: idCursor });
    expect(events.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a cursor stays valid under another filter (a position, not an offset)', async () => {
    const all = referenceSort(data.events, 'START_DATE_DESC');
    const first = await page('events', { o: 'START_DATE_DESC', first: 10 });
    const f = { types: [EventType.MEETING, EventType.SEMINAR, EventType.TRAINING] };
    const next = await page('events', { o: 'START_DATE_DESC', f, first: 500, after: first.pageInfo.endCursor });
    const expected = all
      .slice(10)
      .filter((e) => f.types.includes(e.type))
      .map((e) => e.id);
    expect(next.edges.map((e) => e.node.id)).toEqual(expected);
  });

  test('after the last undated row there is nothing; after the last dated row come the undated', async () => {
    const ordered = referenceSort(data.events, 'START_DATE_DESC');
    const firstUndated = ordered.findIndex((e) => !e.startDate);
    const onePage = await page('events', { o: 'START_DATE_DESC', first: 500 });
    const cursorBefore = onePage.edges[firstUndated - 1].cursor;
    const rest = await page('events', { o: 'START_DATE_DESC', first: 500, after: cursorBefore });
    expect(rest.edges.map((e) => e.node.id)).toEqual(ordered.slice(firstUndated).map((e) => e.id));
    const last = await page('events', { o: 'START_DATE_DESC', first: 500, after: onePage.edges[onePage.edges.length - 1].cursor });
    expect(last.edges).toEqual([]);
    expect(last.pageInfo.hasNextPage).toBe(false);
  });
});
