import { isObjectType, type GraphQLSchema } from 'graphql';
import { usePlainFieldResolvers } from '../subgraphs/country/plain-fields.js';
import { countrySchema } from '../subgraphs/country/schema.js';

// Plain property fields resolve by graphql-js's default resolver; every field with code behind
// it (field resolvers, root fields, federation's) keeps its own (subgraphs/country/plain-fields.ts).

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = (await countrySchema()).schema;
  usePlainFieldResolvers(schema);
});

const resolverOf = (type: string, field: string) => {
  const t = schema.getType(type);
  if (!isObjectType(t)) throw new Error(`${type} is not an object type`);
  const f = t.getFields()[field];
  if (!f) throw new Error(`${type}.${field} does not exist`);
  return f.resolve;
};

test('row properties resolve by default', () => {
  for (const [type, field] of [
    ['Event', 'id'],
    ['Event', 'city'],
    ['Event', 'startDate'],
    ['Event', 'title'],
    ['LocalizedText', 'original'],
    ['EventConnection', 'edges'],
    ['EventEdge', 'cursor'],
    ['PageInfo', 'hasNextPage'],
  ])
    expect(resolverOf(type, field)).toBeUndefined();
});

test('fields with code behind them keep their resolvers', () => {
  for (const [type, field] of [
    ['Query', 'events'],
    ['Query', '_entities'],
    ['Event', 'programme'],
    ['Event', 'organisers'],
    ['Event', 'country'],
    ['LocalizedText', 'text'],
    ['Programme', 'events'],
    ['Mutation', 'createEvent'],
  ])
    expect(resolverOf(type, field)).toEqual(expect.any(Function));
});

test('applying it again changes nothing more', () => {
  const before = Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .flatMap((t) => Object.values(t.getFields()).filter((f) => f.resolve))
    .map((f) => f.name);
  expect(usePlainFieldResolvers(schema)).toBe(0);
  expect(
    Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((t) => Object.values(t.getFields()).filter((f) => f.resolve))
      .map((f) => f.name),
  ).toEqual(before);
});
