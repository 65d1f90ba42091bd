import { mergeSorted } from '../../gateway/export/merge.js';

/** A source that records how many items were taken from it. */
function source(items: number[]): AsyncIterator<number> & { taken: number } {
  let i = 0;
  const s = {
    taken: 0,
    async next(): Promise<IteratorResult<number>> {
      if (i >= items.length) return { done: true, value: undefined };
      s.taken++;
      return { done: false, value: items[i++] };
    },
  };
  return s;
}

const asc = (a: number, b: number) => a - b;

async function all<T>(it: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
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
      expect(await all(mergeSorted(lists.map(source), asc))).toEqual(lists.flat().sort(asc));
    }
  });

  it('takes from a source only when its head was used: a stopped consumer stops every source', async () => {
    const a = source([1, 2, 3, 4, 5, 6]);
    const b = source([10, 20, 30]);
    const merged = mergeSorted([a, b], asc);
    await merged.next();
    await merged.next();
    // One head each; a yielded head is replaced only when the consumer asks for the next item.
    expect(a.taken).toBe(2);
    expect(b.taken).toBe(1);
    await merged.return(undefined);
  });

  it('passes a source error on to the consumer', async () => {
    const failing: AsyncIterator<number> = {
      next: async () => {
        throw new Error('KG cut');
      },
    };
    await expect(all(mergeSorted([source([1]), failing], asc))).rejects.toThrow('KG cut');
  });
});
