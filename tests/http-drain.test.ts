import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { drainServer } from '../platform/http/drain.js';

// A stopping server answers the request in progress, refuses new connections, and does not wait
// for idle keep-alive connections; past the grace period it cuts what is left.

function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 60000;
  return new Promise<{ server: http.Server; port: number }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })),
  );
}

function get(port: number, agent: http.Agent, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

test('the request in progress is answered, an idle keep-alive connection does not hold the stop, new connections are refused', async () => {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let arrived!: () => void;
  const slowArrived = new Promise<void>((r) => (arrived = r));
  const { server, port } = await serve(async (req, res) => {
    if (req.url === '/slow') {
      arrived();
      await released;
    }
    res.end(`done ${req.url}`);
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  expect((await get(port, agent, '/warm')).body).toBe('done /warm'); // leaves an idle keep-alive socket
  const slow = get(port, agent, '/slow');
  await slowArrived;
  let drained = false;
  const draining = drainServer(server, 10000).then(() => (drained = true));
  // The refused connection is a full round trip through the event loop: a drain that did not
  // wait for the request in progress would have settled by then.
  await expect(get(port, new http.Agent(), '/new')).rejects.toThrow(/ECONNREFUSED/);
  expect(drained).toBe(false);
  release();
  expect(await slow).toEqual({ status: 200, body: 'done /slow' });
  await draining;
  agent.destroy();
});

test('a request still running after the grace period is cut and the server closes', async () => {
  let arrived!: () => void;
  const hangArrived = new Promise<void>((r) => (arrived = r));
  const { server, port } = await serve(() => arrived()); // never answers
  const agent = new http.Agent({ keepAlive: true });
  const hung = get(port, agent, '/hang').catch((e: Error) => e);
  await hangArrived;
  await drainServer(server, 200);
  expect(server.listening).toBe(false);
  expect(String(await hung)).toMatch(/socket hang up|ECONNRESET/);
  agent.destroy();
});
