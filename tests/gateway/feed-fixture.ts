import { printSchema, GraphQLSchema } from 'graphql';
import { SHARD_DIRECTIVES } from '../../contract/sharding.js';

const directives = printSchema(new GraphQLSchema({ directives: SHARD_DIRECTIVES }));

/** A subgraph that is not ours ("ticks"): the gateway knows only its @shardFeed declaration. */
export const FEED_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@inaccessible"])
${directives}
input TickFilter { regions: [String!] }
type Tick { id: ID! at: String! seq: String! @inaccessible }
type TickFeed { ticks: [Tick!]! resume: String! more: Boolean! missing: [String!]! }
type Query {
  ticks(since: String, first: Int = 3, filter: TickFilter): TickFeed!
    @shardFeed(sinceArgument: "since", itemsField: "ticks", positionField: "seq", orderField: "at", watermarkField: "resume", moreField: "more", unavailableField: "missing", countriesArgument: "filter.regions")
}
`;
