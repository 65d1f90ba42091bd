import { ShardDirective } from '../../contract/sharding.js';
import { directive, directiveArg, SdlIndex, type FieldInfo } from './sdl-index.js';
import { readAggregateRule, type AggregateRule } from './rules/aggregate.js';
import { argumentPath, type Declaration } from './rules/declaration.js';
import { checkOwnedFields, readEntityKey, type EntityKey } from './rules/entity-key.js';
import { readExportRules, type ExportRule } from './rules/export.js';
import { readFeedRule, type FeedRule } from './rules/feed.js';
import { readGroupMergeRule, type GroupMergeRule } from './rules/group-merge.js';
import { readOwnerRule, type OwnerRule } from './rules/owner.js';
import { readPageRule, type PageRule } from './rules/page.js';

// Each rule kind's type, reading and validation live in rules/; this module composes them into the
// spec. The rule types are exported from here too, the one import users of the spec need.
export type { AggregateRule } from './rules/aggregate.js';
export type { EntityKey } from './rules/entity-key.js';
export type { ExportRule, RowField, ValueShape } from './rules/export.js';
export type { FeedRule } from './rules/feed.js';
export type { GroupMergeRule } from './rules/group-merge.js';
export type { OwnerRule } from './rules/owner.js';
export type { Direction, PageRule } from './rules/page.js';

export type FieldRule = PageRule | OwnerRule | AggregateRule | GroupMergeRule | FeedRule;

/** How to fill a field of an entity whose node is unavailable: an empty page or list, null, or not at all. */
export type FieldShape = { kind: 'page'; rule: PageRule } | { kind: 'list' } | { kind: 'nullable' } | { kind: 'required' };

/** Everything the gateway knows about how the sharded subgraph is answered, read from its SDL. */
export interface ShardingSpec {
  query: Map<string, FieldRule>;
  mutation: Map<string, OwnerRule>;
  entityKeys: Map<string, EntityKey>;
  fieldShape(typeName: string, fieldName: string): FieldShape;
  /** The subgraph's types, against which every node answer is checked (gateway/validate/). */
  types: SdlIndex;
  /** The lists streamed whole, by their path under `/export/` (rules/export.ts). */
  exports: Map<string, ExportRule>;
}

/** Federation's own root fields: answered the same way whatever the subgraph declares. */
const FEDERATION_FIELDS = new Set(['_entities', '_service']);

/** The field directives, each with the reader of its rule kind (in the order a message lists them). */
const RULE_READERS: ReadonlyMap<string, (declaration: Declaration) => FieldRule> = new Map<string, (declaration: Declaration) => FieldRule>([
  [ShardDirective.page, readPageRule],
  [ShardDirective.owner, readOwnerRule],
  [ShardDirective.aggregate, readAggregateRule],
  [ShardDirective.groupMerge, readGroupMergeRule],
  [ShardDirective.feed, readFeedRule],
]);

/**
 * Reads the sharding declarations of a subgraph SDL. Every root field must carry one; an
 * undeclared or inconsistent field is an error (the SDL is refused), never a guess.
 */
export function readShardingSpec(sdl: string): { spec: ShardingSpec; errors: [] } | { spec: null; errors: string[] } {
  const index = new SdlIndex(sdl);
  const errors: string[] = [];
  const query = new Map<string, FieldRule>();
  const mutation = new Map<string, OwnerRule>();

  for (const field of index.objects.get('Query')?.fields.values() ?? []) {
    if (FEDERATION_FIELDS.has(field.name)) continue;
    const rule = fieldRule(index, field, `Query.${field.name}`, errors);
    if (rule) query.set(field.name, rule);
  }
  for (const field of index.objects.get('Mutation')?.fields.values() ?? []) {
    const rule = fieldRule(index, field, `Mutation.${field.name}`, errors);
    if (rule && rule.kind !== 'owner') errors.push(`Mutation.${field.name}: a mutation is written on one node; declare @${ShardDirective.owner}`);
    else if (rule) mutation.set(field.name, rule);
  }

  const entityKeys = new Map<string, EntityKey>();
  const entityPages = new Map<string, PageRule>();
  for (const type of index.objects.values()) {
    if (type.name === 'Query' || type.name === 'Mutation') continue;
    for (const field of type.fields.values()) {
      if (!directive(field.directives, ShardDirective.page)) continue;
      const rule = fieldRule(index, field, `${type.name}.${field.name}`, errors);
      if (rule?.kind === 'page') entityPages.set(`${type.name}.${field.name}`, rule);
    }
    checkOwnedFields(type, errors);
    const key = readEntityKey(type, errors);
    if (key) entityKeys.set(type.name, key);
  }

  const pages = new Map([...query].flatMap(([name, rule]) => (rule.kind === 'page' ? [[name, rule] as const] : [])));
  const exports = readExportRules(index, entityKeys, pages, errors);
  if (errors.length) return { spec: null, errors };
  return {
    errors: [],
    spec: {
      query,
      mutation,
      entityKeys,
      exports,
      types: index,
      fieldShape(typeName, fieldName) {
        const page = entityPages.get(`${typeName}.${fieldName}`);
        if (page) return { kind: 'page', rule: page };
        const field = index.field(typeName, fieldName);
        if (field?.isList) return { kind: 'list' };
        return field?.nonNull ? { kind: 'required' } : { kind: 'nullable' };
      },
    },
  };
}

/** The rule of the one sharding directive a field declares; null (with errors) for none, several or an inconsistent one. */
function fieldRule(index: SdlIndex, field: FieldInfo, at: string, errors: string[]): FieldRule | null {
  const declared = [...RULE_READERS.keys()].map((name) => directive(field.directives, name)).filter((d) => d !== undefined);
  const node = declared[0];
  const read = node && RULE_READERS.get(node.name.value);
  if (declared.length !== 1 || !read) {
    errors.push(
      declared.length === 0
        ? `${at} declares no sharding (@${ShardDirective.page}, @${ShardDirective.owner}, @${ShardDirective.aggregate}, @${ShardDirective.groupMerge} or @${ShardDirective.feed}); the gateway will not guess`
        : `${at} declares more than one sharding directive`,
    );
    return null;
  }
  const countriesPath = argumentPath(directiveArg(node, 'countriesArgument'));
  if (countriesPath && !index.hasArgumentPath(field, countriesPath)) errors.push(`${at}: countriesArgument ${countriesPath.join('.')} is not an argument path`);
  const before = errors.length;
  const rule = read({ index, field, at, directive: node, countriesPath, errors });
  return errors.length > before ? null : rule;
}
