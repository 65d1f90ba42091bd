import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
  valueFromASTUntyped,
} from 'graphql';
import { RELAY } from './sharding/relay.js';

/** A parsed subgraph fetch: the operation, its fragments, and its root fields. */
export interface ParsedFetch {
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
  rootFields: FieldNode[];
  /** Printed per-node operations, by the shape of what the node is asked (see the data source). */
  printed: Map<string, string>;
}

const parsedCache = new Map<string, ParsedFetch>();
const CACHE_LIMIT = 2000;

/** The query planner sends the same few fetch shapes over and over; parse each once. */
export function parseFetch(query: string, operationName?: string | null): ParsedFetch {
  const cacheKey = `${operationName ?? ''}\n${query}`;
  const hit = parsedCache.get(cacheKey);
  if (hit) return hit;
  const doc = parse(query);
  const operations = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? (operations.find((o) => o.name?.value === operationName) ?? operations[0]) : operations[0];
  // The guard refuses documents without an operation before any plan is made.
  if (!operation) throw new Error('no operation in the document');
  const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const parsed = { operation, fragments, rootFields: flattenFields(operation.selectionSet, fragments), printed: new Map<string, string>() };
  if (parsedCache.size >= CACHE_LIMIT) parsedCache.delete(parsedCache.keys().next().value!);
  parsedCache.set(cacheKey, parsed);
  return parsed;
}

export function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}

/** A selection that may carry `@skip` / `@include`. */
export type ConditionalNode = FieldNode | InlineFragmentNode | FragmentSpreadNode;

/** A field of a flattened selection set, with the selections that decide whether it is asked at all. */
export interface FlatField {
  node: FieldNode;
  /** The field itself and the fragments around it that carry `@skip` or `@include`; empty when none does. */
  conditions: readonly ConditionalNode[];
}

const conditional = (node: ConditionalNode) => !!node.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include');

/**
 * Fields of a selection set with fragments (inline and named) expanded, in order, each with the
 * `@skip` / `@include` conditions on its way (see `included`). With `typename`, fragments on
 * another type are skipped (an `_entities` selection holds one fragment per entity type).
 */
export function flattenFieldsWithConditions(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, typename?: string): FlatField[] {
  const out: FlatField[] = [];
  const applies = (condition: string | undefined) => !typename || !condition || condition === typename;
  const visitSet = (s: SelectionSetNode | undefined, around: readonly ConditionalNode[]) => {
    for (const sel of s?.selections ?? []) {
      const conditions = conditional(sel) ? [...around, sel] : around;
      if (sel.kind === Kind.FIELD) out.push({ node: sel, conditions });
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (applies(sel.typeCondition?.name.value)) visitSet(sel.selectionSet, conditions);
      } else {
        const fragment = fragments.get(sel.name.value);
        if (fragment && applies(fragment.typeCondition.name.value)) visitSet(fragment.selectionSet, conditions);
      }
    }
  };
  visitSet(set, []);
  return out;
}

/** Fields of a selection set with fragments expanded, in order (see `flattenFieldsWithConditions`), whatever their conditions. */
export function flattenFields(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, typename?: string): FieldNode[] {
  return flattenFieldsWithConditions(set, fragments, typename).map((f) => f.node);
}

/** The request's variables over the defaults its operation declares (a client may leave a defaulted variable out). */
export function variablesWithDefaults(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) out[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return Object.assign(out, variables);
}

/**
 * Whether a field under `conditions` is asked with these variables (defaults applied, see
 * `variablesWithDefaults`): none of them skipped (`@skip(if: true)`) or left out
 * (`@include(if: false)`), decided as graphql-js executes them. A condition that cannot be
 * decided (a variable missing: validation would have refused it) keeps the field.
 */
export function included(conditions: readonly ConditionalNode[], variables: Record<string, unknown>): boolean {
  try {
    for (const node of conditions) {
      if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
      if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
    }
  } catch {
    return true;
  }
  return true;
}

/** An argument's value with variables substituted (literal or variable). */
export function argumentValue(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value, variables) : undefined;
}

/** The value at a dot path into a field's arguments (`filter.countries`), undefined when absent. */
export function argumentAtPath(field: FieldNode, path: readonly string[], variables: Record<string, unknown>): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return undefined;
  let value = argumentValue(field, head, variables);
  for (const segment of rest) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Prefix of the aliases under which the gateway fetches what it needs but the client did not select. */
