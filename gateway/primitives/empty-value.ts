import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { flattenFields, responseKey } from '../operation.js';
import type { ShardingSpec } from '../sharding/spec.js';
import type { Json } from './json.js';
import { mergeOrderedPages } from './ordered-page-merge.js';

/**
 * What an entity is when no node serves its country (a country another subgraph knows of with
 * no node configured): it has no programmes or events here, truly: its pages and lists are empty,
 * its optional fields null. An entity with a required field the gateway cannot know is null as a
 * whole (its reference must then be nullable).
 */
export function unservedEntity(selection: FieldNode, fragments: Map<string, FragmentDefinitionNode>, spec: ShardingSpec, representation: Json): Json | null {
  const typename = String(representation.__typename);
  const out: Json = {};
  for (const sub of flattenFields(selection.selectionSet, fragments, typename)) {
    const alias = responseKey(sub);
    if (knownField(out, alias, sub.name.value, typename, spec, representation)) continue;
    const shape = spec.fieldShape(typename, sub.name.value);
    switch (shape.kind) {
      case 'page':
        out[alias] = mergeOrderedPages(sub, fragments, { direction: null, first: 0, sumFields: shape.rule.sumFields, typenames: shape.rule.typenames }, []);
        break;
      case 'list':
        out[alias] = [];
        break;
      case 'nullable':
        out[alias] = null;
        break;
      default:
        return null;
    }
  }
  return out;
}

/**
 * What an entity is when its node was asked and gave no usable answer: what it holds is
 * unknown, so every field the gateway cannot know is null (listed in `nulled`, for an error at
 * each path), never an empty page a client would store as "zero rows". With a required field
 * among them the entity itself is null.
 */
export function unansweredEntity(
  selection: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  spec: ShardingSpec,
  representation: Json,
): { value: Json | null; nulled: string[] } {
  const typename = String(representation.__typename);
  const out: Json = {};
  const nulled: string[] = [];
  for (const sub of flattenFields(selection.selectionSet, fragments, typename)) {
    const alias = responseKey(sub);
    if (knownField(out, alias, sub.name.value, typename, spec, representation)) continue;
    if (spec.types.field(typename, sub.name.value)?.nonNull) return { value: null, nulled: [] };
    out[alias] = null;
    if (!nulled.includes(alias)) nulled.push(alias);
  }
  return { value: out, nulled };
}

/** `__typename` and the key field are known without the node: filled in, true. */
function knownField(out: Json, alias: string, name: string, typename: string, spec: ShardingSpec, representation: Json): boolean {
  if (name === '__typename') out[alias] = typename;
  else if (name === spec.entityKeys.get(typename)?.field) out[alias] = representation[name];
  else return false;
  return true;
}
