/**
 * How many rows to ask each of `nodes` nodes for when a merged page needs `first`: the smallest
 * share s such that, were the page's rows spread over the nodes independently and evenly, the
 * chance that some node holds more than s of them (and so needs a top-up request) is at most
 * `missRate` (union bound over the nodes of the binomial tail P(Bin(first, 1/nodes) > s)).
 * Exactness never depends on it: a node that may hold more rows of the page is asked again (see
 * page-top-up.ts); the share only sets how rarely that second round trip happens. Never more
 * than `first` (then the fetch is the plain one: every node sends `first` rows).
 */
export function perNodeShare(first: number, nodes: number, missRate: number): number {
  if (nodes <= 1 || first <= 1) return first;
  const key = `${first}/${nodes}/${missRate}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const p = 1 / nodes;
  // pmf(k) iteratively from pmf(0) = (1-p)^first; the tail is 1 minus the running sum.
  let pmf = Math.pow(1 - p, first);
  let below = 0;
  let share = first;
  for (let k = 0; k < first; k++) {
    below += pmf;
    if (nodes * (1 - below) <= missRate) {
      share = k;
      break;
    }
    pmf *= ((first - k) / (k + 1)) * (p / (1 - p));
  }
  share = Math.max(1, share);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, share);
  return share;
}

const cache = new Map<string, number>();
