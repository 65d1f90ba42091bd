import { startMisbehavingNode, type Misbehaviour, type MisbehavingNode } from './support/misbehaving-node.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { startProxy } from './support/proxy.js';
import { waitFor } from './support/wait.js';

// A country node that answers wrongly costs only its own country's part: every misbehaviour of
// the misbehaving-node fixture in front of MN (the real node behind it), through the real
// gateway over HTTP, with the response cache on. Each case checks that the other countries'
// data is whole, MN's part is left out with one coded error at each path it affects (MN's own
// list null, not an empty page), the answer is not cacheable, and once MN behaves again the same
// request gets MN's data (nothing of the bad answer was kept).

const MAX_ANSWER_BYTES = 1024 * 1024;
let fed: TestFederation;
let mn: MisbehavingNode;

beforeAll(async () => {
  fed = await startFederation({
    nodeTimeoutMs: 4000, // generous: a busy machine's first requests are slow, and a timeout is not the misbehaviour under test
    gatewayEnv: { RESPONSE_CACHE: 'on', NODE_ANSWER_MAX_BYTES: String(MAX_ANSWER_BYTES) },
    front: async (url, country) => (country === 'MN' ? (mn = await startMisbehavingNode(url)) : startProxy(url)),
  });
}, 120000);
afterAll(async () => {
  await fed?.stop();
});
afterEach(() => {
  mn.behaviour = { kind: 'pass' };
  fed.gateway.breakers.pollSucceeded('MN'); // each case starts with MN's circuit closed
});

const SELECTION =
  '{ events(first: 100) { totalCount nodes { id } } eventStats(groupBy: [COUNTRY]) { country count } countries { code events(first: 1) { totalCount } } }';
// The response cache is exact: an unchanged node is not asked again for the same query. Each case
// names its operation anew, so the misbehaving node is asked (the name travels to the nodes).
let cases = 0;
const freshQuery = () => `query Case${++cases} ${SELECTION}`;

async function get(query: string) {
  const res = await fetch(`${fed.gateway.url}?query=${encodeURIComponent(query)}`);
  return {
    status: res.status,
    cacheControl: res.headers.get('cache-control'),
    etag: res.headers.get('etag'),
    body: (await res.json()) as { data?: any; errors?: any[] },
  };
}

let full: any;
beforeAll(async () => {
  // The reference answer, with every node warm (the first requests after start are the slowest).
  let res = await get(freshQuery());
  for (let attempt = 0; attempt < 5 && res.body.errors; attempt++) res = await get(freshQuery());
  expect(res.body.errors).toBeUndefined();
  full = res.body.data;
  expect(full.events.nodes.filter((n: { id: string }) => n.id.startsWith('MN:')).length).toBeGreaterThan(0);
}, 60000);

/**
 * The answer with MN misbehaving as `behaviour`: everything else whole, MN's part left out and
 * reported with `code`. `lists: false` when the misbehaviour leaves MN's Country lists (a fetch of
 * their own) valid, so they are MN's true data.
 */
async function expectMnLeftOut(behaviour: Misbehaviour, code: string, reason: RegExp, lists = true) {
  mn.behaviour = behaviour;
  const query = freshQuery();
  const { body, cacheControl, etag } = await get(query);
  const mnRows = full.events.nodes.filter((n: { id: string }) => n.id.startsWith('MN:')).length;
  expect(body.data.events.totalCount).toBe(full.events.totalCount - mnRows);
  expect(body.data.events.nodes).toEqual(full.events.nodes.filter((n: { id: string }) => !n.id.startsWith('MN:')));
  expect(body.data.eventStats).toEqual(full.eventStats.filter((s: { country: string }) => s.country !== 'MN'));
  const mnIndex = full.countries.findIndex((c: { code: string }) => c.code === 'MN');
  expect(body.data.countries).toEqual(full.countries.map((c: { code: string }, i: number) => (i === mnIndex && lists ? { code: 'MN', events: null } : c)));
  // The root fields and the countries' lists are fetched concurrently: errors in either order.
  expect(body.errors!.map((e) => [e.path, e.extensions.code, e.extensions.country]).sort()).toEqual(
    [[['events'], code, 'MN'], [['eventStats'], code, 'MN'], ...(lists ? [[['countries', mnIndex, 'events'], code, 'MN']] : [])].sort(),
  );
  for (const error of body.errors!) expect(error.extensions.reason).toMatch(reason);
  for (const error of body.errors!) expect(error.extensions.missingCountries).toEqual(['MN']);
  // Never kept by a browser or CDN…
  expect(cacheControl).toBe('private, no-store');
  expect(etag).toBeNull();
  // …nor by the gateway: MN behaving again, the same request is answered whole.
  mn.behaviour = { kind: 'pass' };
  const after = await get(query);
  expect(after.body.errors).toBeUndefined();
  expect(after.body.data).toEqual(full);
  return body;
}

