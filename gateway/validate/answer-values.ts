import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type TypeNode } from 'graphql';
import { cursorPosition } from '../../contract/ordering.js';
import { ownerOf, ShardDirective, type OwnerBy } from '../../contract/sharding.js';
import {
  argumentValue,
  flattenFieldsWithConditions,
  HIDDEN_EDGES,
  included,
  responseKey,
  variablesWithDefaults,
  type ConditionalNode,
  type ParsedFetch,
} from '../operation.js';
import { RELAY } from '../sharding/relay.js';
import { directive, directiveArg, type SdlIndex } from '../sharding/sdl-index.js';
import type { EntityKey, ShardingSpec } from '../sharding/spec.js';
import { describe } from './response-shape.js';
import { scalarCheck, type ScalarCheck } from './scalar-check.js';

/** Federation's entity fetch: typed `[_Entity]!` in the SDL, checked against the representations sent. */
const ENTITIES = '_entities';

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

/** Checks one value (null included) of a field; compiled once per field of a selection, run for every row. */
type Check = (value: unknown, walk: Walk) => Problem | null;

interface CompiledField {
  key: string;
  name: string;
  check: Check;
  /** For the gateway's hidden `edges { cursor }` of a page: the key rule of the page's node type. */
  cursorKey: EntityKey | undefined;
  /** `@skip` / `@include` on the field or around it: a field they leave out is not in the answer. */
  conditions: readonly ConditionalNode[] | null;
}

interface CompiledObject {
  typename: string;
  fields: CompiledField[];
  /** Response keys holding this entity's owning key, and how that key names its country. */
  ownerKeys: string[];
  owner: EntityKey | undefined;
}

const NO_CHECK: Check = () => null;

/**
 * Turns selections into checks, once per selection set and concrete type (then every row only
 * runs closures: no AST, no schema lookups on the hot path). One per spec and scalar set, as a
 * recomposed schema may type the same fetch otherwise.
 */
class Compiler {
  private readonly objects = new WeakMap<SelectionSetNode, Map<string, CompiledObject>>();
  private readonly index: SdlIndex;

  constructor(
    private readonly spec: ShardingSpec,
    private readonly scalars: ReadonlyMap<string, ScalarCheck>,
  ) {
    this.index = spec.types;
  }

  object(selection: SelectionSetNode | undefined, typename: string, fragments: Map<string, FragmentDefinitionNode>): CompiledObject {
    if (!selection) return { typename, fields: [], ownerKeys: [], owner: undefined };
    let byType = this.objects.get(selection);
    if (!byType) this.objects.set(selection, (byType = new Map()));
    let compiled = byType.get(typename);
    if (compiled) return compiled;
    const owner = this.spec.entityKeys.get(typename);
    const nodeType = this.index.field(typename, RELAY.nodes)?.typeName;
    const pageKey = nodeType === undefined ? undefined : this.spec.entityKeys.get(nodeType);
    const fields = flattenFieldsWithConditions(selection, fragments, typename).map(({ node, conditions }): CompiledField => {
      const key = responseKey(node);
      const name = node.name.value;
      const info = this.index.field(typename, name);
      let check: Check;
      if (name === '__typename') check = (v) => (v === typename ? null : { path: [], what: `is ${describe(v)}, not ${typename}` });
      else if (name === ENTITIES && typename === 'Query') check = (v, walk) => walk.entities(v, node, this, fragments);
      else check = info ? this.type(info.type, node.selectionSet, fragments) : NO_CHECK;
      const owned = info && directive(info.directives, ShardDirective.owned);
      if (owned) check = ownedBy(check, directiveArg(owned, 'by') as OwnerBy);
      return { key, name, check, cursorKey: key === HIDDEN_EDGES ? pageKey : undefined, conditions: conditions.length ? conditions : null };
    });
    compiled = { typename, fields, owner, ownerKeys: owner ? fields.filter((f) => f.name === owner.field).map((f) => f.key) : [] };
    byType.set(typename, compiled);
    return compiled;
  }

