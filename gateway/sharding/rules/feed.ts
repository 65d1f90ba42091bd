import { ShardDirective } from '../../../contract/sharding.js';
import { RELAY } from '../relay.js';
import { argumentDefault, directiveArg } from '../sdl-index.js';
import type { Declaration } from './declaration.js';

/** A feed resumed from a watermark of per-node positions (see primitives/feed-merge.ts). */
export interface FeedRule {
  kind: 'feed';
  sinceArgument: string;
  defaultFirst: number;
  itemsField: string;
  /** Item fields: the item's position in its node's order, and the key items of different nodes are merged by. */
  positionField: string;
  orderField: string;
  watermarkField: string;
  moreField: string;
  unavailableField: string;
  countriesPath: string[] | null;
  typename: string;
}

/** `@shardFeed`: one feed object of items, watermark, more and unavailable fields, and nothing the gateway cannot merge. */
export function readFeedRule({ index, field, at, directive: node, countriesPath, errors }: Declaration): FeedRule {
  const names = ['sinceArgument', 'itemsField', 'positionField', 'orderField', 'watermarkField', 'moreField', 'unavailableField'] as const;
  const arg = Object.fromEntries(names.map((n) => [n, String(directiveArg(node, n))])) as Record<(typeof names)[number], string>;
  const feed = index.objects.get(field.typeName);
  if (!feed || field.isList) errors.push(`${at} @${ShardDirective.feed}: must return one feed object`);
  if (!field.args.has(arg.sinceArgument)) errors.push(`${at} @${ShardDirective.feed}: no argument ${arg.sinceArgument}`);
  const defaultFirst = argumentDefault(field, RELAY.first);
  if (!Number.isInteger(defaultFirst)) errors.push(`${at} @${ShardDirective.feed}: argument ${RELAY.first} needs an integer default`);
  const items = feed?.fields.get(arg.itemsField);
  const item = items ? index.objects.get(items.typeName) : undefined;
  if (!items?.isList || !item) errors.push(`${at} @${ShardDirective.feed}: ${arg.itemsField} is not a list of objects`);
  for (const f of [arg.positionField, arg.orderField])
    if (item && !item.fields.has(f)) errors.push(`${at} @${ShardDirective.feed}: ${item.name} has no field ${f}`);
  if (!feed?.fields.get(arg.unavailableField)?.isList) errors.push(`${at} @${ShardDirective.feed}: ${arg.unavailableField} is not a list field`);
  const known = new Set([arg.itemsField, arg.watermarkField, arg.moreField, arg.unavailableField]);
  for (const f of feed?.fields.values() ?? []) {
    if (!known.has(f.name)) errors.push(`${field.typeName}.${f.name}: a feed field the gateway cannot merge`);
  }
  for (const f of [arg.watermarkField, arg.moreField]) if (feed && !feed.fields.has(f)) errors.push(`${at} @${ShardDirective.feed}: no field ${f}`);
  return { kind: 'feed', ...arg, defaultFirst: Number(defaultFirst), countriesPath, typename: field.typeName };
}
