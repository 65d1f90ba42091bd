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

/** Which parts of a connection to compute: rows for edges/nodes/pageInfo, a COUNT for totalCount. */
export function connectionNeeds(info: GraphQLResolveInfo): { wantRows: boolean; wantCount: boolean } {
  const names = selectedFieldNames(info);
  return { wantRows: names.has('edges') || names.has('nodes') || names.has('pageInfo'), wantCount: names.has('totalCount') };
}
