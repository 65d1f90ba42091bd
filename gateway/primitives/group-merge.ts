import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { flattenFields, responseKey } from '../operation.js';
import { asArray, asObject, type Json } from './json.js';

export interface GroupMergeOptions {
  /** Field (as named in the schema) and hidden alias of the group key. */
  keyField: string;
  keyAlias: string;
  /** Field and hidden alias of the list of countries a group spans. */
  countriesField: string;
  countriesAlias: string;
  /** Row fields that are lists: concatenated across nodes. */
  listFields: ReadonlySet<string>;
  /** Groups spanning fewer countries are dropped. */
  threshold: number;
}

/**
 * Merges keyed groups across nodes, then applies a threshold no single node can apply alone
 * (e.g. "organisations recorded by at least two country offices"). Each node answered with a
 * threshold of 1. Answers are taken in country order, so concatenated lists follow the country
 * order of the ids they hold; groups come out ordered by key.
 */
export function mergeKeyedGroups(
  selection: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  options: GroupMergeOptions,
  answers: Array<{ country: string; value: unknown }>,
): Json[] {
  const groups = new Map<string, { countries: Set<string>; parts: Json[] }>();
  for (const { value } of [...answers].sort((a, b) => (a.country < b.country ? -1 : 1))) {
    for (const item of asArray(value)) {
      const part = asObject(item);
      const key = String(part[options.keyAlias]);
      const group = groups.get(key) ?? { countries: new Set<string>(), parts: [] };
      for (const c of asArray(part[options.countriesAlias])) group.countries.add(String(c));
      group.parts.push(part);
      groups.set(key, group);
    }
  }
  const subs = flattenFields(selection.selectionSet, fragments);
  return [...groups.entries()]
    .filter(([, g]) => g.countries.size >= options.threshold)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => {
      const out: Json = {};
      for (const sub of subs) {
        const name = sub.name.value;
        const alias = responseKey(sub);
        if (name === options.keyField) out[alias] = key;
        else if (name === options.countriesField) out[alias] = [...g.countries].sort();
        else if (options.listFields.has(name)) out[alias] = g.parts.flatMap((p) => asArray(p[alias]));
        else out[alias] = g.parts[0]?.[alias] ?? null; // __typename
      }
      return out;
    });
}
