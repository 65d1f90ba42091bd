import { Kind, type SelectionSetNode, type TypeNode } from 'graphql';
import { cursorPosition } from '../../shared/ordering.js';
import { ownerOf } from '../../shared/sharding.js';
import { argumentValue, flattenFields, HIDDEN_EDGES, responseKey, type ParsedFetch } from '../operation.js';
import { RELAY } from '../sharding/relay.js';
import type { FieldInfo, SdlIndex } from '../sharding/sdl-index.js';
import type { EntityKey, ShardingSpec } from '../sharding/spec.js';
import { describe } from './response-shape.js';

/** Whether a value is one a custom scalar may serialize to (e.g. Date: `YYYY-MM-DD`). */
export type ScalarCheck = (value: unknown) => boolean;

const BUILT_IN_SCALARS: ReadonlyMap<string, ScalarCheck> = new Map<string, ScalarCheck>([
  ['Int', (v) => Number.isInteger(v) && (v as number) >= -2147483648 && (v as number) <= 2147483647],
  ['Float', (v) => typeof v === 'number' && Number.isFinite(v)],
  ['String', (v) => typeof v === 'string'],
  ['Boolean', (v) => typeof v === 'boolean'],
  ['ID', (v) => typeof v === 'string'],
]);
/** Federation's entity fetch: typed `[_Entity]!` in the SDL, checked against the representations sent. */
const ENTITIES = '_entities';
/** A custom scalar the gateway has no check for: any JSON leaf. */
const ANY_LEAF: ScalarCheck = (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** What one answer is checked against: the fetch the node was sent, by whom it was answered. */
export interface AnswerContext {
  spec: ShardingSpec;
  parsed: ParsedFetch;
  variables: Record<string, unknown>;
  /** The country of the node that answered: every entity in the answer must be its own. */
  country: string;
  /** Custom scalars' checks by name (the others accept any JSON leaf). */
  scalars: ReadonlyMap<string, ScalarCheck>;
}

interface Problem {
  path: Array<string | number>;
  what: string;
}

interface CompiledField {
  key: string;
  name: string;
  info: FieldInfo | undefined;
  selection: SelectionSetNode | undefined;
  /** For the gateway's hidden `edges { cursor }` of a page: the key rule of the page's node type. */
  cursorKey: EntityKey | undefined;
}

interface CompiledObject {
  fields: CompiledField[];
  /** Response keys holding this entity's owning key, and how that key names its country. */
  ownerKeys: string[];
  owner: EntityKey | undefined;
}

/**
 * Each selection set flattened once per concrete type and reused for every row (the hot path
 * walks this, not the AST); per spec, as a recomposed schema may type the same fetch otherwise.
 */
const compiledSets = new WeakMap<ShardingSpec, WeakMap<SelectionSetNode, Map<string, CompiledObject>>>();
const enumSets = new WeakMap<SdlIndex, Map<string, Set<string>>>();

/**
 * Why `data` is not a trustworthy answer of `ctx.country`'s node to the fetch it was sent, or
 * null: every selected field present, each value of its declared type (non-null never null,
 * lists are lists, scalars of their kind, enums one of their values, objects objects of a type
 * the field may return), `_entities` answering exactly the representations sent, and every
 * entity owned by that node's country by the subgraph's `@shardKey` (its key field when
 * selected, and the id inside each cursor of a page, which the gateway always selects). The walk
 * follows the selection, never the answer, so extra keys or nesting cost nothing.
 *
 * Apollo Router checks subgraph answers against the schema too, nulling each wrong value; here a
 * wrong value rejects the node's whole answer: a node that misstates one value or speaks for
 * another country is not trusted with the rest of its rows, and a merged page cannot be built
 * from a part of one node's page.
 */
export function answerValueProblem(data: Record<string, unknown>, ctx: AnswerContext): string | null {
  const root = ctx.parsed.operation.operation === 'mutation' ? 'Mutation' : 'Query';
  const problem = new Walk(ctx).object(data, root, ctx.parsed.operation.selectionSet);
  return problem && `${problem.path.join('.')}${problem.path.length ? ' ' : ''}${problem.what}`;
}

class Walk {
  private readonly index: SdlIndex;

  constructor(private readonly ctx: AnswerContext) {
    this.index = ctx.spec.types;
  }

  object(value: unknown, typename: string, selection: SelectionSetNode | undefined): Problem | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { path: [], what: `is ${describe(value)}, not a ${typename}` };
    const row = value as Record<string, unknown>;
    const compiled = this.compile(selection, typename);
    // Ownership first: a forged row is named as such, not by whatever else is wrong with it.
    for (const key of compiled.ownerKeys) {
      const id = row[key];
      if (typeof id !== 'string') continue; // a missing or mistyped key is reported with the fields
      const owner = ownerOf(id, compiled.owner!.by);
      if (owner !== this.ctx.country) return { path: [key], what: `${clip(id)} belongs to ${owner ?? 'no country'}, not to ${this.ctx.country}` };
    }
    for (const field of compiled.fields) {
      const v = row[field.key];
      if (v === undefined) return { path: [field.key], what: 'is missing' };
      let problem: Problem | null;
      if (field.name === '__typename') problem = v === typename ? null : { path: [], what: `is ${describe(v)}, not ${typename}` };
      else if (field.name === ENTITIES && typename === 'Query') problem = this.entities(v, field);
      else problem = field.info ? this.value(v, field.info.type, field.selection) : null;
      if (!problem && field.cursorKey) problem = this.cursors(v, field.cursorKey);
      if (problem) {
        problem.path.unshift(field.key);
        return problem;
      }
    }
    return null;
  }

  private value(value: unknown, type: TypeNode, selection: SelectionSetNode | undefined): Problem | null {
    if (value === null) return type.kind === Kind.NON_NULL_TYPE ? { path: [], what: 'is null where the schema says it never is' } : null;
    const inner = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
    if (inner.kind === Kind.LIST_TYPE) {
      if (!Array.isArray(value)) return { path: [], what: `is ${describe(value)}, not a list` };
      for (let i = 0; i < value.length; i++) {
        const problem = this.value(value[i], inner.type, selection);
        if (problem) {
          problem.path.unshift(i);
          return problem;
        }
      }
      return null;
    }
    const name = inner.name.value;
    if (this.index.objects.has(name)) return this.object(value, name, selection);
    const possible = this.index.abstracts.get(name);
    if (possible) {
      const typename = (value as Record<string, unknown> | null)?.__typename;
      if (typeof typename === 'string' && possible.has(typename)) return this.object(value, typename, selection);
      if (typename !== undefined) return { path: ['__typename'], what: `is ${describe(typename)}, not a type of ${name}` };
      return typeof value === 'object' && !Array.isArray(value) ? null : { path: [], what: `is ${describe(value)}, not a ${name}` };
    }
    const values = this.enumValues(name);
    if (values) return typeof value === 'string' && values.has(value) ? null : { path: [], what: `is ${clip(value)}, not a value of ${name}` };
    const check = BUILT_IN_SCALARS.get(name) ?? this.ctx.scalars.get(name) ?? ANY_LEAF;
    return check(value) ? null : { path: [], what: `is ${clip(value)}, not a ${name}` };
  }

  /**
   * `_entities`: one answer (or null) per representation the node was sent, each of the
   * representation's entity type (the planner does not always select `__typename`).
   */
  private entities(value: unknown, field: CompiledField): Problem | null {
    if (!Array.isArray(value)) return { path: [], what: `is ${describe(value)}, not a list` };
    const sent = argumentValue(this.fieldNode(field), 'representations', this.ctx.variables);
    if (!Array.isArray(sent) || sent.length !== value.length)
      return { path: [], what: `has ${value.length} entities for ${Array.isArray(sent) ? sent.length : 'no'} representations` };
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item === null) continue;
      const typename = (sent[i] as Record<string, unknown> | null)?.__typename;
      const answered = (item as Record<string, unknown> | undefined)?.__typename;
      let problem: Problem | null;
      if (typeof typename !== 'string' || !this.ctx.spec.entityKeys.has(typename))
        problem = { path: [], what: `answers a representation of ${clip(typename)}, not of an entity type` };
      else if (answered !== undefined && answered !== typename) problem = { path: ['__typename'], what: `is ${clip(answered)}, not ${typename}` };
      else problem = this.object(item, typename, field.selection);
      if (problem) {
        problem.path.unshift(i);
        return problem;
      }
    }
    return null;
  }

  private cursors(edges: unknown, key: EntityKey): Problem | null {
    if (!Array.isArray(edges)) return null;
    for (let i = 0; i < edges.length; i++) {
      const cursor = (edges[i] as Record<string, unknown> | null)?.[RELAY.cursor];
      if (typeof cursor !== 'string') continue;
      const position = cursorPosition(cursor);
      if (!position) return { path: [i, RELAY.cursor], what: 'is not a cursor' };
      const owner = ownerOf(position.id, key.by);
      if (owner !== this.ctx.country)
        return { path: [i, RELAY.cursor], what: `points at ${clip(position.id)} of ${owner ?? 'no country'}, not of ${this.ctx.country}` };
    }
    return null;
  }

  private compile(selection: SelectionSetNode | undefined, typename: string): CompiledObject {
    const empty: CompiledObject = { fields: [], ownerKeys: [], owner: undefined };
    if (!selection) return empty;
    let forSpec = compiledSets.get(this.ctx.spec);
    if (!forSpec) compiledSets.set(this.ctx.spec, (forSpec = new WeakMap()));
    let byType = forSpec.get(selection);
    if (!byType) forSpec.set(selection, (byType = new Map()));
    let compiled = byType.get(typename);
    if (compiled) return compiled;
    const owner = this.ctx.spec.entityKeys.get(typename);
    const nodeType = this.index.field(typename, RELAY.nodes)?.typeName;
    const pageKey = nodeType === undefined ? undefined : this.ctx.spec.entityKeys.get(nodeType);
    const fields = flattenFields(selection, this.ctx.parsed.fragments, typename).map((node): CompiledField => ({
      key: responseKey(node),
      name: node.name.value,
      info: this.index.field(typename, node.name.value),
      selection: node.selectionSet,
      cursorKey: responseKey(node) === HIDDEN_EDGES ? pageKey : undefined,
    }));
    compiled = { fields, owner, ownerKeys: owner ? fields.filter((f) => f.name === owner.field).map((f) => f.key) : [] };
    byType.set(typename, compiled);
    return compiled;
  }

  private fieldNode(field: CompiledField) {
    return this.ctx.parsed.rootFields.find((f) => responseKey(f) === field.key)!;
  }

  private enumValues(name: string): Set<string> | undefined {
    let sets = enumSets.get(this.index);
    if (!sets) enumSets.set(this.index, (sets = new Map()));
    let values = sets.get(name);
    if (!values) {
      const declared = this.index.enums.get(name);
      if (!declared) return undefined;
      sets.set(name, (values = new Set(declared)));
    }
    return values;
  }
}

/** A value shown in a reason: short, whatever a node sent. */
function clip(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value) : describe(value);
  return text;
}
