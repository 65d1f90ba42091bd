import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { trustFunction } from '../platform/http/client-address.js';
import { dataVersionStream } from '../subgraphs/country/data-version/stream.js';
import type { DataVersionFeed } from '../subgraphs/country/data-version/feed.js';

// A node's /data-version/stream: streams open at once are capped per client address and in
// total; over a cap the answer is immediate, coded, with Retry-After, and a closed stream frees
// its slot. Real sockets from several loopback addresses.

const feed = { version: 7, subscribe: () => () => {} } as unknown as DataVersionFeed;
let server: http.Server;
let port: number;
const open: http.ClientRequest[] = [];

beforeAll(async () => {
  const stream = dataVersionStream(feed, 1000, { total: 3, perClient: 2, trust: trustFunction(false) });
  server = http.createServer((req, res) => stream(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const req of open) req.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** Opens a stream from `from`; resolves with the status, the Retry-After and the first bytes. */
function connect(from: string): Promise<{ status: number; retryAfter?: string; body: string; req: http.ClientRequest }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/data-version/stream', localAddress: from, agent: false }, (res) => {
      res.once('data', (chunk: Buffer) =>
        resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, body: chunk.toString(), req }),
      );
    });
    req.on('error', reject);
    open.push(req);
  });
}

test('per client, then in total; a closed stream gives its slot back', async () => {
  const a1 = await connect('127.0.0.2');
  const a2 = await connect('127.0.0.2');
  expect([a1.status, a2.status]).toEqual([200, 200]);
  expect(a1.body).toBe('event: version\ndata: 7\n\n');

  const a3 = await connect('127.0.0.2');
  expect(a3.status).toBe(429);
  expect(a3.retryAfter).toBe('5');
  expect(JSON.parse(a3.body).errors[0].extensions.code).toBe('RATE_LIMITED');

  expect((await connect('127.0.0.3')).status).toBe(200);
  const b2 = await connect('127.0.0.3');
  expect(b2.status).toBe(503);
  expect(JSON.parse(b2.body).errors[0]).toMatchObject({ extensions: { code: 'OVERLOADED' } });
  expect(JSON.parse(b2.body).errors[0].message).toContain('MAX_SSE_STREAMS');

  a1.req.destroy();
  const until = Date.now() + 5000;
  let again = await connect('127.0.0.4');
  while (again.status !== 200 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
    again = await connect('127.0.0.4');
  }
  expect(again.status).toBe(200);
});

test('a client that stops reading has its stream closed instead of queuing without bound', async () => {
  let push: (version: number | null) => void = () => {};
  const busyFeed = {
    version: 1,
    subscribe: (listener: (version: number | null) => void) => {
      push = listener;
      return () => (push = () => {});
    },
  } as unknown as DataVersionFeed;
  const stream = dataVersionStream(busyFeed, 5, { total: 10, perClient: 10, trust: trustFunction(false) });
  const slowServer = http.createServer((req, res) => stream(req, res));
  await new Promise<void>((resolve) => slowServer.listen(0, '127.0.0.1', resolve));
  try {
    const closed = new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: (slowServer.address() as AddressInfo).port, path: '/data-version/stream', agent: false }, (res) => {
        res.pause(); // never reads: the kernel's buffers fill, then the server's queue grows
        res.socket.on('close', () => resolve());
      });
      req.on('error', reject);
      open.push(req);
    });
    // Versions far faster than anyone reads them (about 40 MB of events), until the server gives up.
    let stop = false;
    void closed.then(() => (stop = true));
    for (let v = 2; !stop && v < 2_000_000; v++) {
      push(v);
      if (v % 10_000 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await closed;
  } finally {
    slowServer.closeAllConnections();
    await new Promise((r) => slowServer.close(r));
  }
}, 60000);
