import { VersionStream, versionStreamUrlOf } from '../cache/version-stream.js';

/**
 * Wakes the live change subscriptions when any node's data version moves: one data-version
 * stream per node (gateway/cache/version-stream.ts, the same the response cache follows), open
 * only while a subscription waits. A lost stream wakes them too (they read the feed again, which
 * costs nothing when nothing changed), and every wait also ends after `pollMs`, so a node whose
 * stream is away is still caught up with.
 */
export class ChangeTicker {
  private streams: VersionStream[] = [];
  private waiters = new Set<() => void>();
  private users = 0;

  constructor(
    private readonly nodeUrls: () => string[],
    private readonly pollMs: number,
  ) {}

  /** Registers a subscription; the returned function releases it (the streams close with the last). */
  acquire(): () => void {
    if (this.users++ === 0) this.open();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.users === 0) this.close();
    };
  }

  /** Resolves at the next version announcement, lost stream or after `pollMs`, whichever is first, or when `signal` aborts. */
  wait(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private open(): void {
    this.streams = this.nodeUrls().map((url) => {
      const stream = new VersionStream({
        url: versionStreamUrlOf(url),
        silenceMs: 30_000,
        retryMs: 500,
        maxRetryMs: 10_000,
        maxEventBytes: 4096,
        onVersion: () => this.wake(),
        onLost: () => this.wake(),
      });
      stream.start();
      return stream;
    });
  }

  private close(): void {
    for (const s of this.streams) s.stop();
    this.streams = [];
  }
}
