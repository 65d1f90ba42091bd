import { DirectiveLocation, GraphQLDirective, GraphQLList, GraphQLNonNull, GraphQLString } from 'graphql';

/**
 * The vocabulary a sharded subgraph uses to tell the gateway how each of its fields is answered
 * across its deployments (one per country). The country subgraph puts these directives in its
 * SDL; the gateway reads them from the SDL it fetches from every node and plans from them alone,
 * so the gateway names no domain field, type or argument. A root field without one of the field
 * directives below is refused when the gateway loads the SDL.
 *
 * Argument paths such as `filter.countries` or `input.country` are dot-separated paths into the
 * field's arguments.
 */
export const ShardDirective = {
  /** A Relay connection: every node returns the same page, the gateway merges them in the global order. */
  page: 'shardPage',
  /** Answered by the one node owning the value of an argument (an id's country prefix, or a country code). */
  owner: 'shardOwner',
  /** A list of groups: equal groups across nodes are merged, `@shardSum` fields added. */
  aggregate: 'shardAggregate',
  /** Marks a group row field as the group key for one value of the aggregate's group argument. */
  groupKey: 'shardGroupKey',
  /** A numeric field summed across nodes (group rows, connection counts). */
  sum: 'shardSum',
  /** Groups keyed by a field, merged across nodes, kept when present in enough countries. */
  groupMerge: 'shardGroupMerge',
  /** On an entity type: which key field names the owning country, and how. */
  key: 'shardKey',
  /**
   * On a field that is not an entity key but names countries (a group row's country, the
   * countries a merged group spans): every value a node sends there names that node's own
   * country; the gateway refuses an answer that speaks for another.
   */
  owned: 'shardOwned',
  /** A feed resumed from a watermark holding one position per node: each node reads on from its own. */
  feed: 'shardFeed',
  /**
   * On a `@shardPage` root list: the list is also a bulk export at `/export/<path>.ndjson|csv`,
   * its rows holding the row type's `fields` in that order (see contract/export/protocol.ts).
   */
  export: 'shardExport',
} as const;

/** How a value names its country: `KG:EVT:…` by prefix, `KG` by value. */
export type OwnerBy = 'PREFIX' | 'VALUE';
export const OWNER_BY: readonly OwnerBy[] = ['PREFIX', 'VALUE'];

const string = GraphQLString;
const nonNullString = new GraphQLNonNull(GraphQLString);
const stringList = new GraphQLList(new GraphQLNonNull(GraphQLString));
const field = [DirectiveLocation.FIELD_DEFINITION];

/** Definitions for the subgraph schema (type-graphql `buildSchema({ directives })`). */
export const SHARD_DIRECTIVES: GraphQLDirective[] = [
  new GraphQLDirective({
    name: ShardDirective.page,
    description:
      'Across country nodes: the page one database holding every country would return. Each node is asked for the same page ' +
      'after the same cursor; pages are merged by sort key (direction per order value, nulls last), then id. Without orderArgument the order is by id.',
    locations: field,
    args: {
      orderArgument: { type: string },
      ascending: { type: stringList, description: 'Order values whose key sorts ascending.' },
      descending: { type: stringList, description: 'Order values whose key sorts descending.' },
      countriesArgument: { type: string, description: 'Argument path limiting the countries asked.' },
    },
  }),
  new GraphQLDirective({
    name: ShardDirective.owner,
    description: 'Answered by the one node owning the value at `argument` (its id prefix, or a country code).',
    locations: field,
    args: { argument: { type: nonNullString }, by: { type: nonNullString, description: 'PREFIX or VALUE' } },
  }),
  new GraphQLDirective({
    name: ShardDirective.aggregate,
    description: 'Groups from every node; groups with equal keys are merged and their @shardSum fields added.',
    locations: field,
    args: { groupArgument: { type: nonNullString }, countriesArgument: { type: string } },
  }),
  new GraphQLDirective({
    name: ShardDirective.groupKey,
    description: "This field holds the group key for `value` of the aggregate's group argument.",
    locations: field,
    args: { value: { type: nonNullString } },
  }),
  new GraphQLDirective({ name: ShardDirective.sum, description: 'Added across nodes.', locations: field }),
  new GraphQLDirective({
    name: ShardDirective.groupMerge,
    description:
      'Groups keyed by `keyField` are merged across nodes (the `countriesField` lists united, list fields concatenated in country order) ' +
      'and kept when they span at least `thresholdArgument` countries; each node is asked with a threshold of 1.',
    locations: field,
    args: {
      keyField: { type: nonNullString },
      countriesField: { type: nonNullString },
      thresholdArgument: { type: nonNullString },
      countriesArgument: { type: string },
    },
  }),
  new GraphQLDirective({
    name: ShardDirective.owned,
    description: "Every value a node answers here (each item of a list) names that node's own country (by PREFIX or VALUE).",
    locations: field,
    args: { by: { type: nonNullString, description: 'PREFIX or VALUE' } },
  }),
  new GraphQLDirective({
    name: ShardDirective.feed,
    description:
      'Across country nodes: a feed each node reads on from its own position in the watermark at `sinceArgument` (see contract/watermark.ts). ' +
      "Every node is asked for `first` items; the items are merged by `orderField` (each node's in its own order) and the first `first` kept. " +
      'The returned watermark moves each node to the `positionField` of its last item kept (or to its own watermark entry when all its items were kept); ' +
      'a node that did not answer keeps its position and is listed in `unavailableField`.',
    locations: field,
    args: {
      sinceArgument: { type: nonNullString },
      itemsField: { type: nonNullString },
      positionField: { type: nonNullString },
      orderField: { type: nonNullString },
      watermarkField: { type: nonNullString },
      moreField: { type: nonNullString },
      unavailableField: { type: nonNullString },
      countriesArgument: { type: string },
    },
  }),
  new GraphQLDirective({
    name: ShardDirective.export,
    description:
      'This @shardPage root list is also streamed whole at /export/<path>.ndjson and .csv, with the same arguments (but first), order and cursors. ' +
      'Each row holds `fields` of the row type, in that order: a scalar or enum (or a list of them) as GraphQL answers it; an object ' +
      'that is no entity (a text, a source) with its fields that take no arguments; a reference to an entity as its key, under the ' +
      "field's name when the key is the country code itself (by VALUE), else under `<field>Id` (by PREFIX).",
    locations: field,
    args: { path: { type: nonNullString }, fields: { type: new GraphQLNonNull(stringList) } },
  }),
  new GraphQLDirective({
    name: ShardDirective.key,
    description: 'Entities of this type are owned by the node named by key field `field` (its id prefix, or a country code).',
    locations: [DirectiveLocation.OBJECT],
    args: { field: { type: nonNullString }, by: { type: nonNullString, description: 'PREFIX or VALUE' } },
  }),
];

/** The country a value names, or null: `KG:EVT:x` by PREFIX, `KG` by VALUE. */
export function ownerOf(value: unknown, by: OwnerBy): string | null {
  if (typeof value !== 'string') return null;
  if (by === 'VALUE') return /^[A-Z]{2}$/.test(value) ? value : null;
  const m = /^([A-Z]{2}):/.exec(value);
  return m?.[1] ?? null;
}
