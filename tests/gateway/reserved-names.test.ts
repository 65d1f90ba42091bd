import { parse } from 'graphql';
import { reservedNameIn } from '../../gateway/reserved-names.js';

describe('names the gateway keeps for itself are refused in client documents', () => {
  test.each([
    ['{ events { shard__edges: nodes { id } } }', /The alias "shard__edges" starts with "shard__"/],
    ['{ eventStats(groupBy: [COUNTRY]) { shard__country: count } }', /alias "shard__country"/],
    ['query ($shard__first0: Int) { events(first: $shard__first0) { totalCount } }', /The variable name "\$shard__first0"/],
    ['query { ...F } fragment F on Query { a: events { x: nodes { shard__id: id } } }', /alias "shard__id"/],
  ])('%s', (query, expected) => {
    expect(reservedNameIn(parse(query))).toMatch(expected);
  });

  test.each([
    '{ events { edges { cursor } nodes { id } } }',
    '{ shard: events { shard_edges: nodes { id } } }',
    'query ($shard_first: Int) { events(first: $shard_first) { totalCount } }',
  ])('allowed: %s', (query) => {
    expect(reservedNameIn(parse(query))).toBeNull();
  });
});
