/** What one window holds: answers counted, and how many of them were the node's faults. */
export interface WindowCounts {
  samples: number;
  failures: number;
}

interface Slice extends WindowCounts {
  /** Which slice of time (now / sliceMs, rounded down) these counts belong to. */
  index: number;
}

/**
 * The outcomes of one node's requests over the last `windowMs`, kept in `slices` fixed slices as
 * Hystrix and opossum count (rolling buckets): memory stays constant at any request rate (a node
 * answering garbage to 300 requests a second must not grow a list), and samples age out one
 * slice at a time, so the window covers between `windowMs - windowMs / slices` and `windowMs`.
 *
 * Written here rather than taken from a library: opossum's and cockatiel's windows live inside
 * their breakers, which cannot be fed by the registry's poll nor probe on their own (see breaker.ts).
 * Time is passed in, so the window is a pure function of the outcomes and their instants.
 */
export class FailureWindow {
  private readonly ring: Slice[];
  private readonly sliceMs: number;

  constructor(windowMs: number, slices = 10) {
    if (!(windowMs > 0) || !Number.isInteger(slices) || slices < 1)
      throw new Error(`a failure window needs a positive length and slice count, got ${windowMs} ms in ${slices}`);
    this.sliceMs = windowMs / slices;
    this.ring = Array.from({ length: slices }, () => ({ index: -Infinity, samples: 0, failures: 0 }));
  }

  record(now: number, failed: boolean): void {
    const index = Math.floor(now / this.sliceMs);
    const slice = this.ring[((index % this.ring.length) + this.ring.length) % this.ring.length]!;
    if (slice.index !== index) Object.assign(slice, { index, samples: 0, failures: 0 });
    slice.samples += 1;
    if (failed) slice.failures += 1;
  }

  /** The counts of the slices still inside the window at `now` (a clock set back skips the slices now in its future). */
  counts(now: number): WindowCounts {
    const current = Math.floor(now / this.sliceMs);
    const total = { samples: 0, failures: 0 };
    for (const slice of this.ring) {
      if (slice.index > current - this.ring.length && slice.index <= current) {
        total.samples += slice.samples;
        total.failures += slice.failures;
      }
    }
    return total;
  }

  clear(): void {
    for (const slice of this.ring) Object.assign(slice, { index: -Infinity, samples: 0, failures: 0 });
  }
}
