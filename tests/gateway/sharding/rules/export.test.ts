import { readShardingSpec } from '../../../../gateway/sharding/spec.js';
import { countrySchema } from '../../../../subgraphs/country/schema.js';

/*
 * What the gateway exports is what the sharded subgraph declares (@shardExport on a list field),
 * read with the rest of its sharding rules; a declaration the gateway could not honour refuses
 * the SDL, as every other sharding mistake does.
 */

let sdl: string;
beforeAll(async () => {
  sdl = (await countrySchema()).typeDefs;
});

/** The SDL with one list's export declaration replaced by `declaration` ('' removes it). */
function redeclare(path: string, declaration: string): string {
  const found = new RegExp(`@shardExport\\(path: "${path}", fields: \\[[^\\]]*\\]\\)`).exec(sdl);
  if (!found) throw new Error(`no @shardExport for ${path} in the SDL`);
  return sdl.replace(found[0], declaration);
}

describe('@shardExport read from the country SDL', () => {
  test('each declared list: its field, page order, filter argument and row fields with their shapes', () => {
    const { spec, errors } = readShardingSpec(sdl);
    expect(errors).toEqual([]);
    const people = spec!.exports.get('people')!;
    expect(people).toMatchObject({
      field: 'people',
      filterArgument: 'filter',
      countriesInFilter: ['countries'],
      rowType: 'Person',
      owner: { key: 'id', by: 'PREFIX' },
    });
    expect(people.fields.map((f) => f.key)).toEqual([
      'id',
      'country',
      'name',
      'nameVariants',
      'globalRef',
      'email',
      'phone',
      'roles',
      'sources',
      'updatedAt',
      'version',
    ]);
    const roles = people.fields.find((f) => f.key === 'roles')!;
    expect(roles.list && roles.shape.kind === 'object' && roles.shape.fields.map((f) => `${f.key}:${f.shape.kind}`)).toEqual([
      'title:object',
      'kind:leaf',
      'asOf:leaf',
      'organisationId:ref',
      'eventId:ref',
      'programmeId:ref',
    ]);
    expect(people.fields.find((f) => f.key === 'country')!.shape).toEqual({ kind: 'ref', by: 'VALUE' });
    expect([...spec!.exports.get('programmes')!.page.directions.keys()].sort()).toEqual(['START_DATE_ASC', 'START_DATE_DESC', 'UPDATED_AT_DESC']);
  });

  test('an undeclared list is not exported', () => {
    const { spec, errors } = readShardingSpec(redeclare('partnerships', ''));
    expect(errors).toEqual([]);
    expect([...spec!.exports.keys()].sort()).toEqual(['events', 'organisations', 'people', 'programmes']);
  });

  test.each([
    ['a list of entities', 'organisations', '@shardExport(path: "organisations", fields: ["id", "units"])', /list of entities \(Organisation\)/],
    [
      'a field that takes arguments',
      'organisations',
      '@shardExport(path: "organisations", fields: ["id", "events"])',
      /events is no field of Organisation without arguments/,
    ],
    ['no such field', 'people', '@shardExport(path: "people", fields: ["id", "shoeSize"])', /shoeSize is no field of Person/],
    ['a row without its key', 'people', '@shardExport(path: "people", fields: ["name"])', /must hold its key id/],
    [
      'an order whose sort key the row lacks',
      'programmes',
      '@shardExport(path: "programmes", fields: ["id", "title"])',
      /sorts by startDate, which the row must hold/,
    ],
    ['a path that is not one', 'people', '@shardExport(path: "../people", fields: ["id"])', /path must match/],
    ['a path declared twice', 'people', '@shardExport(path: "events", fields: ["id"])', /path events is declared twice/],
  ])('%s refuses the SDL, naming it', (_name, path, declaration, message) => {
    const { spec, errors } = readShardingSpec(redeclare(path, declaration));
    expect(spec).toBeNull();
    expect(errors).toContainEqual(expect.stringMatching(message));
    // Every error is the export declaration's (one per order that cannot be honoured, say).
    for (const error of errors) expect(error).toMatch(/@shardExport/);
  });
});
