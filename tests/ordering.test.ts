import { compareGroupKeys, compareKeyed, cursorPosition, decodeCursor, encodeCursor, pageSize } from '../contract/ordering.js';

describe('the shared total order and its cursors', () => {
  test('key in its direction, missing keys last in both, then id ascending', () => {
    const rows = [
      { key: null, id: 'b' },
      { key: '2020-01-01', id: 'z' },
      { key: '2021-01-01', id: 'a' },
      { key: '2020-01-01', id: 'c' },
      { key: null, id: 'd' },
    ];
    const ids = (dir: 'ASC' | 'DESC' | null) => [...rows].sort((x, y) => compareKeyed(dir, x, y)).map((r) => `${r.key ?? '-'}:${r.id}`);
    expect(ids('DESC')).toEqual(['2021-01-01:a', '2020-01-01:c', '2020-01-01:z', '-:b', '-:d']);
    expect(ids('ASC')).toEqual(['2020-01-01:c', '2020-01-01:z', '2021-01-01:a', '-:b', '-:d']);
    expect(ids(null)).toEqual(['2021-01-01:a', '-:b', '2020-01-01:c', '-:d', '2020-01-01:z']);
  });

  test('ids compare byte-wise, as PostgreSQL\'s "C" collation does', () => {
    expect(compareKeyed(null, { key: null, id: 'KG:Z' }, { key: null, id: 'KG:a' })).toBeLessThan(0);
  });

  test('a cursor round-trips; the gateway reads its position without knowing the order', () => {
    const cursor = encodeCursor('UPDATED_AT_DESC', { key: '2026-11-01T00:00:00.000Z', id: 'MN:EVT:x' });
    expect(decodeCursor('UPDATED_AT_DESC', cursor)).toEqual({ key: '2026-11-01T00:00:00.000Z', id: 'MN:EVT:x' });
    expect(cursorPosition(cursor)).toEqual({ key: '2026-11-01T00:00:00.000Z', id: 'MN:EVT:x' });
    expect(cursorPosition('not a cursor')).toBeNull();
  });

  test('a cursor of another order, a tampered key or garbage is bad input', () => {
    const cursor = encodeCursor('START_DATE_DESC', { key: '2020-01-01', id: 'a' });
    expect(() => decodeCursor('START_DATE_ASC', cursor)).toThrow(/cursor for order START_DATE_DESC/);
    expect(() => decodeCursor('START_DATE_DESC', encodeCursor('START_DATE_DESC', { key: "2020-01-01'; --", id: 'a' }))).toThrow(/not a cursor/);
    expect(() => decodeCursor('ID_ASC', '%%%')).toThrow(/not a cursor/);
  });

  test('page size: default 50, 0..500 accepted, anything else refused', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(0)).toBe(0);
    expect(() => pageSize(501)).toThrow(/between 0 and 500/);
    expect(() => pageSize(-1)).toThrow();
  });

  test('group keys order first key first, nulls last', () => {
    const keys = [
      ['MN', 2017],
      ['KG', null],
      ['KG', 2016],
      [null, 2015],
    ];
    expect([...keys].sort(compareGroupKeys)).toEqual([
      ['KG', 2016],
      ['KG', null],
      ['MN', 2017],
      [null, 2015],
    ]);
  });
});
