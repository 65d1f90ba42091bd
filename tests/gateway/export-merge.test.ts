import { mergeSorted } from '../../gateway/export/merge.js';

/** A source delivering `items` in batches of `size` (an empty batch now and then), recording how many batches were taken. */
function source(items: number[], size = 2): AsyncIterator<number[]> & { taken: number } {
  let i = 0;
  const s = {
    taken: 0,
    async next(): Promise<IteratorResult<number[]>> {
      if (i >= items.length) return { done: true, value: undefined };
      s.taken++;
      if (s.taken % 3 === 0) return { done: false, value: [] };
      const batch = items.slice(i, i + size);
      i += size;
      return { done: false, value: batch };
    },
  };
  return s;
}

const asc = (a: number, b: number) => a - b;

async function all<T>(it: AsyncGenerator<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of it) out.push(...batch);
  return out;
}

describe('mergeSorted', () => {
  it('yields the union of sorted sources in order, duplicates across sources kept', async () => {
    expect(await all(mergeSorted([source([1, 4, 9]), source([2, 3, 10]), source([]), source([4, 5])], asc))).toEqual([1, 2, 3, 4, 4, 5, 9, 10]);
  });

  it('matches sorting the concatenation on random sources', async () => {
    for (let run = 0; run < 50; run++) {
      const lists = Array.from({ length: 1 + (run % 5) }, () =>
        Array.from({ length: Math.floor(Math.random() * 30) }, () => Math.floor(Math.random() * 100)).sort(asc),
      );
      expect(
        await all(
          mergeSorted(
            lists.map((l) => source(l, 1 + (run % 4))),
            asc,
            3,
          ),
        ),
      ).toEqual(lists.flat().sort(asc));
    }
  });

  it('asks a source for its next batch only once its batch is used up: a stopped consumer stops every source', async () => {
    const a = source([1, 2, 3, 4, 5, 6, 7, 8], 4);
    const b = source([10, 20, 30], 4);
    const merged = mergeSorted([a, b], asc);
    expect((await merged.next()).value).toEqual([1, 2, 3, 4]);
    expect(a.taken).toBe(1);
    expect(b.taken).toBe(1);
    await merged.return(undefined);
  });

  it('yields at most outBatch items at a time', async () => {
    const batches: number[][] = [];
    for await (const batch of mergeSorted([source([1, 3, 5, 7, 9, 11], 6), source([2, 4, 6, 8, 10, 12], 6)], asc, 4)) batches.push(batch);
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(4);
  });

  it('hands on the items before a failing refill, then the error', async () => {
    let calls = 0;
    const failing: AsyncIterator<number[]> = {
      next: async () => {
        if (calls++ === 0) return { done: false, value: [1, 2] };
        throw new Error('KG cut');
      },
    };
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const batch of mergeSorted([failing, source([5, 6])], asc)) got.push(...batch);
      })(),
    ).rejects.toThrow('KG cut');
    expect(got).toEqual([1, 2]);
  });

  it('passes a source error on to the consumer', async () => {
    const failing: AsyncIterator<number[]> = {
      next: async () => {
        throw new Error('KG cut');
      },
    };
    await expect(all(mergeSorted([source([1]), failing], asc))).rejects.toThrow('KG cut');
  });
});