export const HIDDEN_PREFIX = 'shard__';
/** Hidden aliases the gateway adds to connection selections to learn each node's order and paging. */
export const HIDDEN_EDGES = `${HIDDEN_PREFIX}edges`;
export const HIDDEN_PAGE_INFO = `${HIDDEN_PREFIX}pageInfo`;
export const hiddenAlias = (name: string) => `${HIDDEN_PREFIX}${name}`;

function hiddenField(alias: string, name: string, subfields: string[]): FieldNode {
  return {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: alias },
    name: { kind: Kind.NAME, value: name },
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: subfields.map((f) => ({ kind: Kind.FIELD, name: { kind: Kind.NAME, value: f } }) as FieldNode),
    },
  };
}

/** `field` with hidden scalar fields `alias: name` appended (e.g. every group key of an aggregate). */
export function withHiddenScalars(field: FieldNode, pairs: Array<[alias: string, name: string]>): FieldNode {
  const extra = pairs.map(
    ([alias, name]) => ({ kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: name } }) as FieldNode,
  );
  return { ...field, selectionSet: { kind: Kind.SELECTION_SET, selections: [...(field.selectionSet?.selections ?? []), ...extra] } };
}

/** `field` with argument `name` set to the integer literal `value` (replacing any given). */
export function withIntArgument(field: FieldNode, name: string, value: number): FieldNode {
  const others = (field.arguments ?? []).filter((a) => a.name.value !== name);
  return {
    ...field,
    arguments: [...others, { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value: { kind: Kind.INT, value: String(value) } }],
  };
}

/** The connection field with `edges { cursor }` and `pageInfo { hasNextPage }` added under hidden aliases. */
export function withPageFields(field: FieldNode): FieldNode {
  const extra: SelectionNode[] = [hiddenField(HIDDEN_EDGES, RELAY.edges, [RELAY.cursor]), hiddenField(HIDDEN_PAGE_INFO, RELAY.pageInfo, [RELAY.hasNextPage])];
  return {
    ...field,
    selectionSet: { kind: Kind.SELECTION_SET, selections: [...(field.selectionSet?.selections ?? []), ...extra] },
  };
}

/** `field` with argument `name` set to the variable `$variable` (replacing any given). */
export function withVariableArgument(field: FieldNode, name: string, variable: string): FieldNode {
  const others = (field.arguments ?? []).filter((a) => a.name.value !== name);
  const value = { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variable } } as const;
  return { ...field, arguments: [...others, { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value }] };
}

/** The definition `$name: type` (type as printed, e.g. `Int!`) for an operation the gateway builds. */
export function variableDefinition(name: string, type: string): VariableDefinitionNode {
  const definition = (parse(`query ($${name}: ${type}) { __typename }`).definitions[0] as OperationDefinitionNode).variableDefinitions?.[0];
  if (!definition) throw new Error(`not a variable type: ${type}`);
  return definition;
}

/**
 * A standalone operation holding only `fields` at the root, with exactly the variables and
 * fragments they use (GraphQL rejects unused ones), printed for a node.
 */
export function buildSubOperation(parsed: ParsedFetch, fields: FieldNode[], extraVariables: VariableDefinitionNode[] = []): string {
  const selectionSet: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: fields };
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const collect = (node: SelectionSetNode) => {
    visit(node, {
      Variable: (v) => {
        usedVariables.add(v.name.value);
      },
      FragmentSpread: (s) => {
        if (!usedFragments.has(s.name.value)) {
          usedFragments.add(s.name.value);
          const frag = parsed.fragments.get(s.name.value);
          if (frag) collect(frag.selectionSet);
        }
      },
    });
  };
  collect(selectionSet);
  const operation: OperationDefinitionNode = {
    ...parsed.operation,
    variableDefinitions: [...(parsed.operation.variableDefinitions ?? []).filter((d) => usedVariables.has(d.variable.name.value)), ...extraVariables],
    selectionSet,
  };
  const doc: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...[...usedFragments].map((n) => parsed.fragments.get(n)!).filter(Boolean)],
  };
  return print(doc);
}
