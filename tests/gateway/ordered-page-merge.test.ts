import { encodeCursor, type OrderName } from '../../contract/ordering.js';
import { HIDDEN_EDGES, HIDDEN_PAGE_INFO } from '../../gateway/operation.js';
import { mergeOrderedPages, type NodePage } from '../../gateway/primitives/ordered-page-merge.js';
import { rootField } from './helpers.js';

const typenames = { connection: 'ThingConnection', pageInfo: 'PageInfo' };
const sumFields = new Set(['totalCount']);

/** A node's page of (key, id) rows, first `take` of them, as a node answers a connection with the gateway's hidden fields. */
function nodePage(country: string, order: OrderName, rows: Array<[string | null, string]>, take: number, total = rows.length): NodePage {
  const page = rows.slice(0, take);
  const edges = page.map(([key, id]) => ({ cursor: encodeCursor(order, { key, id }), node: { id } }));
  return {
    country,
    value: {
      totalCount: total,
      nodes: page.map(([, id]) => ({ id })),
      edges,
      [HIDDEN_EDGES]: edges.map((e) => ({ cursor: e.cursor })),
      [HIDDEN_PAGE_INFO]: { hasNextPage: rows.length > take },
    },
  };
}

const query = '{ things(first: 3) { totalCount nodes { id } edges { cursor } pageInfo { hasNextPage endCursor } __typename } }';

describe('ordered page merge', () => {
  test('keeps the first `first` rows of the union in key order (DESC, nulls last), ids ascending on ties', () => {
    const { field, fragments } = rootField(query);
    const mn = nodePage(
      'MN',
      'START_DATE_DESC',
      [
        ['2020-01-01', 'MN:1'],
        ['2018-01-01', 'MN:2'],
        [null, 'MN:3'],
      ],
      3,
    );
    const kg = nodePage(
      'KG',
      'START_DATE_DESC',
      [
        ['2020-01-01', 'KG:1'],
        ['2019-05-01', 'KG:2'],
        [null, 'KG:0'],
      ],
      3,
    );
    const merged = mergeOrderedPages(field, fragments, { direction: 'DESC', first: 3, sumFields, typenames }, [mn, kg]);
    expect((merged.nodes as Array<{ id: string }>).map((n) => n.id)).toEqual(['KG:1', 'MN:1', 'KG:2']);
    expect(merged.totalCount).toBe(6);
    expect(merged.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('START_DATE_DESC', { key: '2019-05-01', id: 'KG:2' }) });
    expect(merged.__typename).toBe('ThingConnection');
    // edges and nodes stay aligned row by row
    expect((merged.edges as Array<{ cursor: string }>)[1].cursor).toBe(encodeCursor('START_DATE_DESC', { key: '2020-01-01', id: 'MN:1' }));
  });

  test('ascending order and nulls last', () => {
    const { field, fragments } = rootField(query);
    const a = nodePage(
      'MN',
      'START_DATE_ASC',
      [
        ['2018-01-01', 'MN:2'],
        [null, 'MN:3'],
      ],
      3,
    );
    const b = nodePage(
      'KG',
      'START_DATE_ASC',
      [
        ['2019-05-01', 'KG:2'],
        [null, 'KG:0'],
      ],
      3,
    );
    const merged = mergeOrderedPages(field, fragments, { direction: 'ASC', first: 3, sumFields, typenames }, [a, b]);
    expect((merged.nodes as Array<{ id: string }>).map((n) => n.id)).toEqual(['MN:2', 'KG:2', 'KG:0']);
    expect((merged.pageInfo as { hasNextPage: boolean }).hasNextPage).toBe(true); // MN:3 left over
  });

  test('by id alone when the order has no key; a node with more rows keeps hasNextPage true', () => {
    const { field, fragments } = rootField(query);
    const a = nodePage(
      'AZ',
      'ID_ASC',
      [
        [null, 'AZ:a'],
        [null, 'AZ:b'],
        [null, 'AZ:c'],
        [null, 'AZ:d'],
      ],
      1,
    );
    const b = nodePage('VN', 'ID_ASC', [[null, 'VN:a']], 1);
    const merged = mergeOrderedPages(field, fragments, { direction: null, first: 3, sumFields, typenames }, [b, a]);
    expect((merged.nodes as Array<{ id: string }>).map((n) => n.id)).toEqual(['AZ:a', 'VN:a']);
    expect((merged.pageInfo as { hasNextPage: boolean }).hasNextPage).toBe(true);
  });

  test('no node answered: the empty page, shaped like the selection, with its typenames', () => {
    const { field, fragments } = rootField('{ things { total: totalCount nodes { id } pageInfo { hasNextPage endCursor __typename } } }');
    expect(mergeOrderedPages(field, fragments, { direction: 'DESC', first: 50, sumFields, typenames }, [])).toEqual({
      total: 0,
      nodes: [],
      pageInfo: { hasNextPage: false, endCursor: null, __typename: 'PageInfo' },
    });
  });

  test('first: 0 returns no rows but says whether any exist', () => {
    const { field, fragments } = rootField(query);
    const a = nodePage('MN', 'ID_ASC', [[null, 'MN:1']], 0);
    const merged = mergeOrderedPages(field, fragments, { direction: null, first: 0, sumFields, typenames }, [a]);
    expect(merged.nodes).toEqual([]);
    expect(merged.pageInfo).toEqual({ hasNextPage: true, endCursor: null });
  });

  test('aliases and fragments in the selection are honoured', () => {
    const { field, fragments } = rootField('{ things { ...C } } fragment C on ThingConnection { n: totalCount rows: nodes { id } }');
    const a = nodePage('MN', 'ID_ASC', [[null, 'MN:1']], 1, 7);
    a.value.n = 7;
    a.value.rows = a.value.nodes;
    const merged = mergeOrderedPages(field, fragments, { direction: null, first: 5, sumFields, typenames }, [a]);
    expect(merged).toEqual({ n: 7, rows: [{ id: 'MN:1' }] });
  });
});
