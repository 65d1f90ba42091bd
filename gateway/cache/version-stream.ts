import http from 'node:http';
import https from 'node:https';

export interface VersionStreamOptions {
  url: string;
  /** No event nor heartbeat for this long: the stream is taken as lost (a hung node keeps its socket open). */
  silenceMs: number;
  /** First wait before reconnecting; doubles while the node stays away, up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
  /** Longest event (or run of bytes without the blank line that ends one) kept while reading. */
  maxEventBytes: number;
  onVersion(version: number): void;
  /** Called once per lost connection (refused, ended, silent, not a stream). */
  onLost(reason: string): void;
  /** Silence and backoff are time logic: tests pass a fake clock here; the process's timers otherwise. */
  timers?: StreamTimers;
}

export interface StreamTimers {
  setTimeout(callback: () => void, ms: number): { unref(): unknown };
  clearTimeout(timer: ReturnType<StreamTimers['setTimeout']>): void;
}

const processTimers: StreamTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

/** A node's data-version stream beside its `/graphql`. */
export function versionStreamUrlOf(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + '/data-version/stream';
  url.search = '';
  return url.toString();
}

/**
 * Follows one node's `GET /data-version/stream` (Server-Sent Events) and keeps reconnecting.
 * Written here rather than taken from an EventSource package because what matters is exactly
 * what those hide: every loss must be reported at once (the cache drops the node's entries),
 * silence counts as a loss, and reconnecting is ours to pace. The format read is the small
 * subset the node writes: `event:`/`data:` lines and `:` heartbeats. What is kept between
 * separators is bounded by `maxEventBytes`: a stream that never sends one (it grew the gateway
 * from 352 to 903 MB) is dropped as lost at the limit, like any other broken stream.
 */
export class VersionStream {
  private req: http.ClientRequest | null = null;
  private timer: ReturnType<StreamTimers['setTimeout']> | null = null;
  private silence: ReturnType<StreamTimers['setTimeout']> | null = null;
  private waitMs: number;
  private stopped = false;
  private readonly timers: StreamTimers;

  constructor(private readonly options: VersionStreamOptions) {
    this.waitMs = options.retryMs;
    this.timers = options.timers ?? processTimers;
  }

  start(): void {
    this.connect();
  }

  /** Drops the current connection (reported as lost) and connects again at once. */
  restart(reason: string): void {
    if (this.stopped) return;
    this.drop(reason);
    this.clearRetry();
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearRetry();
    const req = this.req;
    this.req = null;
    if (this.silence) this.timers.clearTimeout(this.silence);
    req?.destroy();
  }

  private connect(): void {
    if (this.stopped) return;
    const target = new URL(this.options.url);
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.get(target, { headers: { accept: 'text/event-stream' } });
    this.req = req;
    let lost = false;
    const lose = (reason: string) => {
      if (lost) return;
      lost = true;
      if (this.req === req) {
        this.req = null;
        if (this.silence) this.timers.clearTimeout(this.silence);
        this.options.onLost(reason);
        this.scheduleRetry();
      }
      req.destroy();
    };
    const alive = () => {
      if (this.silence) this.timers.clearTimeout(this.silence);
      this.silence = this.timers.setTimeout(() => lose(`no event for ${this.options.silenceMs} ms`), this.options.silenceMs);
      this.silence.unref();
    };
    alive();
    req.on('error', (error: NodeJS.ErrnoException) => lose(`unreachable (${error.code ?? error.message})`));
    req.on('response', (res) => {
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.resume();
        return lose(`answered HTTP ${res.statusCode} instead of a stream`);
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (lost) return; // a chunk already in flight when the stream was dropped
        alive();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const version = versionIn(block);
          if (version !== null) {
            this.waitMs = this.options.retryMs;
            this.options.onVersion(version);
          }
        }
        // The node's events are a few dozen bytes: what is left without a separator is bounded.
        if (buffer.length > this.options.maxEventBytes) {
          buffer = '';
          lose(`an event longer than ${this.options.maxEventBytes} bytes`);
        }
      });
      res.on('end', () => lose('stream ended'));
      res.on('error', () => lose('connection lost'));
    });
  }

  /** Ends the current connection without waiting for its own events; reports it lost. */
  private drop(reason: string): void {
    const req = this.req;
    if (!req) return;
    this.req = null;
    if (this.silence) this.timers.clearTimeout(this.silence);
    this.options.onLost(reason);
    req.destroy();
  }

  private scheduleRetry(): void {
    if (this.stopped || this.timer) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.connect();
    }, this.waitMs);
    this.timer.unref();
    this.waitMs = Math.min(this.waitMs * 2, this.options.maxRetryMs);
  }

  private clearRetry(): void {
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}

function versionIn(block: string): number | null {
  let event = 'message';
  let data: string | null = null;
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data = line.slice(5).trim();
  }
  if (event !== 'version' || data === null) return null;
  const version = Number(data);
  return Number.isSafeInteger(version) && version >= 0 ? version : null;
}
