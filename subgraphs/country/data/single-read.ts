import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getNamedType,
  isCompositeType,
  isObjectType,
  type GraphQLCompositeType,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * Root fields whose resolver sends every statement it needs at once, before waiting for any of
 * them: the list pages (rows, COUNT and the previous-row probe of data/page.ts, in one
 * Promise.all), the aggregates (one grouped SELECT, data/stats.ts) and the by-id lookups (one
 * loader batch). A field that reads in steps (the change feed reads its position, then the
 * changes) is not here: its reads need one snapshot that only a transaction gives.
 */
const ONE_BURST_ROOT_FIELDS = new Set([
  'events',
  'programmes',
  'organisations',
  'partnerships',
  'people',
  'eventStats',
  'programmeStats',
  'event',
  'programme',
  'organisation',
  'partnership',
  'person',
]);

/** `Type.field` of every field resolver that takes the request context: the only way below the root to reach the database. */
function readingFieldResolvers(): Set<string> {
  const storage = getMetadataStorage();
  const out = new Set<string>();
  for (const resolver of storage.fieldResolvers) {
    // A custom parameter decorator may read the context too.
    if (!resolver.params?.some((p) => p.kind === 'context' || p.kind === 'custom')) continue;
    const target = resolver.getObjectType?.();
    const type = storage.objectTypes.find((t) => t.target === target);
    // A resolver whose type cannot be named makes every nested field count as reading.
    out.add(type ? `${type.name}.${resolver.schemaName}` : `*.${resolver.schemaName}`);
  }
  return out;
}

/**
 * Whether a query reads the database with statements sent all at once by one root field, so
 * that when that burst holds a single statement it needs no transaction: one statement reads
 * one snapshot by itself. A node sees the same few documents over and over (the gateway's
 * sub-operations), so the answer is kept per parsed document (Apollo reuses the parsed
 * document of a query it has seen).
 */
export class SingleReadClassifier {
  private readonly reading: Set<string>;
  private readonly cache = new WeakMap<DocumentNode, Map<string, boolean>>();

  constructor(private readonly schema: GraphQLSchema) {
    this.reading = readingFieldResolvers();
  }

  isOneBurst(document: DocumentNode, operation: OperationDefinitionNode): boolean {
    const key = operation.name?.value ?? '';
    let byOperation = this.cache.get(document);
    if (!byOperation) this.cache.set(document, (byOperation = new Map()));
    let answer = byOperation.get(key);
    if (answer === undefined) byOperation.set(key, (answer = this.classify(document, operation)));
    return answer;
  }

  private classify(document: DocumentNode, operation: OperationDefinitionNode): boolean {
    const root = this.schema.getQueryType();
    if (operation.operation !== 'query' || !root) return false;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    let readers = 0;
    let allowed = true;
    const visit = (set: SelectionSetNode, parent: GraphQLCompositeType, atRoot: boolean, seen: Set<string>) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = fragments.get(selection.name.value);
          if (!fragment || seen.has(fragment.name.value)) continue;
          const on = this.schema.getType(fragment.typeCondition.name.value);
          if (on && isCompositeType(on)) visit(fragment.selectionSet, on, atRoot, new Set([...seen, fragment.name.value]));
          continue;
        }
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          const on = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
          if (on && isCompositeType(on)) visit(selection.selectionSet, on, atRoot, seen);
          continue;
        }
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        // Abstract types (unions, interfaces) are not followed: treated as reading, conservatively.
        if (!isObjectType(parent)) {
          readers++;
          continue;
        }
        const field = parent.getFields()[name];
        if (!field) continue;
        if (atRoot) {
          readers++;
          if (!ONE_BURST_ROOT_FIELDS.has(name)) allowed = false;
        } else if (this.reading.has(`${parent.name}.${name}`) || this.reading.has(`*.${name}`)) readers++;
        const type = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(type)) visit(selection.selectionSet, type, false, seen);
      }
    };
    visit(operation.selectionSet, root, true, new Set());
    return allowed && readers === 1;
  }
}
