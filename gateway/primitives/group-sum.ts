import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { compareGroupKeys } from '../../contract/ordering.js';
import { flattenFields, responseKey } from '../operation.js';
import { asArray, asObject, type Json } from './json.js';

export interface GroupSumOptions {
  /** Hidden aliases under which each group key was fetched, in group-argument order. */
  keyAliases: readonly string[];
  /** Row fields added across nodes. */
  sumFields: ReadonlySet<string>;
}

/**
 * Merges group rows from every node (Vitess' ordered-aggregate primitive): rows whose group keys
 * are equal become one row with their `@shardSum` fields added. Keys are read from hidden
 * aliases the gateway always fetches, so two countries' groups never merge just because the
 * client did not select the key that tells them apart. Rows come out ordered by their keys,
 * first key first, nulls last, as every node orders its own.
 */
export function sumGroups(selection: FieldNode, fragments: Map<string, FragmentDefinitionNode>, options: GroupSumOptions, lists: unknown[][]): Json[] {
  const sumKeys = flattenFields(selection.selectionSet, fragments)
    .filter((f) => options.sumFields.has(f.name.value))
    .map(responseKey);
  const groups = new Map<string, { keys: unknown[]; row: Json }>();
  for (const list of lists) {
    for (const item of asArray(list)) {
      const row = asObject(item);
      const keys = options.keyAliases.map((alias) => row[alias] ?? null);
      const id = JSON.stringify(keys);
      const group = groups.get(id);
      if (!group) groups.set(id, { keys, row: { ...row } });
      else for (const k of sumKeys) group.row[k] = (Number(group.row[k]) || 0) + (Number(row[k]) || 0);
    }
  }
  return [...groups.values()]
    .sort((a, b) => compareGroupKeys(a.keys, b.keys))
    .map(({ row }) => {
      for (const alias of options.keyAliases) delete row[alias];
      return row;
    });
}
