import { mergeKeyedGroups } from '../../gateway/primitives/group-merge.js';
import { rootField } from './helpers.js';

const options = {
  keyField: 'globalRef',
  keyAlias: 'shard__globalRef',
  countriesField: 'countries',
  countriesAlias: 'shard__countries',
  listFields: new Set(['organisations']),
  threshold: 2,
};

describe('group-merge with threshold', () => {
  const { field, fragments } = rootField('{ reach { globalRef countries organisations { id } } }');
  const answer = (country: string, refs: string[]) => ({
    country,
    value: refs.map((ref) => ({
      shard__globalRef: ref,
      shard__countries: [country],
      globalRef: ref,
      countries: [country],
      organisations: [{ id: `${country}:ORG:${ref}` }],
    })),
  });

  test('groups spanning enough countries are kept, lists concatenated in country order, keys ordered', () => {
    const merged = mergeKeyedGroups(field, fragments, options, [answer('VN', ['ilo', 'sdc']), answer('KG', ['ilo', 'ioe']), answer('MN', ['sdc'])]);
    expect(merged).toEqual([
      { globalRef: 'ilo', countries: ['KG', 'VN'], organisations: [{ id: 'KG:ORG:ilo' }, { id: 'VN:ORG:ilo' }] },
      { globalRef: 'sdc', countries: ['MN', 'VN'], organisations: [{ id: 'MN:ORG:sdc' }, { id: 'VN:ORG:sdc' }] },
    ]);
  });

  test('a threshold of 1 keeps every group', () => {
    expect(mergeKeyedGroups(field, fragments, { ...options, threshold: 1 }, [answer('KG', ['ioe'])])).toHaveLength(1);
  });
});
