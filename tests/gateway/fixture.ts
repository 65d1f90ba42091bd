import { printSchema, GraphQLSchema } from 'graphql';
import { SHARD_DIRECTIVES } from '../../contract/sharding.js';

const directiveDefinitions = printSchema(new GraphQLSchema({ directives: SHARD_DIRECTIVES }));

/**
 * A small sharded subgraph SDL that uses every sharding declaration: the gateway's unit tests
 * plan against it, so they show the gateway knows nothing of the real domain.
 */
export const FIXTURE_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
${directiveDefinitions}
enum ThingOrder { NEWEST OLDEST }
enum ThingDimension { REGION KIND }
enum Mood { CALM LOUD }
scalar Day
input ThingFilter { regions: [String!] text: String }
input ThingInput { region: String! name: String! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type Thing @key(fields: "id") @shardKey(field: "id", by: "PREFIX") { id: ID! name: String! region: Region! mood: Mood day: Day tags: [String!] }
type ThingEdge { cursor: String! node: Thing! }
type ThingConnection { edges: [ThingEdge!]! nodes: [Thing!]! pageInfo: PageInfo! total: Int! @shardSum }
type ThingStat { region: String @shardGroupKey(value: "REGION") @shardOwned(by: "VALUE") kind: String @shardGroupKey(value: "KIND") count: Int! @shardSum }
type Cluster { key: String! regions: [String!]! @shardOwned(by: "VALUE") things: [Thing!]! }
type Region @key(fields: "code") @shardKey(field: "code", by: "VALUE") {
  code: String!
  things(first: Int = 10, after: String): ThingConnection @shardPage
  motto: String
}
type Query {
  things(filter: ThingFilter, orderBy: ThingOrder = NEWEST, first: Int = 10, after: String): ThingConnection!
    @shardPage(orderArgument: "orderBy", ascending: ["OLDEST"], descending: ["NEWEST"], countriesArgument: "filter.regions")
  thing(id: ID!): Thing @shardOwner(argument: "id", by: "PREFIX")
  thingStats(groupBy: [ThingDimension!]!, filter: ThingFilter): [ThingStat!]! @shardAggregate(groupArgument: "groupBy", countriesArgument: "filter.regions")
  clusters(min: Int = 2, filter: ThingFilter): [Cluster!]! @shardGroupMerge(keyField: "key", countriesField: "regions", thresholdArgument: "min", countriesArgument: "filter.regions")
  _entities(representations: [_Any!]!): [_Entity]!
  _service: _Service!
}
type Mutation {
  createThing(input: ThingInput!): Thing @shardOwner(argument: "input.region", by: "VALUE")
  deleteThing(id: ID!): ID @shardOwner(argument: "id", by: "PREFIX")
}
scalar _Any
type _Service { sdl: String }
union _Entity = Thing | Region
`;
