import { SelectQueryBuilder, type EntityManager, type ObjectLiteral, type QueryRunner } from 'typeorm';
import type { OrderName } from '../contract/ordering.js';
import { applyEventFilter, applyOrganisationFilter, applyPersonFilter, applyProgrammeFilter } from '../subgraphs/country/data/filters.js';
import { applyOrder, positionOf, type Sortable } from '../subgraphs/country/data/page.js';
import { readRows } from '../subgraphs/country/data/page-rows.js';
import { Event } from '../subgraphs/country/entities/event.entity.js';
import { Organisation } from '../subgraphs/country/entities/organisation.entity.js';
import { Person } from '../subgraphs/country/entities/person.entity.js';
import { Programme } from '../subgraphs/country/entities/programme.entity.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// A page's rows read through the SQL printed once per query shape and hydrated column by column
// (page-rows.ts, issue 26) are the entities typeorm's getMany() returns for the same query:
// same class, same properties, same values, same order, for every list, filter, order, cursor
// and column selection tried here.

let node: TestNode;
let runner: QueryRunner;
let m: EntityManager;
beforeAll(async () => {
  node = await startTestNode('KG');
  runner = node.reads.createQueryRunner();
  m = runner.manager;
});
afterAll(async () => {
  await runner?.release();
  await node?.stop();
});

interface Case {
  name: string;
  make: () => SelectQueryBuilder<ObjectLiteral & Sortable>;
  alias: string;
  order: OrderName;
  /** Narrow read: these properties only (as readOnlyNeeded selects them). */
  columns?: string[];
}

const events = (filter: Parameters<typeof applyEventFilter>[1]) => () => applyEventFilter(m.getRepository(Event).createQueryBuilder('e'), filter);
const cases: Case[] = [
  { name: 'events, whole rows', make: events(null), alias: 'e', order: 'START_DATE_DESC' },
  {
    name: "events, the gateway's sub-request columns",
    make: events({ from: '2016-01-01' }),
    alias: 'e',
    order: 'START_DATE_DESC',
    columns: ['id', 'title', 'startDate', 'datePrecision', 'type', 'city'],
  },
  {
    name: 'events from/to, ascending',
    make: events({ from: '2010-01-01', to: '2030-12-31' }),
    alias: 'e',
    order: 'START_DATE_ASC',
    columns: ['id', 'startDate', 'themes', 'online', 'participantCount'],
  },
  {
    name: 'events by type and theme, by update',
    make: events({ types: ['MEETING', 'SEMINAR', 'TRAINING', 'CONFERENCE'] as never, themes: ['CHILD_LABOUR', 'SOCIAL_PROTECTION'] as never }),
    alias: 'e',
    order: 'UPDATED_AT_DESC',
  },
  { name: 'events by text', make: events({ text: 'a' }), alias: 'e', order: 'START_DATE_DESC', columns: ['id', 'startDate', 'summary', 'outcomes', 'endDate'] },
  { name: 'programmes', make: () => applyProgrammeFilter(m.getRepository(Programme).createQueryBuilder('p'), null), alias: 'p', order: 'START_DATE_ASC' },
  { name: 'organisations', make: () => applyOrganisationFilter(m.getRepository(Organisation).createQueryBuilder('o'), null), alias: 'o', order: 'ID_ASC' },
  { name: 'people', make: () => applyPersonFilter(m.getRepository(Person).createQueryBuilder('pe'), null), alias: 'pe', order: 'ID_ASC' },
];

function pageQuery(c: Case, first: number, after: Sortable | null) {
  const qb = c.make();
  if (c.columns) qb.select(c.columns.map((p) => `${c.alias}.${p}`));
  applyOrder(qb, c.alias, c.order, after ? positionOf(c.order, after) : null);
  return qb.limit(first + 1);
}

describe('page rows without SelectQueryBuilder.getMany()', () => {
  test.each(cases)('$name: the entities getMany() returns, page after page', async (c) => {
    let after: Sortable | null = null;
    for (let page = 0; page < 3; page++) {
      const sent = jest.spyOn(runner, 'query');
      const getMany = jest.spyOn(SelectQueryBuilder.prototype, 'getMany');
      let reference: Sortable[], rows: Sortable[];
      try {
        reference = await pageQuery(c, 7, after).getMany();
        getMany.mockClear();
        rows = await readRows(pageQuery(c, 7, after));
        expect(getMany).not.toHaveBeenCalled();
        // The same statement and parameters as getMany() sent.
        expect(sent.mock.calls).toHaveLength(2);
        expect(sent.mock.calls[1]).toEqual(sent.mock.calls[0]);
      } finally {
        getMany.mockRestore();
        sent.mockRestore();
      }
      expect(reference.length).toBeGreaterThan(0);
      // toStrictEqual: the same class, and no property set to undefined that getMany() leaves out.
      expect(rows).toStrictEqual(reference);
      for (const row of rows) expect(Object.getPrototypeOf(row)).toBe(Object.getPrototypeOf(reference[0]));
      if (reference.length <= 7) break;
      after = reference[6];
    }
  });

  test('a shape is printed once: a later page of the same shape (other parameters) does not print the SQL again', async () => {
    const c = cases[1];
    const first = await readRows(pageQuery(c, 5, null));
    await readRows(pageQuery(c, 5, first[2]));
    const getQuery = jest.spyOn(SelectQueryBuilder.prototype, 'getQuery');
    try {
      const reference = await pageQuery(c, 5, first[4]).getMany();
      const calls = getQuery.mock.calls.length;
      expect(calls).toBeGreaterThan(0);
      expect(await readRows(pageQuery(c, 5, first[4]))).toStrictEqual(reference);
      expect(getQuery.mock.calls.length).toBe(calls);
    } finally {
      getQuery.mockRestore();
    }
  });

  test('a query outside the plain shape (a join) is read by getMany()', async () => {
    const make = () =>
      m.getRepository(Event).createQueryBuilder('e').innerJoin('event_organisation', 'eo', 'eo.event_id = e.id').orderBy('e.id', 'ASC').limit(5);
    const getMany = jest.spyOn(SelectQueryBuilder.prototype, 'getMany');
    try {
      const rows = await readRows(make());
      expect(getMany).toHaveBeenCalledTimes(1);
      expect(rows).toStrictEqual(await make().getMany());
    } finally {
      getMany.mockRestore();
    }
  });
});
