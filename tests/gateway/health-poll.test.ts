import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock } from '@sinonjs/fake-timers';
import { HealthBook } from '../../gateway/health-book.js';
import type { SubgraphList } from '../../gateway/subgraphs/subgraph-list.js';
import { SupergraphSource, type SourceClock } from '../../gateway/supergraph-source.js';
import { waitFor } from '../support/wait.js';
import { FIXTURE_SDL } from './fixture.js';

// The registry's poll of its subgraphs and shards on an injected fake clock: the subgraphs are
// real HTTP servers, time moves only when the test says so, so the poll interval and the
// start-up wait are checked exactly and nothing sleeps through them.

const REGIONAL_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Region @key(fields: "code") { code: String! name: String }
type Query { regions: [Region!]! }
`;
const SETTINGS = { nodeTimeoutMs: 5000, pollIntervalMs: 1000, nodeAnswer: { maxBytes: 1024 * 1024, maxDepth: 64 } };

type Server = { url: string; close(): Promise<void> };
const servers: Server[] = [];
let databaseDown = false;

/** Answers `_service { sdl }` with `sdl`, and `/health` as a node does (503 while its database is down). */
async function subgraph(sdl: string): Promise<Server> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/health') {
        res.statusCode = databaseDown ? 503 : 200;
        return res.end(JSON.stringify(databaseDown ? { status: 'down', database: 'unreachable' } : { status: 'ok' }));
      }
      res.end(JSON.stringify({ data: { _service: { sdl } } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const s = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  servers.push(s);
  return s;
}

afterEach(async () => {
  databaseDown = false;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function source(regionalUrl: string, nodeUrl: string) {
  const clock = createClock(0);
  const injected: SourceClock = {
    now: () => clock.now,
    setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
    setInterval: (callback, ms) => clock.setInterval(callback, ms) as unknown as { unref(): unknown },
    clearInterval: (timer) => clock.clearInterval(timer as never),
  };
  const list: SubgraphList = {
    ordinary: [{ name: 'facts', url: regionalUrl, timeoutMs: null }],
    sharded: { name: 'offices', shards: [{ key: 'MN', url: nodeUrl, timeoutMs: null }] },
    supergraphSdl: null,
  };
  const book = new HealthBook(list);
  const logged: string[] = [];
  return { clock, book, logged, source: new SupergraphSource(list, book, SETTINGS, (m) => logged.push(m), injected) };
}

test('the health poll runs every pollIntervalMs and follows a node whose database goes down and comes back', async () => {
  const { clock, book, source: s } = source((await subgraph(REGIONAL_SDL)).url, (await subgraph(FIXTURE_SDL)).url);
  await s.waitForSupergraph(10_000); // the first round, at once
  expect(book.nodes.get('MN')!.status).toBe('up');
  let polled: (problem: string | null) => void = () => {};
  book.onNodeHealth((_country, problem) => polled(problem));
  const poll = () => new Promise<string | null>((resolve) => (polled = resolve));

  s.startPolling();
  expect(clock.countTimers()).toBe(1);
  databaseDown = true;
  let next = poll();
  clock.next();
  expect(clock.now).toBe(1000);
  expect(await next).toBe('health answered HTTP 503, database unreachable');
  expect(book.nodes.get('MN')).toMatchObject({ status: 'down', error: 'health answered HTTP 503, database unreachable' });

  databaseDown = false;
  next = poll();
  clock.next();
  expect(clock.now).toBe(2000);
  expect(await next).toBeNull();
  expect(book.nodes.get('MN')).toMatchObject({ status: 'up', error: null });

  s.stop();
  expect(clock.countTimers()).toBe(0);
});

test('the start-up wait asks again every 500 ms and gives up once timeoutMs has passed on its clock', async () => {
  const gone = await subgraph(FIXTURE_SDL);
  await gone.close(); // nothing listens there: refused at once
  const { clock, book, logged, source: s } = source((await subgraph(REGIONAL_SDL)).url, gone.url);
  let failure: Error | undefined;
  const waiting = s.waitForSupergraph(2000).catch((e: Error) => (failure = e));

  // Each round ends by scheduling its 500 ms pause: the clock jumps to it, and the next round runs.
  const rounds: number[] = [];
  for (;;) {
    await waitFor(() => failure !== undefined || clock.countTimers() === 1, 'a round of the start-up wait ending');
    if (failure) break;
    rounds.push(clock.now);
    clock.next();
  }
  await waiting;
  expect(rounds).toEqual([0, 500, 1000, 1500, 2000]);
  expect(clock.now).toBe(2500);
  expect(failure!.message).toMatch(/^No supergraph: .*MN: unreachable \(ECONNREFUSED\)/);
  expect(logged.filter((m) => m === 'waiting for the subgraphs…')).toHaveLength(5);
  expect(book.nodes.get('MN')!.status).toBe('down');
});