/** Every `MN:` id made `KG:`, inside cursors too (re-encoded), as a node speaking for KG would. */
function forgeKg(answer: string): string {
  const forge = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value.startsWith('MN:')) return `KG:${value.slice(3)}`;
      try {
        const cursor = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
        if (Array.isArray(cursor) && typeof cursor[2] === 'string' && cursor[2].startsWith('MN:')) {
          return Buffer.from(JSON.stringify([cursor[0], cursor[1], `KG:${cursor[2].slice(3)}`])).toString('base64url');
        }
      } catch {
        // not a cursor
      }
      return value;
    }
    if (Array.isArray(value)) return value.map(forge);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'code' && v === 'MN' ? 'KG' : forge(v)]));
    return value;
  };
  return JSON.stringify(forge(JSON.parse(answer)));
}

describe('a node answering wrongly costs only its own country', () => {
  test('errors that are not a list ({"errors":"boom"}) once cost every country its data', async () => {
    await expectMnLeftOut({ kind: 'bytes', body: '{"errors":"boom"}' }, 'COUNTRY_BAD_RESPONSE', /errors are a string/);
  });

  test('data null without an error once made MN vanish silently', async () => {
    await expectMnLeftOut({ kind: 'bytes', body: '{"data":null}' }, 'COUNTRY_BAD_RESPONSE', /data is null without an error/);
  });

  test('a value of the wrong type', async () => {
    await expectMnLeftOut(
      { kind: 'rewrite', rewrite: (a) => a.replace(/"totalCount":\d+/g, '"totalCount":"many"') },
      'COUNTRY_BAD_RESPONSE',
      /totalCount is "many", not a Int/,
    );
  });

  test('bytes that are not JSON', async () => {
    await expectMnLeftOut({ kind: 'bytes', body: Buffer.from([0x00, 0xff, 0x7b, 0x13, 0x22]) }, 'COUNTRY_BAD_RESPONSE', /not JSON/);
  });

  test('an error page from a proxy before the node is an unavailable country, not a bad answer', async () => {
    await expectMnLeftOut(
      { kind: 'bytes', status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' },
      'COUNTRY_UNAVAILABLE',
      /answered HTTP 502/,
    );
  });

  test('very deeply nested JSON is refused at the nesting limit', async () => {
    await expectMnLeftOut(
      { kind: 'bytes', body: `{"data":${'['.repeat(200_000)}${']'.repeat(200_000)}}` },
      'COUNTRY_BAD_RESPONSE',
      /nests deeper than 64 levels/,
    );
  });

  test('a huge answer is cut at the size limit while it arrives, not buffered', async () => {
    const total = 50 * 1024 * 1024;
    await expectMnLeftOut(
      { kind: 'stream', head: '{"data":{"events":{"totalCount":1,"nodes":[],"x":"', chunk: 'a'.repeat(64 * 1024), total },
      'COUNTRY_BAD_RESPONSE',
      /larger than 1048576 bytes/,
    );
    // The entities fetch was the last MN request: the gateway hung up long before the 50 MB were sent.
    expect(mn.lastBody).toMatchObject({ hungUp: true });
    expect(mn.lastBody!.bytes).toBeLessThan(total / 4);
  });

  test('an endless answer is cut at the size limit too', async () => {
    await expectMnLeftOut(
      { kind: 'stream', head: '{"data":{"events":{"totalCount":1,"nodes":[', chunk: '{"id":"MN:EVT:x"},', total: Infinity },
      'COUNTRY_BAD_RESPONSE',
      /larger than 1048576 bytes/,
    );
    expect(mn.lastBody).toMatchObject({ hungUp: true });
  });

  test('a node that never answers is unavailable at the deadline', async () => {
    await expectMnLeftOut({ kind: 'hang' }, 'COUNTRY_UNAVAILABLE', /no answer within/);
  });

  test('a node speaking for another country: no forged KG row reaches the answer, selected ids or not', async () => {
    // MN's own Country lists carry no id to forge (counts only): they stay, MN's true figures.
    await expectMnLeftOut({ kind: 'rewrite', rewrite: forgeKg }, 'COUNTRY_BAD_RESPONSE', /belongs to KG, not to MN/, false);
    // Without ids in the selection, the forged cursors give it away.
    mn.behaviour = { kind: 'rewrite', rewrite: forgeKg };
    const { body } = await get('query WithoutIds { events(first: 100) { totalCount nodes { title { text } } } }');
    expect(body.data.events.totalCount).toBe(full.events.totalCount - full.events.nodes.filter((n: { id: string }) => n.id.startsWith('MN:')).length);
    expect(body.errors!.map((e) => [e.path, e.extensions.code, e.extensions.reason])).toEqual([
      [['events'], 'COUNTRY_BAD_RESPONSE', expect.stringMatching(/cursor points at "KG:.*" of KG, not of MN/)],
    ]);
  });

  test("a node adding its counts to another country's groups is refused: no forged KG figures in an aggregate", async () => {
    mn.behaviour = { kind: 'rewrite', rewrite: (a) => a.replaceAll('"MN"', '"KG"') };
    const { body } = await get('query ForgedStats { eventStats(groupBy: [COUNTRY]) { country count } }');
    expect(body.data.eventStats).toEqual(full.eventStats.filter((s: { country: string }) => s.country !== 'MN'));
    expect(body.errors!.map((e) => [e.path, e.extensions.code, e.extensions.reason])).toEqual([
      [['eventStats'], 'COUNTRY_BAD_RESPONSE', expect.stringMatching(/^eventStats\.0\.(shard__)?country "KG" names KG, not MN$/)],
    ]);
  });

  test('an MN-only query does not return KG ids: a by-id answer is null with its path', async () => {
    const id = full.events.nodes.find((n: { id: string }) => n.id.startsWith('MN:')).id;
    mn.behaviour = { kind: 'rewrite', rewrite: forgeKg };
    const { body } = await get(`{ event(id: "${id}") { id } }`);
    expect(body.data).toEqual({ event: null });
    expect(body.errors!.map((e) => [e.path, e.extensions.code, e.extensions.country])).toEqual([[['event'], 'COUNTRY_BAD_RESPONSE', 'MN']]);
  });

  test("bad answers are the node's faults: three in a row open its circuit, as three timeouts would", async () => {
    mn.behaviour = { kind: 'bytes', body: '{"data":null}' };
    await get(freshQuery()); // two MN requests: the page and aggregate, then the countries' lists
    await get(freshQuery());
    expect(fed.gateway.breakers.status('MN').state).toBe('open');
    const health = (await (await fetch(fed.gateway.url.replace(/graphql$/, 'health'))).json()) as any;
    expect(health.nodes.find((n: any) => n.country === 'MN').breaker.state).toBe('open');
  });

  test('the gateway sends each node the time left, never an instant of its own clock', async () => {
    mn.reset();
    await get('query TimeLeft { events(first: 1) { totalCount } }');
    expect(mn.headers.length).toBeGreaterThan(0);
    for (const headers of mn.headers) {
      expect(Number(headers['x-deadline-ms'])).toBeGreaterThan(0);
      expect(headers['x-deadline-at']).toBeUndefined();
    }
  });

  test("a client alias in the gateway's reserved prefix is refused before any node is asked", async () => {
    mn.reset();
    const res = await fetch(fed.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ events(first: 2) { shard__edges: nodes { id } } }' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/alias "shard__edges" starts with "shard__"/);
    expect(mn.requests).toBe(0);
  });

  // Last: the stream reconnects with growing backoff once the fixture behaves again.
  test('a version stream that never separates its events is dropped at the event limit; reads go on, uncached for MN', async () => {
    mn.stream = 'no-separators';
    await waitFor(() => mn.streams.some((s) => s.hungUp), 'the gateway hanging up on the endless event');
    const dropped = mn.streams.find((s) => s.hungUp)!;
    // Without the bound the reader never hangs up (bytes keep it alive). What it wrote includes what
    // the sockets buffer on both sides; the gateway itself keeps at most the 4 KiB event limit.
    expect(dropped.bytes).toBeLessThan(32 * 1024 * 1024);
    expect(fed.gateway.cache!.versions.stamp('MN')).toBeNull(); // in doubt: MN is asked, never answered from the cache
    mn.reset();
    const { body } = await get(freshQuery());
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual(full);
    expect(mn.requests).toBe(2); // asked, as every read of MN is while its version is unknown
    mn.stream = 'pass';
  });
});
