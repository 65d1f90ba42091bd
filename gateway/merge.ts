import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { comparePositions, decodeCursor, compareGroups, type OrderName } from '../shared/ordering.js';
import { flattenFields, responseKey, SHARD_EDGES, SHARD_PAGE } from './operation.js';

type Json = Record<string, any>;

const CONNECTION_TYPE: Record<string, string> = {
  events: 'EventConnection',
  programmes: 'ProgrammeConnection',
  partnerships: 'PartnershipConnection',
  organisations: 'OrganisationConnection',
};

/** One node's answer for a connection field. */
export interface NodeConnection {
  country: string;
  value: Json;
}

/**
 * Merges per-node pages into the page one database would return: every node was asked for
 * the same `first` after the same global position, so the global page is the first `first`
 * items of the union in the shared total order. Items are aligned by index across the
 * node's `edges`/`nodes` lists and the hidden `shard__edges` cursors.
 */
export function mergeConnections(
  field: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  order: OrderName,
  first: number,
  answers: NodeConnection[],
): Json {
  type Item = { answer: number; index: number; cursor: string; pos: ReturnType<typeof decodeCursor> };
  const items: Item[] = [];
  let anyMore = false;
  answers.forEach((a, answer) => {
    const edges: Array<{ cursor: string }> = a.value[SHARD_EDGES] ?? [];
    edges.forEach((e, index) => items.push({ answer, index, cursor: e.cursor, pos: decodeCursor(order, e.cursor) }));
    if (a.value[SHARD_PAGE]?.hasNextPage) anyMore = true;
  });
  items.sort((x, y) => comparePositions(order, x.pos, y.pos));
  const page = items.slice(0, first);
  const hasNextPage = anyMore || items.length > first;
  const endCursor = page.length ? page[page.length - 1].cursor : null;

  const out: Json = {};
  for (const sub of flattenFields(field.selectionSet, fragments)) {
    const key = responseKey(sub);
    switch (sub.name.value) {
      case 'edges':
      case 'nodes':
        out[key] = page.map((it) => answers[it.answer].value[key][it.index]);
        break;
      case 'totalCount':
        out[key] = answers.reduce((sum, a) => sum + (a.value[key] ?? 0), 0);
        break;
      case 'pageInfo':
        out[key] = pageInfoValue(sub, fragments, hasNextPage, endCursor);
        break;
      case '__typename':
        out[key] = answers[0]?.value[key] ?? CONNECTION_TYPE[field.name.value] ?? null;
        break;
      default:
        out[key] = answers[0]?.value[key] ?? null;
    }
  }
  return out;
}

function pageInfoValue(field: FieldNode, fragments: Map<string, FragmentDefinitionNode>, hasNextPage: boolean, endCursor: string | null): Json {
  const out: Json = {};
  for (const sub of flattenFields(field.selectionSet, fragments)) {
    const key = responseKey(sub);
    if (sub.name.value === 'hasNextPage') out[key] = hasNextPage;
    else if (sub.name.value === 'endCursor') out[key] = endCursor;
    else if (sub.name.value === '__typename') out[key] = 'PageInfo';
  }
  return out;
}


/** The empty page, shaped like the selection: what a connection is when no node could answer. */
export function emptyConnection(field: FieldNode, fragments: Map<string, FragmentDefinitionNode>): Json {
  return mergeConnections(field, fragments, 'ID_ASC', 0, []);
}

/** Hidden alias under which a stats dimension is always fetched, whatever the client selected. */
export const statDimensionAlias = (dimension: string) => `shard__${dimension.toLowerCase()}`;

/**
 * Sums groups with equal keys across nodes and orders them as a node would. Groups are keyed by
 * every groupBy dimension (fetched under hidden aliases), so two countries' groups never merge
 * just because the client did not select `country`.
 */
export function mergeStats(field: FieldNode, fragments: Map<string, FragmentDefinitionNode>, dimensions: string[], lists: Json[][]): Json[] {
  const subs = flattenFields(field.selectionSet, fragments);
  const sumKeys = subs.filter((s) => s.name.value === 'count' || s.name.value === 'participantCount').map(responseKey);
  const dimValues = (row: Json) => Object.fromEntries(dimensions.map((d) => [d.toLowerCase(), row[statDimensionAlias(d)] ?? null]));
  const groups = new Map<string, { row: Json; dims: Json }>();
  for (const list of lists) {
    for (const row of list) {
      const dims = dimValues(row);
      const id = JSON.stringify(dims);
      const existing = groups.get(id);
      if (!existing) {
        groups.set(id, { row: { ...row }, dims });
        continue;
      }
      for (const k of sumKeys) existing.row[k] = (existing.row[k] ?? 0) + (row[k] ?? 0);
    }
  }
  return [...groups.values()]
    .sort((a, b) => compareGroups(dimensions, a.dims, b.dims))
    .map(({ row }) => {
      for (const d of dimensions) delete row[statDimensionAlias(d)];
      return row;
    });
}

export const REACH_GLOBAL_REF = 'shard__globalRef';
export const REACH_COUNTRIES = 'shard__countries';

/**
 * Merges `organisationReach` groups by globalRef across nodes, then keeps those recorded by at
 * least `minCountries` countries. Answers are taken in country-code order, and ids start with
 * the country code, so concatenated organisations are in id order, as one database would give.
 */
export function mergeReach(field: FieldNode, fragments: Map<string, FragmentDefinitionNode>, minCountries: number, answers: Array<{ country: string; value: Json[] }>): Json[] {
  const groups = new Map<string, { countries: Set<string>; parts: Json[] }>();
  for (const { value } of [...answers].sort((a, b) => (a.country < b.country ? -1 : 1))) {
    for (const group of value) {
      const ref = group[REACH_GLOBAL_REF] as string;
      const entry = groups.get(ref) ?? { countries: new Set<string>(), parts: [] };
      for (const c of group[REACH_COUNTRIES] as string[]) entry.countries.add(c);
      entry.parts.push(group);
      groups.set(ref, entry);
    }
  }
  const subs = flattenFields(field.selectionSet, fragments);
  return [...groups.entries()]
    .filter(([, g]) => g.countries.size >= minCountries)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([ref, g]) => {
      const out: Json = {};
      for (const sub of subs) {
        const key = responseKey(sub);
        if (sub.name.value === 'globalRef') out[key] = ref;
        else if (sub.name.value === 'countries') out[key] = [...g.countries].sort();
        else if (sub.name.value === 'organisations') out[key] = g.parts.flatMap((p) => p[key] as Json[]);
        else out[key] = g.parts[0][key];
      }
      return out;
    });
}
