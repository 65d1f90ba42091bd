import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, parse } from 'graphql';
import { changesSubscription, withSubscriptions } from '../../gateway/subscriptions/changes.js';
import { ChangeTicker } from '../../gateway/subscriptions/ticker.js';

/*
 * The subscription's SUBSCRIPTION_QUEUE_MAX bound: a client that takes no events while the feed
 * keeps having more is ended with SUBSCRIPTION_BEHIND once more than the bound wait unwritten,
 * and the feed is read no further; a client that keeps up is not. The feed is a real HTTP
 * endpoint standing in for the gateway's /graphql (always one more change, `hasMore`), so the
 * loop under test is the real one, its reads real requests; how many events are unwritten is
 * the input (graphql-sse's queue is counted by route.ts, tested with the federation elsewhere).
 */

const api = buildSchema(`
  type Query { changes(since: String, first: Int = 500, filter: ChangeFilter): ChangeFeed! }
  input ChangeFilter { countries: [String!] }
  type ChangeFeed { changes: [Change!]! watermark: String! hasMore: Boolean! unavailable: [String!]! }
  type Change { id: ID! country: String! }
`);

let server: http.Server;
let url: string;
let reads = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      reads++;
      const since = Number((JSON.parse(body) as { variables: Record<string, unknown> }).variables.sse__since ?? 0);
      const changes = { changes: [{ id: `KG:${since + 1}`, country: 'KG' }], sse__watermark: String(since + 1), sse__hasMore: true, unavailable: [] };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { changes } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

function subscription(unwritten: () => number, signal: AbortSignal) {
  return changesSubscription({
    schema: withSubscriptions(api),
    document: parse(`subscription { changes(since: "0") { changes { id } watermark } }`),
    variables: {},
    graphqlUrl: url,
    ticker: new ChangeTicker(() => [], 600_000),
    unwritten,
    maxUnwritten: 3,
    signal,
    log: () => {},
  });
}

it('ends a client that takes nothing with SUBSCRIPTION_BEHIND once more than SUBSCRIPTION_QUEUE_MAX events wait', async () => {
  reads = 0;
  let sent = 0;
  const events = [];
  const abort = new AbortController();
  // Nothing is ever written to this client: every event handed over stays unwritten.
  for await (const event of subscription(() => sent, abort.signal)) {
    events.push(event);
    sent++;
  }
  // As route.ts does when the ended response closes (it also ends the ticker's pending wait).
  abort.abort();
  expect(events.slice(0, 4).map((e) => (e.data as any).changes.changes[0].id)).toEqual(['KG:1', 'KG:2', 'KG:3', 'KG:4']);
  expect(events).toHaveLength(5);
  expect(events[4]!.errors![0]!.extensions!.code).toBe('SUBSCRIPTION_BEHIND');
  expect(reads).toBe(4);
});

it('keeps delivering to a client that takes its events', async () => {
  const abort = new AbortController();
  const ids: string[] = [];
  for await (const event of subscription(() => 0, abort.signal)) {
    expect(event.errors).toBeUndefined();
    ids.push((event.data as any).changes.changes[0].id);
    if (ids.length === 10) abort.abort();
  }
  expect(ids).toHaveLength(10);
  expect(ids[9]).toBe('KG:10');
});
