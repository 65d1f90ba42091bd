import { ShardDirective } from '../../../contract/sharding.js';
import { argumentDefault, directiveArg } from '../sdl-index.js';
import type { Declaration } from './declaration.js';

export interface GroupMergeRule {
  kind: 'groupMerge';
  keyField: string;
  countriesField: string;
  thresholdArgument: string;
  defaultThreshold: number;
  countriesPath: string[] | null;
  /** Row fields that are lists: concatenated across nodes. */
  listFields: Set<string>;
}

/** `@shardGroupMerge`: groups keyed by one field, whose other fields are lists the gateway concatenates. */
export function readGroupMergeRule({ index, field, at, directive: node, countriesPath, errors }: Declaration): GroupMergeRule {
  const row = index.objects.get(field.typeName);
  const keyField = String(directiveArg(node, 'keyField'));
  const countriesField = String(directiveArg(node, 'countriesField'));
  const thresholdArgument = String(directiveArg(node, 'thresholdArgument'));
  const defaultThreshold = argumentDefault(field, thresholdArgument);
  if (!row || !field.isList) errors.push(`${at} @${ShardDirective.groupMerge}: must return a list of groups`);
  if (!row?.fields.has(keyField)) errors.push(`${at} @${ShardDirective.groupMerge}: no key field ${keyField}`);
  if (!row?.fields.get(countriesField)?.isList) errors.push(`${at} @${ShardDirective.groupMerge}: ${countriesField} is not a list field`);
  if (!Number.isInteger(defaultThreshold)) errors.push(`${at} @${ShardDirective.groupMerge}: ${thresholdArgument} needs an integer default`);
  const listFields = new Set<string>();
  for (const f of row?.fields.values() ?? []) {
    if (f.name === keyField || f.name === countriesField) continue;
    if (f.isList) listFields.add(f.name);
    else errors.push(`${field.typeName}.${f.name}: the gateway cannot merge it across nodes (only the key and list fields)`);
  }
  return { kind: 'groupMerge', keyField, countriesField, thresholdArgument, defaultThreshold: Number(defaultThreshold), countriesPath, listFields };
}
