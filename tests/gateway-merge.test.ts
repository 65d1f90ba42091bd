import { referenceOverlaps, referenceSort, referenceTextMatch, type GeneratedEvent, type GeneratedProgramme, type ReferenceOrder } from './support/generate.js';
import { startFederation, type TestFederation } from './support/federation.js';

/**
 * The gateway over four real nodes must answer exactly what one database holding every
 * country's rows would: the reference is computed here from the union of the generated rows.
 */
let fed: TestFederation;
let events: GeneratedEvent[];
let programmes: GeneratedProgramme[];

beforeAll(async () => {
  fed = await startFederation({ generate: { events: 120, programmes: 30, organisations: 12 } });
  events = [...fed.data.values()].flatMap((d) => d.events);
  programmes = [...fed.data.values()].flatMap((d) => d.programmes);
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

const EVENTS_PAGE = `query($filter: EventFilter, $orderBy: EventOrder, $first: Int, $after: String) {
  events(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { id startDate } }
    nodes { id }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PROGRAMMES_PAGE = `query($filter: ProgrammeFilter, $orderBy: ProgrammeOrder, $first: Int, $after: String) {
  programmes(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    nodes { id }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Follows endCursor until hasNextPage is false; checks every page's invariants on the way. */
async function walk(field: 'events' | 'programmes', query: string, variables: Record<string, unknown>, first: number) {
  const ids: string[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const res: any = await fed.query(query, { ...variables, first, after });
    expect(res.errors).toBeUndefined();
    const conn = res.data[field];
    totals.add(conn.totalCount);
    expect(conn.nodes.length).toBeLessThanOrEqual(first);
    if (conn.edges) expect(conn.edges.map((e: any) => e.node.id)).toEqual(conn.nodes.map((n: any) => n.id));
    ids.push(...conn.nodes.map((n: any) => n.id));
    if (!conn.pageInfo.hasNextPage) {
      return { ids, totals };
    }
    expect(conn.nodes.length).toBe(first);
    after = conn.pageInfo.endCursor;
  }
  throw new Error('walk did not end');
}

const EVENT_FILTERS: Array<{ name: string; filter: Record<string, unknown>; keep: (e: GeneratedEvent) => boolean; small?: boolean }> = [
  { name: 'no filter', filter: {}, keep: () => true },
  { name: 'year 2017', filter: { from: '2017-01-01', to: '2017-12-31' }, keep: (e) => referenceOverlaps(e, '2017-01-01', '2017-12-31') },
  { name: 'types', filter: { types: ['SEMINAR', 'TRAINING'] }, keep: (e) => ['SEMINAR', 'TRAINING'].includes(e.type) },
  { name: 'text', filter: { text: 'СЕМИНАР' }, keep: (e) => referenceTextMatch([e.title, e.summary], 'семинар'), small: true },
  {
    name: 'two countries',
    filter: { countries: ['KG', 'VN'], to: '2016-12-31' },
    keep: (e) => ['KG', 'VN'].includes(e.country) && referenceOverlaps(e, null, '2016-12-31'),
    small: true,
  },
];

describe.each(['START_DATE_DESC', 'START_DATE_ASC', 'UPDATED_AT_DESC'] as ReferenceOrder[])('events ordered %s', (order) => {
  test.each(EVENT_FILTERS)('$name: pages of 7 and 50 (and 1 when small) equal the single-database sequence', async ({ filter, keep, small }) => {
    const expected = referenceSort(events.filter(keep), order).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(0);
    for (const first of small ? [1, 7, 50] : [7, 50]) {
      const { ids, totals } = await walk('events', EVENTS_PAGE, { filter, orderBy: order }, first);
      expect(ids).toEqual(expected);
      expect([...totals]).toEqual([expected.length]);
    }
  });
});

test.each(['START_DATE_DESC', 'START_DATE_ASC', 'UPDATED_AT_DESC'] as ReferenceOrder[])(
  'programmes active on 2018-06-01 ordered %s, pages of 1 and 7',
  async (order) => {
    const expected = referenceSort(
      programmes.filter((p) => referenceOverlaps(p, '2018-06-01', '2018-06-01')),
      order,
    ).map((p) => p.id);
    expect(expected.length).toBeGreaterThan(0);
    for (const first of [1, 7]) {
      const { ids } = await walk('programmes', PROGRAMMES_PAGE, { filter: { activeOn: '2018-06-01' }, orderBy: order }, first);
      expect(ids).toEqual(expected);
    }
  },
);

test('a first page of 50 has the global order and hasNextPage', async () => {
  const res = await fed.query(EVENTS_PAGE, { first: 50 });
  const expected = referenceSort(events, 'START_DATE_DESC')
    .slice(0, 50)
    .map((e) => e.id);
  expect(res.data.events.nodes.map((n: any) => n.id)).toEqual(expected);
  expect(res.data.events.pageInfo.hasNextPage).toBe(true);
  expect(res.data.events.totalCount).toBe(events.length);
  // Items from several countries are interleaved, not concatenated.
  expect(new Set(expected.map((id) => id.slice(0, 2))).size).toBeGreaterThan(1);
});

test('eventStats groups are summed across nodes and equal the reference', async () => {
  const res = await fed.query(`{ eventStats(groupBy: [YEAR, TYPE], filter: { from: "2015-01-01" }) { year type count participantCount } }`);
  expect(res.errors).toBeUndefined();
  const expected = new Map<string, { count: number; participants: number }>();
  for (const e of events.filter((x) => referenceOverlaps(x, '2015-01-01', null))) {
    const key = `${e.startDate ? Number(e.startDate.slice(0, 4)) : null}|${e.type}`;
    const g = expected.get(key) ?? { count: 0, participants: 0 };
    g.count += 1;
    g.participants += e.participantCount ?? 0;
    expected.set(key, g);
  }
  const got = new Map<string, { count: number; participants: number }>(
    res.data.eventStats.map((s: any) => [`${s.year}|${s.type}`, { count: s.count, participants: s.participantCount }]),
  );
  expect(got).toEqual(expected);
  expect(res.data.eventStats.length).toBe(expected.size);
});

test('stats grouped by COUNTRY keep countries apart even when country is not selected', async () => {
  const res = await fed.query(`{ eventStats(groupBy: [COUNTRY]) { count } }`);
  expect(res.data.eventStats.map((s: any) => s.count)).toEqual(['AZ', 'KG', 'MN', 'VN'].map((c) => events.filter((e) => e.country === c).length));
});

test('programmeStats by THEME counts a programme once per theme', async () => {
  const res = await fed.query(`{ programmeStats(groupBy: [THEME]) { theme count } }`);
  const expected = new Map<string | null, number>();
  for (const p of programmes) for (const t of p.themes.length ? p.themes : [null]) expected.set(t, (expected.get(t) ?? 0) + 1);
  expect(new Map(res.data.programmeStats.map((s: any) => [s.theme, s.count]))).toEqual(expected);
});

test('Country.events through the regional countries list goes to each country node', async () => {
  const res = await fed.query(`{ countries { code name { text } events(first: 2) { totalCount nodes { id } } } }`);
  expect(res.errors).toBeUndefined();
  for (const c of res.data.countries) {
    const mine = events.filter((e) => e.country === c.code);
    expect(c.events.totalCount).toBe(mine.length);
    expect(c.events.nodes.map((n: any) => n.id)).toEqual(
      referenceSort(mine, 'START_DATE_DESC')
        .slice(0, 2)
        .map((e) => e.id),
    );
  }
});

test('first: 0 returns no rows but tells whether there are any (hasNextPage), like one database', async () => {
  const some = await fed.query(`{ events(first: 0) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`);
  expect(some.data.events).toEqual({ totalCount: events.length, nodes: [], pageInfo: { hasNextPage: true, endCursor: null } });
  const none = await fed.query(`{ events(first: 0, filter: { from: "2999-01-01", to: "2999-12-31" }) { nodes { id } pageInfo { hasNextPage } } }`);
  expect(none.data.events).toEqual({ nodes: [], pageInfo: { hasNextPage: false } });
});
