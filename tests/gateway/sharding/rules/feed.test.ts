import { readShardingSpec } from '../../../../gateway/sharding/spec.js';
import { FEED_SDL } from '../../feed-fixture.js';

describe('@shardFeed read from the subgraph SDL', () => {
  const spec = readShardingSpec(FEED_SDL).spec!;

  test('the SDL declaration is read; a feed with a field the gateway cannot merge is refused', () => {
    expect(spec.query.get('ticks')).toMatchObject({
      kind: 'feed',
      sinceArgument: 'since',
      defaultFirst: 3,
      positionField: 'seq',
      countriesPath: ['filter', 'regions'],
    });
    const bad = readShardingSpec(FEED_SDL.replace('missing: [String!]! }', 'missing: [String!]! total: Int }'));
    expect(bad.errors).toEqual([expect.stringContaining('TickFeed.total: a feed field the gateway cannot merge')]);
  });
});
