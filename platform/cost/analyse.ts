import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { listSize, type Variables } from './list-size.js';

/** What the static check measures; every one is compared with a limit of CostLimits. */
export interface Measures {
  depth: number;
  aliases: number;
  directives: number;
  selections: number;
  repeatedField: number;
  resultSize: number;
  mutationFields: number;
}

/**
 * One selection set, fragments inlined. Result size is kept in parts because a list field with
 * no size of its own, sitting directly in a connection (`nodes`, `edges`), takes the
 * connection's `first`, which only the field that owns the set knows.
 */
interface SetSummary {
  depth: number;
  aliases: number;
  directives: number;
  selections: number;
  /** Worst repeat of one response name in the selection sets nested inside this one. */
  innerRepeat: number;
  /** Response names at this level, with how often each occurs (through fragments). */
  names: Map<string, number>;
  /** Result size of everything but the unsized lists at this level. */
  fixed: number;
  /** The unsized lists at this level: how many, the size of one element of each (summed), and that times each one's assumed size. */
  openCount: number;
  openElement: number;
  openAssumed: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

function emptySummary(): SetSummary {
  return { depth: 0, aliases: 0, directives: 0, selections: 0, innerRepeat: 0, names: new Map(), fixed: 0, openCount: 0, openElement: 0, openAssumed: 0 };
}

/** Result size of a set given the size its owner imposes on its unsized lists (undefined: each list's own assumed size). */
function sizeOf(set: SetSummary, imposed: number | undefined): number {
  return set.fixed + set.openCount + (imposed === undefined ? set.openAssumed : imposed * set.openElement);
}

function levelRepeat(set: SetSummary): number {
  let worst = set.innerRepeat;
  for (const count of set.names.values()) worst = Math.max(worst, count);
  return worst;
}

function addInto(target: SetSummary, part: SetSummary): void {
  target.depth = Math.max(target.depth, part.depth);
  target.aliases += part.aliases;
  target.directives += part.directives;
  target.selections += part.selections;
  target.innerRepeat = Math.max(target.innerRepeat, part.innerRepeat);
  for (const [name, count] of part.names) target.names.set(name, (target.names.get(name) ?? 0) + count);
  target.fixed += part.fixed;
  target.openCount += part.openCount;
  target.openElement += part.openElement;
  target.openAssumed += part.openAssumed;
}

export interface AnalyseOptions {
  variables: Variables;
  listSizes: Record<string, number>;
  assumedListSize: number;
}

/**
 * Measures a document (the worst of its operations; selections summed) in one pass over its text: each fragment is summarised once and its
 * summary reused wherever it is spread, so a fragment doubling of 2^N fields costs N steps.
 * Unknown types, fields and fragments count as plain fields (validation reports them later);
 * a fragment cycle counts as empty (validation reports it). Introspection sub-trees count
 * towards selections, aliases and directives but not depth or result size: their size is the
 * schema's, and production turns introspection off.
 */
export function analyseDocument(schema: GraphQLSchema, document: DocumentNode, options: AnalyseOptions): Measures {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const summaries = new Map<string, SetSummary | 'in-progress'>();

  const fieldOf = (type: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined =>
    type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[name] : undefined;

  const fragmentSummary = (name: string): SetSummary => {
    const known = summaries.get(name);
    if (known === 'in-progress') return emptySummary();
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment) return emptySummary();
    summaries.set(name, 'in-progress');
    const summary = summarise(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, false);
    summaries.set(name, summary);
    return summary;
  };

  function summarise(set: SelectionSetNode, parentType: GraphQLNamedType | undefined, introspection: boolean): SetSummary {
    const summary = emptySummary();
    for (const selection of set.selections) {
      summary.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        addInto(summary, fragmentSummary(selection.name.value));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? undefined) : parentType;
        addInto(summary, summarise(selection.selectionSet, type, introspection));
        continue;
      }
      const responseName = selection.alias?.value ?? selection.name.value;
      summary.names.set(responseName, (summary.names.get(responseName) ?? 0) + 1);
      if (selection.alias) summary.aliases += 1;
      // __typename is free to resolve and the gateway adds it everywhere; it still counts as a repeat.
      if (selection.name.value === '__typename' && !selection.selectionSet) continue;
      summary.selections += 1;
      const definition = fieldOf(parentType, selection.name.value);
      const inIntrospection = introspection || INTROSPECTION_ROOTS.has(selection.name.value);
      const child = selection.selectionSet
        ? summarise(selection.selectionSet, definition ? getNamedType(definition.type) : undefined, inIntrospection)
        : emptySummary();
      summary.aliases += child.aliases;
      summary.directives += child.directives;
      summary.selections += child.selections;
      summary.innerRepeat = Math.max(summary.innerRepeat, levelRepeat(child));
      if (inIntrospection) {
        summary.depth = Math.max(summary.depth, 1);
        summary.fixed += 1;
        continue;
      }
      summary.depth = Math.max(summary.depth, 1 + child.depth);
      const parentName = parentType?.name ?? '';
      const size = listSize(parentName, definition, selection, options.variables, options.listSizes, options.assumedListSize);
      switch (size.kind) {
        case 'single':
          summary.fixed += 1 + sizeOf(child, undefined);
          break;
        case 'connection':
          summary.fixed += 1 + sizeOf(child, size.size);
          break;
        case 'list':
          summary.fixed += 1 + size.size * sizeOf(child, undefined);
          break;
        case 'open':
          summary.openCount += 1;
          summary.openElement += sizeOf(child, undefined);
          summary.openAssumed += size.assumed * sizeOf(child, undefined);
          break;
      }
    }
    return summary;
  }

  // Every operation of the document is measured (validation works on all of them); the worst counts.
  const total: Measures = { depth: 0, aliases: 0, directives: 0, selections: 0, repeatedField: 0, resultSize: 0, mutationFields: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema.getRootType(definition.operation) ?? undefined;
    const summary = summarise(definition.selectionSet, root, false);
    let rootFields = 0;
    for (const [name, count] of summary.names) if (name !== '__typename') rootFields += count;
    const measures: Measures = {
      depth: summary.depth,
      aliases: summary.aliases,
      directives: summary.directives + (definition.directives?.length ?? 0),
      selections: summary.selections,
      repeatedField: levelRepeat(summary),
      resultSize: sizeOf(summary, undefined),
      mutationFields: definition.operation === 'mutation' ? rootFields : 0,
    };
    for (const key of Object.keys(total) as Array<keyof Measures>) {
      total[key] = key === 'selections' ? total[key] + measures[key] : Math.max(total[key], measures[key]);
    }
  }
  // Validation visits every fragment, used or not: its repeats and size count too.
  for (const name of fragments.keys()) {
    const used = summaries.has(name);
    const summary = fragmentSummary(name);
    total.repeatedField = Math.max(total.repeatedField, levelRepeat(summary));
    if (!used) total.selections += summary.selections;
  }
  return total;
}
