import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { encodeWatermark, isPosition, tryDecodeWatermark, type Watermark } from '../../contract/watermark.js';
import { flattenFields, hiddenAlias, responseKey } from '../operation.js';
import { asArray, asObject, type Json } from './json.js';

/** Hidden aliases the gateway adds to a feed selection: each node's items with their position and order key, its watermark, whether it has more. */
export const HIDDEN_FEED_ITEMS = hiddenAlias('items');
export const HIDDEN_FEED_WATERMARK = hiddenAlias('watermark');
export const HIDDEN_FEED_MORE = hiddenAlias('more');
export const HIDDEN_ITEM_POSITION = hiddenAlias('position');
export const HIDDEN_ITEM_ORDER = hiddenAlias('order');

export interface FeedMergeOptions {
  /** Items the client asked for. */
  first: number;
  fields: { items: string; watermark: string; more: string; unavailable: string };
  typename: string;
  /** The countries asked, in configuration order (ties in the merge go to the earlier one). */
  asked: readonly string[];
}

/** One node's answer for the feed field, with the hidden fields. */
export interface NodeFeed {
  country: string;
  value: Json;
}

interface Item {
  node: number;
  index: number;
  position: string;
  order: string;
}

/** A node's items and its own new position, or null when its answer breaks the protocol. */
function readNode(feed: NodeFeed): { items: Array<{ position: string; order: string }>; position: string; more: boolean } | null {
  const items: Array<{ position: string; order: string }> = [];
  for (const raw of asArray(feed.value[HIDDEN_FEED_ITEMS])) {
    const item = asObject(raw);
    const position = item[HIDDEN_ITEM_POSITION];
    const order = item[HIDDEN_ITEM_ORDER];
    if (!isPosition(position) || typeof order !== 'string') return null;
    items.push({ position, order });
  }
  const watermark = typeof feed.value[HIDDEN_FEED_WATERMARK] === 'string' ? tryDecodeWatermark(feed.value[HIDDEN_FEED_WATERMARK] as string) : null;
  const position = watermark?.get(feed.country);
  const more = feed.value[HIDDEN_FEED_MORE];
  if (!position || typeof more !== 'boolean') return null;
  return { items, position, more };
}

/**
 * Merges the nodes' feeds into one page and one watermark (a vector of per-node positions, the
 * way Kafka consumer offsets or Debezium's per-source offsets resume). Every node was asked for
 * `first` items after its own position in `since`; items are merged k-way by their order key
 * (each node's kept in its own commit order, ties to the earlier country) and the first `first`
 * kept. A node's position moves to its own watermark entry when all its items were kept (it may be
 * past its last item: what it skipped through its filter), to its last kept item's position
 * when some were dropped, and stays where `since` had it when none were kept or the node did not
 * answer (`missing`) or answered something that is not a feed (`invalid`, returned for the
 * caller to report). So a resumed read returns every later item exactly once.
 */
export function mergeFeeds(
  selection: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  options: FeedMergeOptions,
  since: Watermark,
  answered: NodeFeed[],
): { value: Json; invalid: string[] } {
  const invalid: string[] = [];
  const nodes: Array<{ feed: NodeFeed; items: Item[]; position: string; more: boolean }> = [];
  for (const feed of answered) {
    const read = readNode(feed);
    if (!read) {
      invalid.push(feed.country);
      continue;
    }
    const node = nodes.length;
    nodes.push({ feed, position: read.position, more: read.more, items: read.items.map((it, index) => ({ node, index, ...it })) });
  }
  const rank = new Map(options.asked.map((c, i) => [c, i]));
  nodes.sort((a, b) => (rank.get(a.feed.country) ?? 0) - (rank.get(b.feed.country) ?? 0));
  nodes.forEach((n, i) => n.items.forEach((it) => (it.node = i)));

  const kept: Item[] = [];
  const next = nodes.map(() => 0);
  while (kept.length < Math.max(options.first, 0)) {
    let best = -1;
    for (let n = 0; n < nodes.length; n++) {
      const head = nodes[n]!.items[next[n]!];
      if (head && (best < 0 || head.order < nodes[best]!.items[next[best]!]!.order)) best = n;
    }
    if (best < 0) break;
    kept.push(nodes[best]!.items[next[best]!]!);
    next[best]! += 1;
  }

  const watermark: Watermark = new Map(since);
  let dropped = false;
  nodes.forEach((n, i) => {
    const taken = next[i]!;
    if (taken < n.items.length) dropped = true;
    if (taken === n.items.length) watermark.set(n.feed.country, n.position);
    else if (taken > 0) watermark.set(n.feed.country, n.items[taken - 1]!.position);
  });
  const answeredCountries = new Set(nodes.map((n) => n.feed.country));
  const unavailable = options.asked.filter((c) => !answeredCountries.has(c));

  const out: Json = {};
  for (const sub of flattenFields(selection.selectionSet, fragments)) {
    const key = responseKey(sub);
    const name = sub.name.value;
    if (name === options.fields.items) out[key] = kept.map((it) => asArray(nodes[it.node]!.feed.value[key])[it.index]);
    else if (name === options.fields.watermark) out[key] = encodeWatermark(watermark);
    else if (name === options.fields.more) out[key] = dropped || nodes.some((n) => n.more);
    else if (name === options.fields.unavailable) out[key] = unavailable;
    else if (name === '__typename') out[key] = options.typename;
    else out[key] = null; // the spec refuses feeds with fields it cannot merge
  }
  return { value: out, invalid };
}
