import { sumGroups } from '../../gateway/primitives/group-sum.js';
import { rootField } from './helpers.js';

const sumFields = new Set(['count', 'participantCount']);

describe('group-and-sum', () => {
  test('groups with equal keys are added; hidden keys keep countries apart even when not selected', () => {
    const { field, fragments } = rootField('{ stats(groupBy: [COUNTRY, YEAR]) { year count participantCount } }');
    const mn = [{ shard__country: 'MN', shard__year: 2017, year: 2017, count: 2, participantCount: 10 }];
    const kg = [
      { shard__country: 'KG', shard__year: 2017, year: 2017, count: 3, participantCount: 5 },
      { shard__country: 'KG', shard__year: null, year: null, count: 1, participantCount: 0 },
    ];
    const rows = sumGroups(field, fragments, { keyAliases: ['shard__country', 'shard__year'], sumFields }, [mn, kg]);
    expect(rows).toEqual([
      { year: 2017, count: 3, participantCount: 5 }, // KG sorts before MN
      { year: null, count: 1, participantCount: 0 },
      { year: 2017, count: 2, participantCount: 10 },
    ]);
  });

  test('the same group from several nodes becomes one row with the sums, under the client aliases', () => {
    const { field, fragments } = rootField('{ stats(groupBy: [TYPE]) { type n: count } }');
    const rows = sumGroups(field, fragments, { keyAliases: ['shard__type'], sumFields }, [
      [
        { shard__type: 'MEETING', type: 'MEETING', n: 2 },
        { shard__type: 'SEMINAR', type: 'SEMINAR', n: 1 },
      ],
      [{ shard__type: 'MEETING', type: 'MEETING', n: 5 }],
      [],
    ]);
    expect(rows).toEqual([
      { type: 'MEETING', n: 7 },
      { type: 'SEMINAR', n: 1 },
    ]);
  });

  test('no group key: one total row summed over nodes', () => {
    const { field, fragments } = rootField('{ stats(groupBy: []) { count } }');
    expect(sumGroups(field, fragments, { keyAliases: [], sumFields }, [[{ count: 4 }], [{ count: 6 }]])).toEqual([{ count: 10 }]);
  });
});
