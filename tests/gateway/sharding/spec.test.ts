import { readShardingSpec } from '../../../gateway/sharding/spec.js';
import { FIXTURE_SDL } from '../fixture.js';

describe('sharding declarations read from the subgraph SDL', () => {
  test('every declaration of the fixture is read, with defaults taken from the schema', () => {
    const { spec, errors } = readShardingSpec(FIXTURE_SDL);
    expect(errors).toEqual([]);
    const things = spec!.query.get('things');
    expect(things).toMatchObject({ kind: 'page', orderArgument: 'orderBy', defaultOrder: 'NEWEST', defaultFirst: 10, countriesPath: ['filter', 'regions'] });
    expect(things?.kind === 'page' && [...things.directions]).toEqual([
      ['OLDEST', 'ASC'],
      ['NEWEST', 'DESC'],
    ]);
    expect(things?.kind === 'page' && [...things.sumFields]).toEqual(['total']);
    expect(spec!.query.get('thing')).toEqual({ kind: 'owner', argumentPath: ['id'], by: 'PREFIX' });
    expect(spec!.query.get('clusters')).toMatchObject({ kind: 'groupMerge', defaultThreshold: 2, listFields: new Set(['things']) });
    expect(spec!.mutation.get('createThing')).toEqual({ kind: 'owner', argumentPath: ['input', 'region'], by: 'VALUE' });
    expect(spec!.entityKeys.get('Region')).toEqual({ field: 'code', by: 'VALUE' });
    expect(spec!.fieldShape('Region', 'things').kind).toBe('page');
    expect(spec!.fieldShape('Region', 'motto')).toEqual({ kind: 'nullable' });
    expect(spec!.fieldShape('Thing', 'name')).toEqual({ kind: 'required' });
  });

  test('a root field without a declaration is refused, never routed to one node', () => {
    const { errors } = readShardingSpec(FIXTURE_SDL.replace('type Query {', 'type Query {\n  newList: ThingConnection!'));
    expect(errors).toEqual([expect.stringMatching(/^Query\.newList declares no sharding/)]);
  });

  test('inconsistent declarations are reported one by one', () => {
    const sdl = FIXTURE_SDL.replace('ascending: ["OLDEST"], ', '')
      .replace('thing(id: ID!): Thing @shardOwner(argument: "id", by: "PREFIX")', 'thing(id: ID!): Thing @shardOwner(argument: "key", by: "SIDEWAYS")')
      .replace('@shardKey(field: "code", by: "VALUE") ', '')
      .replace('total: Int! @shardSum', 'total: Int! extra: Int');
    const { errors } = readShardingSpec(sdl);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('order values without a direction: OLDEST'),
        expect.stringContaining('key is not an argument path'),
        expect.stringContaining('by must be PREFIX or VALUE'),
        expect.stringContaining('Region: an entity of a sharded subgraph needs @shardKey'),
        expect.stringContaining('ThingConnection.extra: a connection field the gateway cannot merge'),
      ]),
    );
  });

  test('a mutation must name its one owner', () => {
    const { errors } = readShardingSpec(
      FIXTURE_SDL.replace('deleteThing(id: ID!): ID @shardOwner(argument: "id", by: "PREFIX")', 'deleteThing(id: ID!): ID @shardPage'),
    );
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining('Mutation.deleteThing')]));
  });
});
