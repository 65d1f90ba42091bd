import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock } from '@sinonjs/fake-timers';
import { VersionStream, type StreamTimers } from '../../gateway/cache/version-stream.js';

// The stream's silence detection and reconnect backoff on an injected fake clock: the node is a
// real HTTP server, time moves only when the test says so, so the delays are checked exactly
// and nothing waits for them. (Jest's global fake timers are not used: they would also stop the
// timers real sockets need.)

type Mode = 'refuse' | 'stream';
let server: http.Server;
let url: string;
let mode: Mode;
let connections: number;
let open: http.ServerResponse[];

beforeEach(async () => {
  mode = 'refuse';
  connections = 0;
  open = [];
  server = http.createServer((_req, res) => {
    connections += 1;
    if (mode === 'refuse') return res.writeHead(503).end();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`event: version\ndata: ${connections}\n\n`);
    open.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data-version/stream`;
});

afterEach(async () => {
  for (const res of open) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

function follow(settings: { silenceMs: number; retryMs: number; maxRetryMs: number }) {
  const clock = createClock(0);
  const timers: StreamTimers = {
    setTimeout: (callback, ms) => clock.setTimeout(callback, ms) as unknown as { unref(): unknown },
    clearTimeout: (timer) => clock.clearTimeout(timer as never),
  };
  const versions: number[] = [];
  const losses: string[] = [];
  // Each loss and version is awaited as it happens: the next one is a promise made before it.
  let signal: () => void = () => {};
  const next = () => new Promise<void>((resolve) => (signal = resolve));
  const stream = new VersionStream({
    url,
    ...settings,
    maxEventBytes: 1024,
    timers,
    onVersion: (v) => {
      versions.push(v);
      signal();
    },
    onLost: (reason) => {
      losses.push(reason);
      signal();
    },
  });
  return { clock, stream, versions, losses, next };
}

test('a stream that stays silent for silenceMs is lost; an event restarts the count', async () => {
  mode = 'stream';
  const { clock, stream, versions, losses, next } = follow({ silenceMs: 1000, retryMs: 100, maxRetryMs: 800 });
  let event = next();
  stream.start();
  await event;
  expect(versions).toEqual([1]);

  clock.tick(999);
  expect(losses).toEqual([]);
  event = next();
  open[0].write('event: version\ndata: 7\n\n');
  await event;
  expect(versions).toEqual([1, 7]);
  clock.tick(999); // 1,998 ms since the first event, 999 since the last
  expect(losses).toEqual([]);
  clock.tick(1);
  expect(losses).toEqual(['no event for 1000 ms']);
  stream.stop();
});

test('reconnects wait retryMs, doubling up to maxRetryMs, and a version resets the wait', async () => {
  const { clock, stream, versions, losses, next } = follow({ silenceMs: 60_000, retryMs: 100, maxRetryMs: 800 });
  let event = next();
  stream.start();
  await event;
  expect(losses).toEqual(['answered HTTP 503 instead of a stream']);

  // After each refusal the only timer is the retry: the clock jumps to it and it connects again.
  const waits: number[] = [];
  for (let attempt = 2; attempt <= 6; attempt++) {
    const before = clock.now;
    event = next();
    clock.next();
    waits.push(clock.now - before);
    await event;
    expect(connections).toBe(attempt);
  }
  expect(waits).toEqual([100, 200, 400, 800, 800]);

  // The node serves again: its version resets the backoff, so the next loss waits retryMs.
  mode = 'stream';
  event = next();
  clock.next();
  await event;
  expect(versions).toEqual([7]);
  event = next();
  open[0].end();
  await event;
  expect(losses.at(-1)).toBe('stream ended');
  const before = clock.now;
  event = next();
  clock.next();
  expect(clock.now - before).toBe(100);
  await event;
  expect(versions).toEqual([7, 8]);
  stream.stop();
});

test('stop cancels the pending reconnect', async () => {
  const { clock, stream, losses, next } = follow({ silenceMs: 60_000, retryMs: 100, maxRetryMs: 800 });
  const event = next();
  stream.start();
  await event;
  expect(clock.countTimers()).toBe(1);
  stream.stop();
  expect(clock.countTimers()).toBe(0);
  clock.runAll();
  expect(connections).toBe(1);
  expect(losses).toHaveLength(1);
});
