import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { flattenFields, responseKey } from '../operation.js';
import type { ShardingSpec } from '../sharding/spec.js';
import type { Json } from './json.js';
import { mergeOrderedPages } from './ordered-page-merge.js';

/**
 * What an entity is when its node gave no answer. A country without a reachable node has no
 * programmes or events here: its pages and lists are empty, its optional fields null, so one
 * office's outage never nulls the regional list it sits in. An entity with a required field the
 * gateway cannot know is null as a whole (its reference must then be nullable).
 */
export function unavailableEntity(selection: FieldNode, fragments: Map<string, FragmentDefinitionNode>, spec: ShardingSpec, representation: Json): Json | null {
  const typename = String(representation.__typename);
  const key = spec.entityKeys.get(typename)?.field;
  const out: Json = {};
  for (const sub of flattenFields(selection.selectionSet, fragments, typename)) {
    const alias = responseKey(sub);
    const name = sub.name.value;
    if (name === '__typename') {
      out[alias] = typename;
      continue;
    }
    if (name === key) {
      out[alias] = representation[name];
      continue;
    }
    const shape = spec.fieldShape(typename, name);
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
