/**
 * K-way merge of sorted async sources: yields every item of every source in `compare` order,
 * holding one item per source (the heads), so memory does not grow with the number of rows. A
 * linear scan of the heads rather than a heap: the sources are the country nodes, a handful.
 * Pulls from a source only when its head was taken, so a consumer that stops pulling stops every
 * source (their streams then apply backpressure upstream).
 */
export async function* mergeSorted<T>(sources: AsyncIterator<T>[], compare: (a: T, b: T) => number): AsyncGenerator<T> {
  const heads: Array<T | undefined> = [];
  const live: boolean[] = [];
  const firsts = await Promise.all(sources.map((s) => s.next()));
  firsts.forEach((r, i) => {
    live[i] = !r.done;
    heads[i] = r.done ? undefined : r.value;
  });
  for (;;) {
    let best = -1;
    for (let i = 0; i < sources.length; i++) {
      if (live[i] && (best < 0 || compare(heads[i] as T, heads[best] as T) < 0)) best = i;
    }
    if (best < 0) return;
    yield heads[best] as T;
    const next = await sources[best].next();
    live[best] = !next.done;
    heads[best] = next.done ? undefined : next.value;
  }
}
