import type { EditSpec } from './kinds';

/**
 * The editor's list request, pure (no DOM): api.ts sends it, and scripts/long-title-timing.ts
 * measures exactly what the editor asks for.
 */

export interface ListState {
  q: string;
  /** Filter field → value (an enum value, or a date). */
  filters: Record<string, string>;
  order: string;
}

/** Rows a list page asks for. */
export const LIST_PAGE_SIZE = 50;

const labelField = (spec: EditSpec) => `${spec.label} { text(lang: $lang) }`;

export function listQuery(spec: EditSpec): string {
  const order = spec.orderType ? `, $orderBy: ${spec.orderType}` : '';
  return `query EditorList($filter: ${spec.filterType}, $first: Int, $after: String, $lang: String${order}) {
  ${spec.list}(filter: $filter, first: $first, after: $after${order ? ', orderBy: $orderBy' : ''}) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id version ${labelField(spec)} ${spec.rowFields} } } }`;
}

/** The filter input of a list: the office's own country, the search words, the chosen filters. */
export function listFilter(spec: EditSpec, country: string, state: ListState): Record<string, unknown> {
  const filter: Record<string, unknown> = { countries: [country] };
  if (spec.search && state.q.trim()) filter.text = state.q.trim();
  for (const f of spec.filters) {
    const value = state.filters[f.field];
    if (value) filter[f.field] = f.type === 'enum' ? [value] : value;
  }
  return filter;
}

/** One page of a list as the editor asks for it: the query and its variables. */
export function listRequest(
  spec: EditSpec,
  country: string,
  state: ListState,
  lang: string,
  after: string | null,
  first = LIST_PAGE_SIZE,
): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = { filter: listFilter(spec, country, state), first, after, lang };
  if (spec.orderType) variables.orderBy = state.order || spec.orders![0];
  return { query: listQuery(spec), variables };
}
