// The bench's progress lines and its interruption, shared by the run and its scenarios: each line
// is stamped with the seconds since start, and a first Ctrl-C stops the run at its next check.
const t0 = performance.now();
export const elapsed = () => (performance.now() - t0) / 1000;
export const step = (message: string) => console.log(`[${elapsed().toFixed(1).padStart(6)}s] ${message}`);

let aborted = false;
/** The first SIGINT or SIGTERM: the run stops at its next checkAborted() while resources are closed. */
export const abortRun = () => {
  aborted = true;
};
export const isAborted = () => aborted;
export const checkAborted = () => {
  if (aborted) throw new Error('aborted');
};

/** Runs `fn` over `items`, `size` at a time, stopping between items when the run is aborted. */
export async function inPool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(size, queue.length) }, async () => {
      while (queue.length) {
        checkAborted();
        await fn(queue.shift()!);
      }
    }),
  );
}
