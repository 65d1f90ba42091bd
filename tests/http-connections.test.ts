import { execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { trustFunction } from '../platform/http/client-address.js';
import { guardConnections, type ConnectionGuard, type ConnectionGuardOptions } from '../platform/http/connection-guard.js';
import { ConnectionBudget, defaultReserve, readFdLimit } from '../platform/http/fd-budget.js';

// Connection admission on a plain Node server with real sockets from several loopback addresses
// (the whole 127/8 is loopback): caps in total and per client, eviction of connections doing
// nothing before a busy one is refused, a deadline for the first request, a shared fd budget.

interface Harness {
  port: number;
  guard: ConnectionGuard;
  /** Requests whose answer the test releases. */
  held: http.ServerResponse[];
  close(): Promise<void>;
}

const servers: Harness[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((h) => h.close()));
});

async function serve(options: Partial<ConnectionGuardOptions> = {}, budget = new ConnectionBudget(10_000)): Promise<Harness> {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    if (guard.isRefused(req.socket)) return void req.resume();
    if (req.url === '/hold') held.push(res);
    else res.end('ok');
  });
  const guard = guardConnections(server, {
    maxConnections: 1000,
    maxPerClient: 1000,
    firstRequestTimeoutMs: 60_000,
    trust: trustFunction(false),
    budget,
    reserved: 0,
    sweepMs: 25,
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const harness: Harness = {
    port: (server.address() as AddressInfo).port,
    guard,
    held,
    close: async () => {
      guard.stop();
      for (const res of held) res.end();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  servers.push(harness);
  return harness;
}

/** A connected socket from `from` that sends nothing (or `send`), with what it receives. */
async function open(port: number, from: string, send?: string): Promise<net.Socket & { received: () => string; ended: Promise<void> }> {
  const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
  sockets.push(socket);
  let text = '';
  socket.on('data', (d) => (text += d.toString()));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  if (send) socket.write(send);
  return Object.assign(socket, { received: () => text, ended: closed });
}

const GET = (path = '/') => `GET ${path} HTTP/1.1\r\nhost: x\r\n\r\n`;
const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};
/** The server has registered `n` connections (accepting is asynchronous to the client's connect). */
const accepted = (h: Harness, n: number) => until(() => h.guard.stats().open + h.guard.stats().evicted >= n);

test('a connection that sends no request in time is closed; one that does is served', async () => {
  const h = await serve({ firstRequestTimeoutMs: 200 });
  const silent = await open(h.port, '127.0.0.2');
  const partial = await open(h.port, '127.0.0.2', 'GET / HTTP/1.1\r\nhost:'); // slow headers
  const prompt = await open(h.port, '127.0.0.3', GET());
  await Promise.all([silent.ended, partial.ended]);
  expect(h.guard.stats().timedOut).toBe(2);
  await until(() => prompt.received().includes('ok'));
  expect(prompt.destroyed).toBe(false);
});

test('at its address cap a client’s newest connection replaces its oldest idle one; others are not affected', async () => {
  const h = await serve({ maxPerClient: 3 });
  const first = await open(h.port, '127.0.0.2');
  await open(h.port, '127.0.0.2');
  await open(h.port, '127.0.0.2');
  await accepted(h, 3);
  const newest = await open(h.port, '127.0.0.2', GET());
  await first.ended;
  await until(() => newest.received().includes('ok'));
  expect(h.guard.stats()).toMatchObject({ open: 3, evicted: 1, clients: 1 });
  const other = await open(h.port, '127.0.0.3', GET());
  await until(() => other.received().includes('ok'));
});

test('a client whose connections are all busy gets 429 RATE_LIMITED with Retry-After; its requests in progress continue', async () => {
  const h = await serve({ maxPerClient: 2 });
  const busy = [await open(h.port, '127.0.0.2', GET('/hold')), await open(h.port, '127.0.0.2', GET('/hold'))];
  await until(() => h.held.length === 2);
  const third = await open(h.port, '127.0.0.2', GET());
  await third.ended;
  expect(third.received()).toMatch(/^HTTP\/1.1 429 Too Many Requests\r\n/);
  expect(third.received()).toMatch(/retry-after: 1\r\n/);
  expect(JSON.parse(third.received().split('\r\n\r\n')[1]!).errors[0].extensions.code).toBe('RATE_LIMITED');
  for (const res of h.held.splice(0)) res.end('done');
  for (const s of busy) await until(() => s.received().includes('done'));
  expect(h.guard.stats().refused.client).toBe(1);
});

test('at the server cap, connections that sent nothing make room before idle keep-alive ones; a busy one never does', async () => {
  const h = await serve({ maxConnections: 4 });
  const keptAlive = await open(h.port, '127.0.0.2', GET()); // answered, then idle on keep-alive
  await until(() => keptAlive.received().includes('ok'));
  const busy = await open(h.port, '127.0.0.3', GET('/hold'));
  await until(() => h.held.length === 1);
  const silent = [await open(h.port, '127.0.0.4'), await open(h.port, '127.0.0.5')];
  await accepted(h, 4);
  // Two newcomers: the two silent sockets go, oldest first.
  const a = await open(h.port, '127.0.0.6', GET());
  await silent[0]!.ended;
  const b = await open(h.port, '127.0.0.7', GET());
  await silent[1]!.ended;
  await until(() => a.received().includes('ok') && b.received().includes('ok'));
  expect(keptAlive.destroyed).toBe(false);
  // Next the connection idle longest (keptAlive), never the busy one.
  await open(h.port, '127.0.0.8', GET());
  await keptAlive.ended;
  expect(busy.destroyed).toBe(false);
  h.held[0]!.end('done');
  await until(() => busy.received().includes('done'));
});

test('when every connection is busy a newcomer gets 503 OVERLOADED with Retry-After', async () => {
  const h = await serve({ maxConnections: 2 });
  await open(h.port, '127.0.0.2', GET('/hold'));
  await open(h.port, '127.0.0.3', GET('/hold'));
  await until(() => h.held.length === 2);
  const late = await open(h.port, '127.0.0.4', GET());
  await late.ended;
  expect(late.received()).toMatch(/^HTTP\/1.1 503 Service Unavailable\r\n/);
  expect(late.received()).toContain('"code":"OVERLOADED"');
  expect(h.guard.stats().refused.server).toBe(1);
});

test('a trusted proxy is not held to the per-client cap', async () => {
  const h = await serve({ maxPerClient: 2, trust: trustFunction(['127.0.0.9']) });
  for (let i = 0; i < 5; i++) await open(h.port, '127.0.0.9', GET('/hold'));
  await until(() => h.held.length === 5);
  expect(h.guard.stats().refused.client).toBe(0);
});

test('servers of one process share the descriptor budget, each keeping its reserve', async () => {
  const budget = new ConnectionBudget(20);
  const flooded = await serve({ reserved: 5 }, budget);
  const quiet = await serve({ reserved: 5 }, budget);
  for (let i = 0; i < 30; i++) await open(flooded.port, `127.0.1.${i + 1}`);
  await accepted(flooded, 30);
  expect(flooded.guard.stats().open).toBe(15); // 20 less the other server's reserve
  const served = [];
  for (let i = 0; i < 5; i++) served.push(await open(quiet.port, `127.0.2.${i + 1}`, GET('/hold')));
  await until(() => quiet.held.length === 5);
  expect(budget.used()).toBe(20);
});

test('the descriptor limit is read from the process, and Node has already raised its soft limit to the hard one', async () => {
  const limit = readFdLimit();
  expect(limit.known).toBe(true);
  // (With an unlimited hard limit Node raises the soft one as far as the kernel allows.)
  if (limit.hard !== Number.MAX_SAFE_INTEGER) expect(limit.soft).toBe(limit.hard);
  expect(defaultReserve(1024)).toBe(128);
  expect(defaultReserve(20_000)).toBe(1024);
  // A child started with a low soft limit finds it raised (Node does it at start-up).
  const script = "process.stdout.write(require('fs').readFileSync('/proc/self/limits','utf8').split('\\n').find(l=>l.startsWith('Max open files')))";
  const line = execFileSync('sh', ['-c', `ulimit -Sn 256 && exec "${process.execPath}" -e "${script}"`], { encoding: 'utf8' });
  const [soft, hard] = line.replace('Max open files', '').trim().split(/\s+/);
  expect(Number(soft)).toBeGreaterThan(256);
  if (hard !== 'unlimited') expect(soft).toBe(hard);
});
