import { ShardDirective } from '../../../contract/sharding.js';
import { directive, directiveArg, namedType } from '../sdl-index.js';
import type { Declaration } from './declaration.js';

export interface AggregateRule {
  kind: 'aggregate';
  groupArgument: string;
  countriesPath: string[] | null;
  /** Group argument value → the row field holding that group's key. */
  keyFieldOf: Map<string, string>;
  sumFields: Set<string>;
}

/** `@shardAggregate`: group rows whose every field is a group key (one per group value) or a sum. */
export function readAggregateRule({ index, field, at, directive: node, countriesPath, errors }: Declaration): AggregateRule {
  const groupArgument = directiveArg(node, 'groupArgument');
  const row = index.objects.get(field.typeName);
  const groupArg = typeof groupArgument === 'string' ? field.args.get(groupArgument) : undefined;
  const groupValues = groupArg ? index.enums.get(namedType(groupArg.type)) : undefined;
  if (!row || !field.isList) errors.push(`${at} @${ShardDirective.aggregate}: must return a list of group rows`);
  if (!groupValues) errors.push(`${at} @${ShardDirective.aggregate}: groupArgument ${String(groupArgument)} is not an enum list argument`);
  const keyFieldOf = new Map<string, string>();
  const sumFields = new Set<string>();
  for (const f of row?.fields.values() ?? []) {
    const key = directive(f.directives, ShardDirective.groupKey);
    if (key) keyFieldOf.set(String(directiveArg(key, 'value')), f.name);
    else if (directive(f.directives, ShardDirective.sum)) sumFields.add(f.name);
    else errors.push(`${field.typeName}.${f.name}: neither @${ShardDirective.groupKey} nor @${ShardDirective.sum}; the gateway cannot merge it`);
  }
  const missing = (groupValues ?? []).filter((v) => !keyFieldOf.has(v));
  if (missing.length) errors.push(`${at} @${ShardDirective.aggregate}: group values without a @${ShardDirective.groupKey} field: ${missing.join(', ')}`);
  return { kind: 'aggregate', groupArgument: String(groupArgument), countriesPath, keyFieldOf, sumFields };
}
