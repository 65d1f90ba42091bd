import { Kind, type ConstDirectiveNode, type TypeNode } from 'graphql';
import { EXPORT_PATH } from '../../../contract/export/protocol.js';
import { isOrderName, ORDER_KEY_FIELD } from '../../../contract/ordering.js';
import { ShardDirective, type OwnerBy } from '../../../contract/sharding.js';
import { RELAY } from '../relay.js';
import { directive, directiveArg, type FieldInfo, type SdlIndex } from '../sdl-index.js';
import type { EntityKey } from './entity-key.js';
import type { PageRule } from './page.js';

/** How one value of an exported row is written and checked. */
export type ValueShape =
  /** A scalar or enum value (`values`: the enum's, else null). */
  | { kind: 'leaf'; type: string; values: ReadonlySet<string> | null }
  /** An object that is no entity, with its fields that take no arguments. */
  | { kind: 'object'; typename: string; fields: RowField[] }
  /** A reference to an entity, written as its key (which names its country `by`). */
  | { kind: 'ref'; by: OwnerBy };

export interface RowField {
  /** The row type's field, and the key the row holds it under (`programme` → `programmeId`). */
  name: string;
  key: string;
  shape: ValueShape;
  list: boolean;
  nullable: boolean;
  /** For a list: may an item be null? */
  itemNullable: boolean;
}

/** A list the subgraph declares exported (`@shardExport` on a `@shardPage` root field). */
export interface ExportRule {
  path: string;
  field: string;
  page: PageRule;
  /** The argument holding the filter (the head of the page's countries path), and the countries' path inside it. */
  filterArgument: string;
  countriesInFilter: string[];
  rowType: string;
  fields: RowField[];
  /** The row type's entity key: every row's own key must name the node that sent it. */
  owner: { key: string; by: OwnerBy };
}

function shapeOf(type: TypeNode): { list: boolean; nullable: boolean; itemNullable: boolean } {
  const nullable = type.kind !== Kind.NON_NULL_TYPE;
  const inner = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  if (inner.kind !== Kind.LIST_TYPE) return { list: false, nullable, itemNullable: false };
  return { list: true, nullable, itemNullable: inner.type.kind !== Kind.NON_NULL_TYPE };
}

const BUILT_IN = new Set(['Int', 'Float', 'String', 'Boolean', 'ID']);

/** The row field for `field` of `typename`, or an error (pushed) when it cannot be exported. */
function rowField(index: SdlIndex, entityKeys: Map<string, EntityKey>, field: FieldInfo, at: string, errors: string[], depth: number): RowField | null {
  const wrap = shapeOf(field.type);
  const type = field.typeName;
  const entity = entityKeys.get(type);
  if (entity) {
    if (wrap.list) errors.push(`${at}: a list of entities (${type}) cannot be exported; export that list itself`);
    return { name: field.name, key: entity.by === 'VALUE' ? field.name : `${field.name}Id`, shape: { kind: 'ref', by: entity.by }, ...wrap };
  }
  const values = index.enums.get(type);
  if (values) return { name: field.name, key: field.name, shape: { kind: 'leaf', type, values: new Set(values) }, ...wrap };
  if (BUILT_IN.has(type) || index.scalars.has(type)) return { name: field.name, key: field.name, shape: { kind: 'leaf', type, values: null }, ...wrap };
  const object = index.objects.get(type);
  if (!object || depth > 4) {
    errors.push(`${at}: ${type} cannot be exported (only scalars, enums, objects of them and entity references)`);
    return null;
  }
  const fields: RowField[] = [];
  for (const sub of object.fields.values()) {
    if (sub.args.size) continue; // e.g. a text in a chosen language: the row carries the text whole
    const f = rowField(index, entityKeys, sub, `${at}.${sub.name}`, errors, depth + 1);
    if (f) fields.push(f);
  }
  return { name: field.name, key: field.name, shape: { kind: 'object', typename: type, fields }, ...wrap };
}

/** Reads a root field's `@shardExport`; errors name what is wrong (the SDL is then refused). */
export function readExportRule(
  index: SdlIndex,
  entityKeys: Map<string, EntityKey>,
  field: FieldInfo,
  page: PageRule | undefined,
  node: ConstDirectiveNode,
  errors: string[],
): ExportRule | null {
  const at = `Query.${field.name} @${ShardDirective.export}`;
  const before = errors.length;
  const path = directiveArg(node, 'path');
  const names = directiveArg(node, 'fields');
  if (!page) errors.push(`${at}: only a @${ShardDirective.page} list can be exported`);
  if (typeof path !== 'string' || !EXPORT_PATH.test(path)) errors.push(`${at}: path must match ${EXPORT_PATH.source}`);
  if (!Array.isArray(names) || !names.length) errors.push(`${at}: fields must list the row's fields`);
  const countries = page?.countriesPath;
  if (page && (!countries || countries.length < 2)) errors.push(`${at}: the list needs a countriesArgument inside its filter argument`);
  const rowType = index.objects.get(field.typeName)?.fields.get(RELAY.nodes)?.typeName;
  const row = rowType ? index.objects.get(rowType) : undefined;
  const owner = rowType ? entityKeys.get(rowType) : undefined;
  if (!row || !owner) errors.push(`${at}: the list's nodes must be entities with @${ShardDirective.key}`);
  if (errors.length > before || !page || !row || !owner || !countries) return null;
  const fields: RowField[] = [];
  for (const name of names as unknown[]) {
    const f = typeof name === 'string' ? row.fields.get(name) : undefined;
    if (!f || f.args.size) {
      errors.push(`${at}: ${String(name)} is no field of ${row.name} without arguments`);
      continue;
    }
    const exported = rowField(index, entityKeys, f, `${at}: ${row.name}.${f.name}`, errors, 0);
    if (exported) fields.push(exported);
  }
  const keys = new Set(fields.map((f) => f.key));
  if (keys.size !== fields.length) errors.push(`${at}: two fields are written under the same key`);
  if (!keys.has(owner.field)) errors.push(`${at}: the row must hold its key ${owner.field}`);
  for (const order of page.directions.keys()) {
    if (!isOrderName(order)) errors.push(`${at}: order ${order} has no cursor the export knows`);
    else if (ORDER_KEY_FIELD[order] && !keys.has(ORDER_KEY_FIELD[order]!))
      errors.push(`${at}: order ${order} sorts by ${ORDER_KEY_FIELD[order]}, which the row must hold`);
  }
  if (errors.length > before) return null;
  return {
    path: path as string,
    field: field.name,
    page,
    filterArgument: countries[0]!,
    countriesInFilter: countries.slice(1),
    rowType: row.name,
    fields,
    owner: { key: owner.field, by: owner.by },
  };
}

/** Every exported list of the subgraph by path; a path declared twice is an error. */
export function readExportRules(index: SdlIndex, entityKeys: Map<string, EntityKey>, pages: Map<string, PageRule>, errors: string[]): Map<string, ExportRule> {
  const rules = new Map<string, ExportRule>();
  for (const field of index.objects.get('Query')?.fields.values() ?? []) {
    const node = directive(field.directives, ShardDirective.export);
    if (!node) continue;
    const rule = readExportRule(index, entityKeys, field, pages.get(field.name), node, errors);
    if (!rule) continue;
    if (rules.has(rule.path)) errors.push(`Query.${field.name} @${ShardDirective.export}: path ${rule.path} is declared twice`);
    rules.set(rule.path, rule);
  }
  return rules;
}
