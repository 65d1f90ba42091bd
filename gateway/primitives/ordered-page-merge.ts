import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { compareKeyed, cursorPosition, type KeyDirection, type Position } from '../../contract/ordering.js';
import { flattenFields, HIDDEN_EDGES, HIDDEN_PAGE_INFO, responseKey } from '../operation.js';
import { RELAY } from '../sharding/relay.js';
import { asArray, asObject, type Json } from './json.js';

export interface PageMergeOptions {
  /** Direction of the order's sort key; null when the order is by id alone. */
  direction: KeyDirection;
  /** Page size the client asked for. */
  first: number;
  /** Connection fields added across nodes (e.g. totalCount). */
  sumFields: ReadonlySet<string>;
  /** Type names of the connection and its page info, for `__typename` (even when no node answered). */
  typenames: { connection: string; pageInfo: string };
}

/** One node's answer for the connection, including the hidden `edges { cursor }` and `pageInfo { hasNextPage }`. */
export interface NodePage {
  country: string;
  value: Json;
}

/**
 * Merges per-node pages into the page one database would return (Vitess' merge-sort primitive,
 * over cursors). Every node was asked for the same `first` rows after the same global position,
 * so the global page is the first `first` items of the union in the shared total order: sort key
 * in `direction` (missing keys last), then id. Items are aligned by index across each node's
 * `edges`/`nodes` lists and its hidden cursors. `hasNextPage` is true when rows were left over or
 * any node has more.
 */
export function mergeOrderedPages(selection: FieldNode, fragments: Map<string, FragmentDefinitionNode>, options: PageMergeOptions, pages: NodePage[]): Json {
  type Item = { page: number; index: number; cursor: string; position: Position };
  const items: Item[] = [];
  let anyMore = false;
  pages.forEach((p, page) => {
    asArray(p.value[HIDDEN_EDGES]).forEach((edge, index) => {
      const cursor = String(asObject(edge)[RELAY.cursor]);
      // A node's own cursor always parses; an unparsable one sorts last rather than breaking the page.
      items.push({ page, index, cursor, position: cursorPosition(cursor) ?? { key: null, id: '\uffff' } });
    });
    if (asObject(p.value[HIDDEN_PAGE_INFO])[RELAY.hasNextPage]) anyMore = true;
  });
  items.sort((x, y) => compareKeyed(options.direction, x.position, y.position));
  const kept = items.slice(0, Math.max(options.first, 0));
  const hasNextPage = anyMore || items.length > kept.length;
  const endCursor = kept.at(-1)?.cursor ?? null;

  const out: Json = {};
  for (const sub of flattenFields(selection.selectionSet, fragments)) {
    const key = responseKey(sub);
    const name = sub.name.value;
    if (name === RELAY.edges || name === RELAY.nodes) out[key] = kept.map((it) => asArray(pages[it.page]?.value[key])[it.index]);
    else if (name === RELAY.pageInfo)
      out[key] = pageInfo(sub, fragments, options.typenames.pageInfo, hasNextPage, endCursor, kept[0]?.cursor ?? null, pages, key);
    else if (options.sumFields.has(name)) out[key] = pages.reduce((sum, p) => sum + (Number(p.value[key]) || 0), 0);
    else if (name === '__typename') out[key] = options.typenames.connection;
    else out[key] = null; // the spec refuses connections with fields it cannot merge
  }
  return out;
}

function pageInfo(
  field: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  typename: string,
  hasNextPage: boolean,
  endCursor: string | null,
  startCursor: string | null,
  pages: NodePage[],
  pageInfoKey: string,
): Json {
  const out: Json = {};
  for (const sub of flattenFields(field.selectionSet, fragments)) {
    const key = responseKey(sub);
    if (sub.name.value === RELAY.hasNextPage) out[key] = hasNextPage;
    else if (sub.name.value === RELAY.endCursor) out[key] = endCursor;
    else if (sub.name.value === RELAY.startCursor) out[key] = startCursor;
    // Every node was asked after the same cursor: a row precedes the merged page when one precedes any node's.
    else if (sub.name.value === RELAY.hasPreviousPage) out[key] = pages.some((p) => asObject(p.value[pageInfoKey])[key] === true);
    else if (sub.name.value === '__typename') out[key] = typename;
  }
  return out;
}