  /** The check of a value of `type` (null included). */
  private type(type: TypeNode, selection: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>): Check {
    if (type.kind === Kind.NON_NULL_TYPE) {
      const inner = this.present(type.type, selection, fragments);
      return (v, walk) => (v === null ? { path: [], what: 'is null where the schema says it never is' } : inner(v, walk));
    }
    const inner = this.present(type, selection, fragments);
    return (v, walk) => (v === null ? null : inner(v, walk));
  }

  /** The check of a value of `type` that is not null. */
  private present(type: TypeNode, selection: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>): Check {
    if (type.kind === Kind.NON_NULL_TYPE) return this.present(type.type, selection, fragments);
    if (type.kind === Kind.LIST_TYPE) {
      const item = this.type(type.type, selection, fragments);
      return (v, walk) => {
        if (!Array.isArray(v)) return { path: [], what: `is ${describe(v)}, not a list` };
        for (let i = 0; i < v.length; i++) {
          const problem = item(v[i], walk);
          if (problem) {
            problem.path.unshift(i);
            return problem;
          }
        }
        return null;
      };
    }
    const name = type.name.value;
    if (this.index.objects.has(name)) {
      let compiled: CompiledObject | undefined;
      return (v, walk) => walk.object(v, (compiled ??= this.object(selection, name, fragments)));
    }
    const possible = this.index.abstracts.get(name);
    if (possible) {
      return (v, walk) => {
        if (typeof v !== 'object' || Array.isArray(v)) return { path: [], what: `is ${describe(v)}, not a ${name}` };
        const typename = (v as Record<string, unknown>).__typename;
        if (typeof typename === 'string' && possible.has(typename)) return walk.object(v, this.object(selection, typename, fragments));
        return typename === undefined ? null : { path: ['__typename'], what: `is ${describe(typename)}, not a type of ${name}` };
      };
    }
    const declared = this.index.enums.get(name);
    if (declared) {
      const values = new Set(declared);
      return (v) => (typeof v === 'string' && values.has(v) ? null : { path: [], what: `is ${clip(v)}, not a value of ${name}` });
    }
    const check = scalarCheck(name, this.scalars);
    return (v) => (check(v) ? null : { path: [], what: `is ${clip(v)}, not a ${name}` });
  }
}

/** `check`, then: every country the value names (each item of a list) is the answering node's (`@shardOwned`). */
function ownedBy(check: Check, by: OwnerBy): Check {
  return (v, walk) => {
    const problem = check(v, walk);
    if (problem || v === null) return problem;
    const values = Array.isArray(v) ? v : [v];
    for (let i = 0; i < values.length; i++) {
      const owner = ownerOf(values[i], by);
      if (owner !== walk.country) {
        return { path: Array.isArray(v) ? [i] : [], what: `${clip(values[i])} names ${owner ?? 'no country'}, not ${walk.country}` };
      }
    }
    return null;
  };
}

const compilers = new WeakMap<ShardingSpec, WeakMap<ReadonlyMap<string, ScalarCheck>, Compiler>>();

function compilerFor(spec: ShardingSpec, scalars: ReadonlyMap<string, ScalarCheck>): Compiler {
  let bySpec = compilers.get(spec);
  if (!bySpec) compilers.set(spec, (bySpec = new WeakMap()));
  let compiler = bySpec.get(scalars);
  if (!compiler) bySpec.set(scalars, (compiler = new Compiler(spec, scalars)));
  return compiler;
}

/**
 * Why `data` is not a trustworthy answer of `ctx.country`'s node to the fetch it was sent, or
 * null: every selected field present, each value of its declared type (non-null never null,
 * lists are lists, scalars of their kind, enums one of their values, objects objects of a type
 * the field may return), `_entities` answering exactly the representations sent, and every
 * entity owned by that node's country by the subgraph's `@shardKey` (its key field when
 * selected, and the id inside each cursor of a page, which the gateway always selects), as is
 * every value of a `@shardOwned` field (a group row's country, the countries a group spans). The walk
 * follows the selection, never the answer, so extra keys or nesting cost nothing.
 *
 * Apollo Router checks subgraph answers against the schema too, nulling each wrong value; here a
 * wrong value rejects the node's whole answer: a node that misstates one value or speaks for
 * another country is not trusted with the rest of its rows, and a merged page cannot be built
 * from a part of one node's page.
 */
