/**
 * The one line a skipped test prints: what is skipped and what to install or set to run it.
 * Straight to stderr, because jest wraps console output in a block with a stack location.
 */
export function announceSkip(what: string, toRunIt: string): void {
  process.stderr.write(`SKIPPED ${what}: ${toRunIt}\n`);
}
