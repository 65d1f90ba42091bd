import { readShardingSpec } from '../../../../gateway/sharding/spec.js';
import { FIXTURE_SDL } from '../../fixture.js';

describe('@shardKey and @shardOwned read from the subgraph SDL', () => {
  test('an owned field must say how its values name a country', () => {
    const { errors } = readShardingSpec(FIXTURE_SDL.replace('@shardOwned(by: "VALUE") kind', '@shardOwned(by: "NAME") kind'));
    expect(errors).toEqual([expect.stringMatching(/^ThingStat\.region @shardOwned: by must be PREFIX or VALUE$/)]);
  });
});
