import { Kind, print } from 'graphql';
import { OWNER_BY, ShardDirective, type OwnerBy } from '../../contract/sharding.js';
import { RELAY } from './relay.js';
import { argumentDefault, directive, directiveArg, namedType, SdlIndex, type FieldInfo } from './sdl-index.js';

export type Direction = 'ASC' | 'DESC';

export interface PageRule {
  kind: 'page';
  orderArgument: string | null;
  defaultOrder: string | null;
  /** Direction of each order value's sort key; the id tie-break is always ascending. */
  directions: Map<string, Direction>;
  countriesPath: string[] | null;
  defaultFirst: number;
  /** Connection fields added across nodes (e.g. a total count). */
  sumFields: Set<string>;
  typenames: { connection: string; pageInfo: string };
  /** Declared types of `first` and `after` (e.g. `Int`, `String`), for the variables of a top-up request. */
  argumentTypes: { first: string; after: string };
}

export interface OwnerRule {
  kind: 'owner';
  argumentPath: string[];
  by: OwnerBy;
}

export interface AggregateRule {
  kind: 'aggregate';
  groupArgument: string;
  countriesPath: string[] | null;
  /** Group argument value → the row field holding that group's key. */
  keyFieldOf: Map<string, string>;
  sumFields: Set<string>;
}

export interface GroupMergeRule {
  kind: 'groupMerge';
  keyField: string;
  countriesField: string;
  thresholdArgument: string;
  defaultThreshold: number;
  countriesPath: string[] | null;
  /** Row fields that are lists: concatenated across nodes. */
  listFields: Set<string>;
}

/** A feed resumed from a watermark of per-node positions (see primitives/feed-merge.ts). */
export interface FeedRule {
  kind: 'feed';
  sinceArgument: string;
  defaultFirst: number;
  itemsField: string;
  /** Item fields: the item's position in its node's order, and the key items of different nodes are merged by. */
  positionField: string;
  orderField: string;
  watermarkField: string;
  moreField: string;
  unavailableField: string;
  countriesPath: string[] | null;
  typename: string;
}

export type FieldRule = PageRule | OwnerRule | AggregateRule | GroupMergeRule | FeedRule;

export interface EntityKey {
  field: string;
  by: OwnerBy;
}

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
}

/** Federation's own root fields: answered the same way whatever the subgraph declares. */
const FEDERATION_FIELDS = new Set(['_entities', '_service']);

