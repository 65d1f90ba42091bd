import { compareKeyed, cursorPosition, type KeyDirection, type Position } from '../../contract/ordering.js';

/** What the gateway learned of one node's page: its cursors in order, and whether it has more. */
export interface ShardPage {
  country: string;
  cursors: string[];
  hasNextPage: boolean;
}

/** A second request to one node: `first` more rows after `after` (its own last cursor; null: the client's own `after`). */
export interface TopUp {
  country: string;
  first: number;
  after: string | null;
}

/**
 * Which nodes may still hold rows of the merged page after each was asked for fewer than
 * `first` rows (the threshold test of Fagin's algorithm / TPUT for a distributed top-k).
 *
 * A node that answered with hasNextPage has unseen rows, all after its last row L. If c rows of
 * the union come at or before L in the shared order, each unseen row has at least c rows before
 * it, so at most `first - c` of them can be on the page: the node is asked for exactly that many
 * more after L (none when c >= first). After that one round every row the page can contain has
 * been seen, so the first `first` rows of the union are the page one database would return.
 */
export function topUps(direction: KeyDirection, first: number, pages: ShardPage[]): TopUp[] {
  const all: Position[] = [];
  const lasts: Array<{ country: string; cursor: string; position: Position }> = [];
  for (const page of pages) {
    const positions = page.cursors.map(positionOf);
    all.push(...positions);
    const cursor = page.cursors.at(-1);
    const position = positions.at(-1);
    if (page.hasNextPage && cursor !== undefined && position) lasts.push({ country: page.country, cursor, position });
  }
  // A node with more rows that sent none (it never should) cannot be bounded: ask it for a full page.
  const out: TopUp[] = pages.filter((p) => p.hasNextPage && p.cursors.length === 0).map((p) => ({ country: p.country, first, after: null }));
  all.sort((a, b) => compareKeyed(direction, a, b));
  for (const last of lasts) {
    const need = first - upperBound(all, last.position, direction);
    if (need > 0) out.push({ country: last.country, first: need, after: last.cursor });
  }
  return out;
}

/** Unparsable cursors sort last, as in the merge. */
const positionOf = (cursor: string): Position => cursorPosition(cursor) ?? { key: null, id: '\uffff' };

/** Number of positions in sorted `all` at or before `p`. */
function upperBound(all: Position[], p: Position, direction: KeyDirection): number {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeyed(direction, all[mid]!, p) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
