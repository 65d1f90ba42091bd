import { readShardingSpec } from '../../../../gateway/sharding/spec.js';
import { FIXTURE_SDL } from '../../fixture.js';

describe('@shardAggregate read from the subgraph SDL', () => {
  test("a group-row field that is neither a key nor a sum is refused (it would take one node's value)", () => {
    const { errors } = readShardingSpec(FIXTURE_SDL.replace('count: Int! @shardSum }', 'count: Int! @shardSum average: Float }'));
    expect(errors).toEqual([expect.stringContaining('ThingStat.average: neither @shardGroupKey nor @shardSum')]);
  });
});
