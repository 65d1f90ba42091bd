import { getNullableType, isCompositeType, isListType, Kind, type FieldNode, type GraphQLField, type ValueNode } from 'graphql';
import { MAX_PAGE_SIZE } from '../../contract/ordering.js';

/** The argument that says how many elements a list or connection returns. */
export const SLICING_ARGUMENT = 'first';

/**
 * Lists whose size is the length of one of their arguments: a node's `_entities` answers one
 * entity per representation the gateway sends.
 */
const SIZED_BY_ARGUMENT_LENGTH: Record<string, string> = { 'Query._entities': 'representations' };

export type Variables = Record<string, unknown>;

/** How a field multiplies the cost of what is selected under it. */
export type ListSize =
  /** Not a list: its selection counts once. */
  | { kind: 'single' }
  /** A list of known size (its `first`, or the length of its representations). */
  | { kind: 'list'; size: number }
  /**
   * A list without a size of its own: sized by the enclosing connection's `first` when it sits
   * directly in one (`events(first: 500) { nodes { … } }`), else by its assumed size.
   */
  | { kind: 'open'; assumed: number }
  /** A connection: `size` sizes its list fields (`nodes`, `edges`). */
  | { kind: 'connection'; size: number };

function argumentNode(field: FieldNode, name: string): ValueNode | undefined {
  return field.arguments?.find((a) => a.name.value === name)?.value;
}

/** A literal or variable value as JSON; undefined when absent. */
function valueOf(node: ValueNode | undefined, variables: Variables): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
      return Number(node.value);
    case Kind.LIST:
      return node.values;
    case Kind.NULL:
      return null;
    default:
      return undefined;
  }
}

function sliceSize(definition: GraphQLField<unknown, unknown>, field: FieldNode, variables: Variables): number | undefined {
  const declared = definition.args.find((a) => a.name === SLICING_ARGUMENT);
  if (!declared) return undefined;
  const given = valueOf(argumentNode(field, SLICING_ARGUMENT), variables);
  const value = typeof given === 'number' ? given : declared.defaultValue;
  // A `first` over the page maximum is refused as BAD_USER_INPUT by the list itself (contract/ordering.ts
  // pageSize), so it never costs more than the maximum; the client gets that clearer error.
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(MAX_PAGE_SIZE, Math.max(0, value)) : undefined;
}

/**
 * How many elements `Type.field` stands for in this operation: its `first` argument (or that
 * argument's default), the declared size for lists without one, else `assumed`.
 */
export function listSize(
  parentType: string,
  definition: GraphQLField<unknown, unknown> | undefined,
  field: FieldNode,
  variables: Variables,
  declared: Record<string, number>,
  assumed: number,
): ListSize {
  if (!definition) return { kind: 'single' };
  const coordinate = `${parentType}.${definition.name}`;
  const isList = isListType(getNullableType(definition.type));
  const byLength = SIZED_BY_ARGUMENT_LENGTH[coordinate];
  if (byLength) {
    const value = valueOf(argumentNode(field, byLength), variables);
    if (Array.isArray(value)) return { kind: 'list', size: value.length };
  }
  const sliced = sliceSize(definition, field, variables);
  const fallback = declared[coordinate] ?? assumed;
  if (isList) return sliced !== undefined ? { kind: 'list', size: sliced } : { kind: 'open', assumed: fallback };
  const slices = definition.args.some((a) => a.name === SLICING_ARGUMENT);
  if (slices && isCompositeType(getNullableType(definition.type))) return { kind: 'connection', size: sliced ?? fallback };
  return { kind: 'single' };
}