const path = (value: unknown) => (typeof value === 'string' && value ? value.split('.') : null);

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
    for (const field of type.fields.values()) {
      const owned = directive(field.directives, ShardDirective.owned);
      if (owned && !OWNER_BY.includes(directiveArg(owned, 'by') as OwnerBy))
        errors.push(`${type.name}.${field.name} @${ShardDirective.owned}: by must be ${OWNER_BY.join(' or ')}`);
    }
    const key = directive(type.directives, 'key');
    if (!key || directiveArg(key, 'resolvable') === false) continue;
    const shardKey = directive(type.directives, ShardDirective.key);
    if (!shardKey) {
      errors.push(`${type.name}: an entity of a sharded subgraph needs @${ShardDirective.key} to say which node owns it`);
      continue;
    }
    const keyField = String(directiveArg(shardKey, 'field'));
    const by = directiveArg(shardKey, 'by') as OwnerBy;
    if (!type.fields.has(keyField)) errors.push(`${type.name} @${ShardDirective.key}: no field ${keyField}`);
    if (!OWNER_BY.includes(by)) errors.push(`${type.name} @${ShardDirective.key}: by must be ${OWNER_BY.join(' or ')}`);
    entityKeys.set(type.name, { field: keyField, by });
  }

  if (errors.length) return { spec: null, errors };
  return {
    errors: [],
    spec: {
      query,
      mutation,
      entityKeys,
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

function fieldRule(index: SdlIndex, field: FieldInfo, at: string, errors: string[]): FieldRule | null {
  const declared = [ShardDirective.page, ShardDirective.owner, ShardDirective.aggregate, ShardDirective.groupMerge, ShardDirective.feed]
    .map((name) => directive(field.directives, name))
    .filter((d) => d !== undefined);
  const node = declared[0];
  if (declared.length !== 1 || !node) {
    errors.push(
      declared.length === 0
        ? `${at} declares no sharding (@${ShardDirective.page}, @${ShardDirective.owner}, @${ShardDirective.aggregate}, @${ShardDirective.groupMerge} or @${ShardDirective.feed}); the gateway will not guess`
        : `${at} declares more than one sharding directive`,
    );
    return null;
  }
  const countriesPath = path(directiveArg(node, 'countriesArgument'));
  if (countriesPath && !index.hasArgumentPath(field, countriesPath)) errors.push(`${at}: countriesArgument ${countriesPath.join('.')} is not an argument path`);
  const before = errors.length;
  const rule = ((): FieldRule | null => {
    switch (node.name.value) {
      case ShardDirective.page:
        return pageRule(
          index,
          field,
          at,
          countriesPath,
          directiveArg(node, 'orderArgument'),
          directiveArg(node, 'ascending'),
          directiveArg(node, 'descending'),
          errors,
        );
      case ShardDirective.owner:
        return ownerRule(index, field, at, directiveArg(node, 'argument'), directiveArg(node, 'by'), errors);
      case ShardDirective.aggregate:
        return aggregateRule(index, field, at, countriesPath, directiveArg(node, 'groupArgument'), errors);
      case ShardDirective.feed:
        return feedRule(index, field, at, countriesPath, node, errors);
      default:
        return groupMergeRule(index, field, at, countriesPath, node, errors);
    }
  })();
  return errors.length > before ? null : rule;
}

function pageRule(
  index: SdlIndex,
  field: FieldInfo,
  at: string,
  countriesPath: string[] | null,
  orderArgument: unknown,
  ascending: unknown,
  descending: unknown,
  errors: string[],
): PageRule {
  const connection = index.objects.get(field.typeName);
  if (!connection || field.isList || ![RELAY.edges, RELAY.nodes, RELAY.pageInfo].every((f) => connection.fields.has(f))) {
    errors.push(`${at} @${ShardDirective.page}: ${field.typeName} is not a Relay connection (edges, nodes, pageInfo)`);
  }
  const defaultFirst = argumentDefault(field, RELAY.first);
  if (!Number.isInteger(defaultFirst)) errors.push(`${at} @${ShardDirective.page}: argument ${RELAY.first} needs an integer default`);
  if (!field.args.has(RELAY.after)) errors.push(`${at} @${ShardDirective.page}: argument ${RELAY.after} is missing`);
  const sumFields = new Set<string>();
  for (const f of connection?.fields.values() ?? []) {
    if (directive(f.directives, ShardDirective.sum)) sumFields.add(f.name);
    else if (!([RELAY.edges, RELAY.nodes, RELAY.pageInfo] as string[]).includes(f.name)) {
      errors.push(`${field.typeName}.${f.name}: a connection field the gateway cannot merge (declare @${ShardDirective.sum} or remove it)`);
    }
  }
  const directions = new Map<string, Direction>();
  let defaultOrder: string | null = null;
  if (typeof orderArgument === 'string') {
    const arg = field.args.get(orderArgument);
    const values = arg ? index.enums.get(namedType(arg.type)) : undefined;
    if (!values) errors.push(`${at} @${ShardDirective.page}: orderArgument ${orderArgument} is not an enum argument`);
    for (const v of (ascending as string[] | undefined) ?? []) directions.set(v, 'ASC');
    for (const v of (descending as string[] | undefined) ?? []) directions.set(v, 'DESC');
    const undeclared = (values ?? []).filter((v) => !directions.has(v));
    if (undeclared.length) errors.push(`${at} @${ShardDirective.page}: order values without a direction: ${undeclared.join(', ')}`);
    const def = argumentDefault(field, orderArgument);
    if (typeof def !== 'string') errors.push(`${at} @${ShardDirective.page}: orderArgument ${orderArgument} needs a default`);
    else defaultOrder = def;
  }
  return {
    kind: 'page',
    orderArgument: typeof orderArgument === 'string' ? orderArgument : null,
    defaultOrder,
    directions,
    countriesPath,
    defaultFirst: Number(defaultFirst),
    sumFields,
    typenames: { connection: field.typeName, pageInfo: connection?.fields.get(RELAY.pageInfo)?.typeName ?? RELAY.pageInfo },
    argumentTypes: { first: typeOf(field, RELAY.first), after: typeOf(field, RELAY.after) },
  };
}

/** An argument's declared type without its non-null marker (a top-up always sends a value). */
function typeOf(field: FieldInfo, name: string): string {
  const type = field.args.get(name)?.type;
  return type ? print(type.kind === Kind.NON_NULL_TYPE ? type.type : type) : 'String';
}

function ownerRule(index: SdlIndex, field: FieldInfo, at: string, argument: unknown, by: unknown, errors: string[]): OwnerRule {
  const argumentPath = path(argument) ?? [];
  if (!index.hasArgumentPath(field, argumentPath)) errors.push(`${at} @${ShardDirective.owner}: ${String(argument)} is not an argument path`);
  if (!OWNER_BY.includes(by as OwnerBy)) errors.push(`${at} @${ShardDirective.owner}: by must be ${OWNER_BY.join(' or ')}`);
  return { kind: 'owner', argumentPath, by: by as OwnerBy };
}

function aggregateRule(index: SdlIndex, field: FieldInfo, at: string, countriesPath: string[] | null, groupArgument: unknown, errors: string[]): AggregateRule {
  const row = index.objects.get(field.typeName);
  const groupArg = typeof groupArgument === 'string' ? field.args.get(groupArgument) : undefined;
  const groupValues = groupArg ? index.enums.get(namedType(groupArg.type)) : undefined;
  if (!row || !field.isList) errors.push(`${at} @${ShardDirective.aggregate}: must return a list of group rows`);
  if (!groupValues) errors.push(`${at} @${ShardDirective.aggregate}: groupArgument ${String(groupArgument)} is not an enum list argument`);
  const keyFieldOf = new Map<string, string>();
  const sumFields = new Set<string>();
  for (const f of row?.fields.values() ?? []) {
    const key = directive(f.directives, ShardDirective.groupKey);
    if (key) keyFieldOf.set(String(directiveArg(key, 'value')), f.name);
    else if (directive(f.directives, ShardDirective.sum)) sumFields.add(f.name);
    else errors.push(`${field.typeName}.${f.name}: neither @${ShardDirective.groupKey} nor @${ShardDirective.sum}; the gateway cannot merge it`);
  }
  const missing = (groupValues ?? []).filter((v) => !keyFieldOf.has(v));
  if (missing.length) errors.push(`${at} @${ShardDirective.aggregate}: group values without a @${ShardDirective.groupKey} field: ${missing.join(', ')}`);
  return { kind: 'aggregate', groupArgument: String(groupArgument), countriesPath, keyFieldOf, sumFields };
}

function groupMergeRule(
  index: SdlIndex,
  field: FieldInfo,
  at: string,
  countriesPath: string[] | null,
  node: Parameters<typeof directiveArg>[0],
  errors: string[],
): GroupMergeRule {
  const row = index.objects.get(field.typeName);
  const keyField = String(directiveArg(node, 'keyField'));
  const countriesField = String(directiveArg(node, 'countriesField'));
  const thresholdArgument = String(directiveArg(node, 'thresholdArgument'));
  const defaultThreshold = argumentDefault(field, thresholdArgument);
  if (!row || !field.isList) errors.push(`${at} @${ShardDirective.groupMerge}: must return a list of groups`);
  if (!row?.fields.has(keyField)) errors.push(`${at} @${ShardDirective.groupMerge}: no key field ${keyField}`);
  if (!row?.fields.get(countriesField)?.isList) errors.push(`${at} @${ShardDirective.groupMerge}: ${countriesField} is not a list field`);
  if (!Number.isInteger(defaultThreshold)) errors.push(`${at} @${ShardDirective.groupMerge}: ${thresholdArgument} needs an integer default`);
  const listFields = new Set<string>();
  for (const f of row?.fields.values() ?? []) {
    if (f.name === keyField || f.name === countriesField) continue;
    if (f.isList) listFields.add(f.name);
    else errors.push(`${field.typeName}.${f.name}: the gateway cannot merge it across nodes (only the key and list fields)`);
  }
  return { kind: 'groupMerge', keyField, countriesField, thresholdArgument, defaultThreshold: Number(defaultThreshold), countriesPath, listFields };
}

function feedRule(
  index: SdlIndex,
  field: FieldInfo,
  at: string,
  countriesPath: string[] | null,
  node: Parameters<typeof directiveArg>[0],
  errors: string[],
): FeedRule {
  const names = ['sinceArgument', 'itemsField', 'positionField', 'orderField', 'watermarkField', 'moreField', 'unavailableField'] as const;
  const arg = Object.fromEntries(names.map((n) => [n, String(directiveArg(node, n))])) as Record<(typeof names)[number], string>;
  const feed = index.objects.get(field.typeName);
  if (!feed || field.isList) errors.push(`${at} @${ShardDirective.feed}: must return one feed object`);
  if (!field.args.has(arg.sinceArgument)) errors.push(`${at} @${ShardDirective.feed}: no argument ${arg.sinceArgument}`);
  const defaultFirst = argumentDefault(field, RELAY.first);
  if (!Number.isInteger(defaultFirst)) errors.push(`${at} @${ShardDirective.feed}: argument ${RELAY.first} needs an integer default`);
  const items = feed?.fields.get(arg.itemsField);
  const item = items ? index.objects.get(items.typeName) : undefined;
  if (!items?.isList || !item) errors.push(`${at} @${ShardDirective.feed}: ${arg.itemsField} is not a list of objects`);
  for (const f of [arg.positionField, arg.orderField])
    if (item && !item.fields.has(f)) errors.push(`${at} @${ShardDirective.feed}: ${item.name} has no field ${f}`);
  if (!feed?.fields.get(arg.unavailableField)?.isList) errors.push(`${at} @${ShardDirective.feed}: ${arg.unavailableField} is not a list field`);
  const known = new Set([arg.itemsField, arg.watermarkField, arg.moreField, arg.unavailableField]);
  for (const f of feed?.fields.values() ?? []) {
    if (!known.has(f.name)) errors.push(`${field.typeName}.${f.name}: a feed field the gateway cannot merge`);
  }
  for (const f of [arg.watermarkField, arg.moreField]) if (feed && !feed.fields.has(f)) errors.push(`${at} @${ShardDirective.feed}: no field ${f}`);
  return { kind: 'feed', ...arg, defaultFirst: Number(defaultFirst), countriesPath, typename: field.typeName };
}
