import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import type { EntityMetadata } from 'typeorm';
import { selectedAt } from '../../../contract/selection.js';

/**
 * What the rows of a page must hold for the fields a query selected on its nodes. Reading and
 * decoding columns nobody asked for (the folded search text, jsonb sources and outcomes) was about
 * a sixth of a node's CPU on the gateway's page sub-request.
 */
export interface NodeSelection {
  /** The connection's node type, as served. */
  type: GraphQLObjectType;
  /** Fields selected on `edges.node` and `nodes` (through fragments), without `__typename`. */
  fields: ReadonlySet<string>;
}

/** The node fields a connection field's query selected, or null when the shape is not a connection of objects. */
export function nodeSelectionOf(info: GraphQLResolveInfo): NodeSelection | null {
  const connection = getNamedType(info.returnType);
  if (!isObjectType(connection)) return null;
  const nodesField = connection.getFields().nodes;
  const type = nodesField && getNamedType(nodesField.type);
  if (!type || !isObjectType(type)) return null;
  const fields = new Set([...selectedAt(info, ['nodes']), ...selectedAt(info, ['edges', 'node'])]);
  fields.delete('__typename');
  return { type, fields };
}

/**
 * The entity properties (typeorm property paths) to read for `selection`, or null for all of them.
 * Only fields that graphql-js resolves by default (a plain read of the property of the same name,
 * see plain-fields.ts) and that are columns of `metadata` narrow the read; any other field (a field
 * resolver may read any column, e.g. `country` reads `countryCode`) keeps every column. Primary
 * keys and `cursorKeys` (the properties the page's cursors are made from) are always read.
 */
export function columnsToRead(metadata: EntityMetadata, selection: NodeSelection | null | undefined, cursorKeys: readonly string[]): string[] | null {
  if (!selection) return null;
  const graphqlFields = selection.type.getFields();
  const byProperty = new Map(metadata.columns.map((c) => [c.propertyPath, c]));
  const read = new Set<string>(metadata.primaryColumns.map((c) => c.propertyPath));
  for (const name of cursorKeys) {
    if (!byProperty.has(name)) return null;
    read.add(name);
  }
  for (const name of selection.fields) {
    const field = graphqlFields[name];
    if (!field || field.resolve !== undefined || !byProperty.has(name)) return null;
    read.add(name);
  }
  return [...read];
}
