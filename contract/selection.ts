import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** Names of the fields selected directly under the current field (through fragments too). */
export function selectedFieldNames(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) names.add(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
      else visit(info.fragments[sel.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

/** Names selected under the direct subfield `field` of the current field (through fragments too). */
function selectedUnder(info: GraphQLResolveInfo, field: string): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, inside: boolean) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        if (inside) names.add(sel.name.value);
        else if (sel.name.value === field) visit(sel.selectionSet, true);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet, inside);
      else visit(info.fragments[sel.name.value]?.selectionSet, inside);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, false);
  return names;
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
    wantPrevious: names.has('pageInfo') && selectedUnder(info, 'pageInfo').has('hasPreviousPage'),
  };
}