export function answerValueProblem(data: Record<string, unknown>, ctx: AnswerContext): string | null {
  const root = ctx.parsed.operation.operation === 'mutation' ? 'Mutation' : 'Query';
  const compiler = compilerFor(ctx.spec, ctx.scalars);
  const problem = new Walk(ctx).object(data, compiler.object(ctx.parsed.operation.selectionSet, root, ctx.parsed.fragments));
  return problem && `${problem.path.join('.')}${problem.path.length ? ' ' : ''}${problem.what}`;
}

/** One answer being checked: what it must answer and for whom. */
class Walk {
  readonly country: string;
  /** The variables `@skip` / `@include` read, defaults applied; only built for a selection that has them. */
  private conditionVariables: Record<string, unknown> | null = null;
  /** Each field's conditions decided once per answer, not once per row: the variables do not change. */
  private readonly decided = new Map<readonly ConditionalNode[], boolean>();

  constructor(private readonly ctx: AnswerContext) {
    this.country = ctx.country;
  }

  object(value: unknown, compiled: CompiledObject): Problem | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { path: [], what: `is ${describe(value)}, not a ${compiled.typename}` };
    const row = value as Record<string, unknown>;
    // Ownership first: a forged row is named as such, not by whatever else is wrong with it.
    for (const key of compiled.ownerKeys) {
      const id = row[key];
      if (typeof id !== 'string') continue; // a missing or mistyped key is reported with the fields
      const owner = ownerOf(id, compiled.owner!.by);
      if (owner !== this.ctx.country) return { path: [key], what: `${clip(id)} belongs to ${owner ?? 'no country'}, not to ${this.ctx.country}` };
    }
    for (const field of compiled.fields) {
      if (field.conditions && !this.asked(field.conditions)) continue;
      const v = row[field.key];
      const problem =
        v === undefined ? { path: [], what: 'is missing' } : (field.check(v, this) ?? (field.cursorKey ? this.cursors(v, field.cursorKey) : null));
      if (problem) {
        problem.path.unshift(field.key);
        return problem;
      }
    }
    return null;
  }

  /** Whether the fetch asks for a field under these `@skip` / `@include` conditions. */
  private asked(conditions: readonly ConditionalNode[]): boolean {
    let answer = this.decided.get(conditions);
    if (answer === undefined) {
      this.conditionVariables ??= variablesWithDefaults(this.ctx.parsed.operation, this.ctx.variables);
      this.decided.set(conditions, (answer = included(conditions, this.conditionVariables)));
    }
    return answer;
  }

  /**
   * `_entities`: one answer (or null) per representation the node was sent, each of the
   * representation's entity type (the planner does not always select `__typename`).
   */
  entities(value: unknown, field: FieldNode, compiler: Compiler, fragments: Map<string, FragmentDefinitionNode>): Problem | null {
    if (!Array.isArray(value)) return { path: [], what: `is ${describe(value)}, not a list` };
    const sent = argumentValue(field, 'representations', this.ctx.variables);
    if (!Array.isArray(sent) || sent.length !== value.length) {
      return { path: [], what: `has ${value.length} entities for ${Array.isArray(sent) ? sent.length : 'no'} representations` };
    }
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item === null) continue;
      const typename = (sent[i] as Record<string, unknown> | null)?.__typename;
      const answered = (item as Record<string, unknown> | undefined)?.__typename;
      let problem: Problem | null;
      if (typeof typename !== 'string' || !this.ctx.spec.entityKeys.has(typename)) {
        problem = { path: [], what: `answers a representation of ${clip(typename)}, not of an entity type` };
      } else if (answered !== undefined && answered !== typename) problem = { path: ['__typename'], what: `is ${clip(answered)}, not ${typename}` };
      else problem = this.object(item, compiler.object(field.selectionSet, typename, fragments));
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
}

/** A value shown in a reason: short, whatever a node sent. */
function clip(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value) : describe(value);
  return text;
}
