import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLatencyProxy, type LatencyProxy } from '../bench/latency-proxy.js';

/** The WAN benchmark's proxy must forward bytes unchanged and keep one upstream socket per client socket. */
let server: http.Server;
let proxy: LatencyProxy;
const upstreamSockets: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.end(`echo:${Buffer.concat(chunks).toString()}`));
  });
  server.on('connection', (s) => upstreamSockets.push(s.remotePort ?? 0));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy = await startLatencyProxy(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, { rttMs: 20, jitterMs: 5 });
});
afterAll(async () => {
  await proxy.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function post(agent: http.Agent, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(proxy.url, { method: 'POST', agent }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('requests on a kept-alive socket reach the server unchanged, over one upstream connection', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const big = 'x'.repeat(200_000); // many chunks: their order must survive the jitter
  expect(await post(agent, 'one')).toBe('echo:one');
  expect(await post(agent, big)).toBe(`echo:${big}`);
  expect(await post(agent, 'three')).toBe('echo:three');
  agent.destroy();
  expect(proxy.counters()).toEqual({ connections: 1, exchanges: 3 });
  expect(upstreamSockets).toHaveLength(1);
});
