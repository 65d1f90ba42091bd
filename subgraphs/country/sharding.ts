import { Directive } from 'type-graphql';
import { ORDER_DIRECTION, type OrderName } from '../../contract/ordering.js';
import { ShardDirective } from '../../contract/sharding.js';

/**
 * How this subgraph is sharded, declared for the gateway in its own SDL (see contract/sharding.ts).
 * Each list, by-id field, aggregate and mutation says here how the gateway answers it across
 * the country nodes; the gateway names none of them.
 */

const list = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

/**
 * A connection merged across nodes; `orders` are the values of its `orderBy` enum (none: by id).
 * `exported`: the list is also a bulk export (export/lists.ts declares its path and row fields).
 */
export function ShardedPage(orders: readonly OrderName[] = [], exported?: { path: string; fields: readonly string[] }): MethodDecorator & PropertyDecorator {
  const ascending = orders.filter((o) => ORDER_DIRECTION[o] === 'ASC');
  const descending = orders.filter((o) => ORDER_DIRECTION[o] === 'DESC');
  const order = orders.length ? `orderArgument: "orderBy", ascending: ${list(ascending)}, descending: ${list(descending)}, ` : '';
  const page = Directive(`@${ShardDirective.page}(${order}countriesArgument: "filter.countries")`);
  if (!exported) return page;
  const exportAs = Directive(`@${ShardDirective.export}(path: ${JSON.stringify(exported.path)}, fields: ${list([...exported.fields])})`);
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    page(target, key, descriptor as never);
    exportAs(target, key, descriptor as never);
  };
}

/** Answered by the node named by the id's country prefix. */
export const OwnedById = () => Directive(`@${ShardDirective.owner}(argument: "id", by: "PREFIX")`);

/** Answered by the node of the country code in argument `country`. */
export const OwnedByCountryArgument = () => Directive(`@${ShardDirective.owner}(argument: "country", by: "VALUE")`);

/** A create: written on the node of `input.country`. */
export const OwnedByInputCountry = () => Directive(`@${ShardDirective.owner}(argument: "input.country", by: "VALUE")`);

/** Group rows summed across nodes; the row type marks its keys and sums. */
export const ShardedAggregate = () => Directive(`@${ShardDirective.aggregate}(groupArgument: "groupBy", countriesArgument: "filter.countries")`);
export const GroupKey = (value: string) => Directive(`@${ShardDirective.groupKey}(value: ${JSON.stringify(value)})`);
export const Summed = () => Directive(`@${ShardDirective.sum}`);

/** Keyed groups merged across nodes, kept when they span `thresholdArgument` countries. */
export const ShardedGroupMerge = (keyField: string, countriesField: string, thresholdArgument: string) =>
  Directive(
    `@${ShardDirective.groupMerge}(keyField: "${keyField}", countriesField: "${countriesField}", thresholdArgument: "${thresholdArgument}", countriesArgument: "filter.countries")`,
  );

/** A country code (or list of them) that on each node can only be that node's own country. */
export const OwnCountry = () => Directive(`@${ShardDirective.owned}(by: "VALUE")`);

/** The change feed: each node reads on from its own position in the watermark (contract/watermark.ts). */
export const ShardedFeed = () =>
  Directive(
    `@${ShardDirective.feed}(sinceArgument: "since", itemsField: "changes", positionField: "position", orderField: "changedAt", watermarkField: "watermark", moreField: "hasMore", unavailableField: "unavailable", countriesArgument: "filter.countries")`,
  );

/** A federation entity owned by the node of its id's country prefix. */
export function EntityOwnedById(): ClassDecorator {
  return (target) => {
    Directive('@key(fields: "id")')(target);
    Directive(`@${ShardDirective.key}(field: "id", by: "PREFIX")`)(target);
  };
}

/** A federation entity owned by the node of the country code in `field`. */
export function EntityOwnedByCode(field: string): ClassDecorator {
  return (target) => {
    Directive(`@key(fields: "${field}")`)(target);
    Directive(`@${ShardDirective.key}(field: "${field}", by: "VALUE")`)(target);
  };
}
