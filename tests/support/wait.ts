/**
 * Polls `check` until it holds. The limit is a liveness bound (something that never happens
 * fails the test with `what` rather than hanging it), set far above what a busy machine needs:
 * the speed of the thing awaited is the benchmark's business, not this wait's.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, limitMs = 60_000, everyMs = 25): Promise<void> {
  const giveUpAt = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`not seen within ${limitMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The median of some durations (a baseline that one stall does not move). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
}
