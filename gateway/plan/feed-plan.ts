import { Kind, type FieldNode } from 'graphql';
import { argumentValue, withHiddenScalars, withIntArgument } from '../operation.js';
import { HIDDEN_FEED_ITEMS, HIDDEN_FEED_MORE, HIDDEN_FEED_WATERMARK, HIDDEN_ITEM_ORDER, HIDDEN_ITEM_POSITION } from '../primitives/feed-merge.js';
import { targetCountries } from '../primitives/route-to-owner.js';
import { RELAY } from '../sharding/relay.js';
import type { FeedRule } from '../sharding/rules/feed.js';

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const aliased = (alias: string, field: string, selections?: FieldNode[]): FieldNode => ({
  kind: Kind.FIELD,
  alias: name(alias),
  name: name(field),
  ...(selections ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
});

/** What planning a feed field decides: whom to ask, with which rewritten field, and how many items to keep. */
export interface FeedPlanned {
  countries: string[];
  rewritten: FieldNode;
  /** What each node is asked for; part of the printed operation's cache key. */
  share: number | null;
  first: number;
  /** The client's watermark as sent (each node reads its own entry; the merge keeps the others'). */
  since: string | null;
}

/**
 * A feed field is asked of every target node as the client wrote it (each node reads on from its
 * own position in `since`), with hidden fields for the merge: each item's position and order key,
 * the node's watermark and whether it has more.
 *
 * Each node is asked for an equal share of `first` (rounded up), not for `first`: unlike a page, a
 * feed needs no global top-k, only each node's own order and positions, so a short answer is
 * exact too (the reader goes on while `hasMore`). Asking every node for `first` would fetch and
 * drop up to (nodes - 1) x `first` items per read when every node has changes, and re-read them
 * on the next; with shares nothing is dropped then, and a read costs the same whichever nodes have
 * changes. An invalid `first` is passed through for the nodes to refuse.
 */
export function planFeed(field: FieldNode, rule: FeedRule, variables: Record<string, unknown>, countries: readonly string[]): FeedPlanned {
  const given = argumentValue(field, RELAY.first, variables);
  const since = argumentValue(field, rule.sinceArgument, variables);
  const targets = targetCountries(field, variables, rule.countriesPath, countries);
  const first = typeof given === 'number' ? given : rule.defaultFirst;
  const items = aliased(HIDDEN_FEED_ITEMS, rule.itemsField, [aliased(HIDDEN_ITEM_POSITION, rule.positionField), aliased(HIDDEN_ITEM_ORDER, rule.orderField)]);
  const withItems: FieldNode = { ...field, selectionSet: { kind: Kind.SELECTION_SET, selections: [...(field.selectionSet?.selections ?? []), items] } };
  const share = Number.isInteger(first) && first > 0 && targets.length > 1 ? Math.ceil(first / targets.length) : null;
  const shared = share === null ? withItems : withIntArgument(withItems, RELAY.first, share);
  return {
    countries: targets,
    rewritten: withHiddenScalars(shared, [
      [HIDDEN_FEED_WATERMARK, rule.watermarkField],
      [HIDDEN_FEED_MORE, rule.moreField],
    ]),
    share,
    first,
    since: typeof since === 'string' ? since : null,
  };
}
