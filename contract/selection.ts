import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Names of the fields selected under the current field at `path` (each step a field name; [] for
 * the fields directly under it), through fragments and inline fragments.
 */
export function selectedAt(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, rest: readonly string[]) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        if (rest.length === 0) names.add(sel.name.value);
        else if (sel.name.value === rest[0]) visit(sel.selectionSet, rest.slice(1));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet, rest);
      else visit(info.fragments[sel.name.value]?.selectionSet, rest);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, path);
  return names;
}

/** Names of the fields selected directly under the current field (through fragments too). */
export function selectedFieldNames(info: GraphQLResolveInfo): Set<string> {
  return selectedAt(info, []);
}

/**
 * Which parts of a connection to compute: rows for edges/nodes/pageInfo, a COUNT for totalCount,
 * and whether anything precedes the page (pageInfo.hasPreviousPage, one more small query).
 */
export function connectionNeeds(info: GraphQLResolveInfo): { wantRows: boolean; wantCount: boolean; wantPrevious: boolean } {
  const names = selectedFieldNames(info);
  return {
    wantRows: names.has('edges') || names.has('nodes') || names.has('pageInfo'),
    wantCount: names.has('totalCount'),
    wantPrevious: names.has('pageInfo') && selectedAt(info, ['pageInfo']).has('hasPreviousPage'),
  };
}
