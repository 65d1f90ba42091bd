import { parseFetch } from '../../gateway/operation.js';
import { FetchErrors } from '../../gateway/plan/errors.js';
import { executeQuery } from '../../gateway/plan/execute.js';
import { planQuery } from '../../gateway/plan/plan.js';
import {
  HIDDEN_FEED_ITEMS,
  HIDDEN_FEED_MORE,
  HIDDEN_FEED_WATERMARK,
  HIDDEN_ITEM_ORDER,
  HIDDEN_ITEM_POSITION,
  mergeFeeds,
  type NodeFeed,
} from '../../gateway/primitives/feed-merge.js';
import { readShardingSpec } from '../../gateway/sharding/spec.js';
import type { NodeRequest } from '../../gateway/transport/transport.js';
import { encodeWatermark, tryDecodeWatermark, type Watermark } from '../../contract/watermark.js';
import { FEED_SDL } from './feed-fixture.js';
import { fakeTransport, rootField } from './helpers.js';

// The feed primitive on fake nodes, over a subgraph that is not ours ("ticks"): the gateway
// knows only the @shardFeed declaration.

const REGIONS = ['MN', 'KG', 'AZ'];
const options = (first: number, asked = REGIONS) => ({
  first,
  fields: { items: 'ticks', watermark: 'resume', more: 'more', unavailable: 'missing' },
  typename: 'TickFeed',
  asked,
});

interface Tick {
  id: string;
  at: string;
  position: string;
}
/** A node's log: ticks at positions 1..n (epoch "e"), with the given order keys. */
const log = (country: string, ats: string[]): Tick[] => ats.map((at, i) => ({ id: `${country}:${i + 1}`, at, position: `${i + 1}.e` }));

/** What a node answers for `ticks(since, first)` with the gateway's hidden fields, as the node does. */
function nodeAnswer(country: string, ticks: Tick[], since: Watermark, first: number): NodeFeed['value'] {
  const after = Number((since.get(country) ?? '0.e').split('.')[0]);
  const rest = ticks.filter((t) => Number(t.position.split('.')[0]) > after);
  const page = rest.slice(0, first);
  const more = rest.length > first;
  const watermark = new Map(since).set(country, more ? page.at(-1)!.position : `${ticks.length}.e`);
  return {
    ticks: page.map((t) => ({ id: t.id })),
    [HIDDEN_FEED_ITEMS]: page.map((t) => ({ [HIDDEN_ITEM_POSITION]: t.position, [HIDDEN_ITEM_ORDER]: t.at })),
    [HIDDEN_FEED_WATERMARK]: encodeWatermark(watermark),
    [HIDDEN_FEED_MORE]: more,
  };
}

const QUERY = '{ ticks(first: 3) { ticks { id } resume more missing __typename } }';

describe('feed merge', () => {
  const mn = log('MN', ['2026-01-01T00:00:01Z', '2026-01-01T00:00:04Z', '2026-01-01T00:00:05Z']);
  const kg = log('KG', ['2026-01-01T00:00:02Z', '2026-01-01T00:00:02Z', '2026-01-01T00:00:09Z']);

  test('keeps the first `first` items by order key, each node in its own order; positions move to the last item kept', () => {
    const { field, fragments } = rootField(QUERY);
    const since = new Map<string, string>();
    const { value, invalid } = mergeFeeds(field, fragments, options(3), since, [
      { country: 'MN', value: nodeAnswer('MN', mn, since, 3) },
      { country: 'KG', value: nodeAnswer('KG', kg, since, 3) },
    ]);
    expect(invalid).toEqual([]);
    expect((value.ticks as Array<{ id: string }>).map((t) => t.id)).toEqual(['MN:1', 'KG:1', 'KG:2']);
    expect(value.more).toBe(true);
    expect(value.missing).toEqual(['AZ']);
    expect(value.__typename).toBe('TickFeed');
    expect(Object.fromEntries(tryDecodeWatermark(value.resume as string)!)).toEqual({ MN: '1.e', KG: '2.e' });
  });

  test('a node whose items were all kept moves to its own watermark entry; one with none kept, or not answering, keeps its position', () => {
    const { field, fragments } = rootField(QUERY);
    const since = new Map([
      ['MN', '2.e'],
      ['AZ', '7.x'],
    ]);
    const { value } = mergeFeeds(field, fragments, options(1), since, [
      { country: 'MN', value: nodeAnswer('MN', mn, since, 1) },
      { country: 'KG', value: nodeAnswer('KG', kg, since, 1) },
    ]);
    expect((value.ticks as Array<{ id: string }>).map((t) => t.id)).toEqual(['KG:1']);
    // MN's 3rd tick (00:05) lost to KG's 1st (00:02): MN stays at 2; KG moved to 1; AZ did not answer.
    expect(Object.fromEntries(tryDecodeWatermark(value.resume as string)!)).toEqual({ MN: '2.e', KG: '1.e', AZ: '7.x' });
    expect(value.missing).toEqual(['AZ']);
  });

  test('an answer that is not a feed (no positions, a watermark without its own entry) counts as missing', () => {
    const { field, fragments } = rootField(QUERY);
    const since = new Map([['KG', '1.e']]);
    const good = nodeAnswer('KG', kg, since, 3);
    const { value, invalid } = mergeFeeds(field, fragments, options(3), since, [
      { country: 'KG', value: { ...good, [HIDDEN_FEED_WATERMARK]: encodeWatermark(new Map([['MN', '9.e']])) } },
      {
        country: 'MN',
        value: { ...nodeAnswer('MN', mn, new Map(), 3), [HIDDEN_FEED_ITEMS]: [{ [HIDDEN_ITEM_POSITION]: 'DROP TABLE', [HIDDEN_ITEM_ORDER]: 'x' }] },
      },
    ]);
    expect(invalid.sort()).toEqual(['KG', 'MN']);
    expect(value.ticks).toEqual([]);
    expect(Object.fromEntries(tryDecodeWatermark(value.resume as string)!)).toEqual({ KG: '1.e' });
    expect(value.missing).toEqual(['MN', 'KG', 'AZ']);
  });
});

describe('feed over fake nodes (plan, scatter, merge)', () => {
  const spec = readShardingSpec(FEED_SDL).spec!;

  test('resumed reads return every item of every node exactly once, in each node order, across a node outage', async () => {
    const logs: Record<string, Tick[]> = { MN: [], KG: [], AZ: [] };
    let clock = 0;
    const write = (country: string) =>
      logs[country]!.push({
        id: `${country}:${logs[country]!.length + 1}`,
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString(),
        position: `${logs[country]!.length + 1}.e`,
      });
    const down = new Set<string>();
    const shares: number[] = [];
    const node = (country: string) => (request: NodeRequest) => {
      if (down.has(country)) return new Error('connection refused');
      const since = tryDecodeWatermark(String(request.variables?.since ?? '')) ?? new Map();
      // Each node is asked for its share of `first`, as a literal the gateway wrote.
      const share = /ticks\(since: \$since, first: (\d+)\)/.exec(request.query.replace(/\s+/g, ' '))?.[1];
      shares.push(Number(share));
      return { data: { ticks: nodeAnswer(country, logs[country]!, since, Number(share)) } };
    };
    const { transport, sent } = fakeTransport({ MN: node('MN'), KG: node('KG'), AZ: node('AZ') });
    const query = 'query($since: String, $first: Int) { ticks(since: $since, first: $first) { ticks { id } resume more missing } }';
    const parsed = parseFetch(query);
    const read = async (since: string | null, first: number) => {
      const variables = { since, first };
      const result = await executeQuery(planQuery(parsed, variables, spec, REGIONS), {
        parsed,
        variables,
        spec,
        transport,
        request: { deadline: Date.now() + 1000, headers: {} },
        errors: new FetchErrors(),
      });
      return result;
    };
    let since: string | null = null;
    const seen: string[] = [];
    // A seeded pseudo-random walk: writes on random nodes, reads of random sizes, AZ down for a while.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let step = 0; step < 200; step++) {
      if (random(3) === 0) write(REGIONS[random(3)]!);
      if (step === 50) down.add('AZ');
      if (step === 120) down.delete('AZ');
      if (random(2) === 0) {
        const { data, errors } = await read(since, 1 + random(4));
        const feed = data.ticks as { ticks: Array<{ id: string }>; resume: string; missing: string[] };
        seen.push(...feed.ticks.map((t) => t.id));
        expect(feed.missing).toEqual(down.has('AZ') ? ['AZ'] : []);
        if (down.has('AZ')) expect(errors.map((e) => e.extensions?.code)).toEqual(['COUNTRY_UNAVAILABLE']);
        since = feed.resume;
      }
    }
    for (let more = true; more;) {
      const { data } = await read(since, 4);
      const feed = data.ticks as { ticks: Array<{ id: string }>; resume: string; more: boolean };
      seen.push(...feed.ticks.map((t) => t.id));
      since = feed.resume;
      more = feed.more;
    }
    for (const country of REGIONS) expect(seen.filter((id) => id.startsWith(`${country}:`))).toEqual(logs[country]!.map((t) => t.id));
    // first 1..4 over three nodes: shares of 1 or 2 (ceil), never the whole `first` from each.
    expect([...new Set(shares)].sort()).toEqual([1, 2]);
    expect(seen.length).toBe(REGIONS.reduce((n, c) => n + logs[c]!.length, 0));
    // The node request carries the hidden fields and the client's own since.
    expect(sent[0]!.request.query.replace(/\s+/g, ' ')).toContain(`${HIDDEN_FEED_ITEMS}: ticks { ${HIDDEN_ITEM_POSITION}: seq ${HIDDEN_ITEM_ORDER}: at }`);
  });

  test('filter.regions limits the nodes asked; the others keep their positions', async () => {
    const { transport, sent } = fakeTransport({
      MN: () => ({ data: { ticks: nodeAnswer('MN', log('MN', ['2026-01-01T00:00:01Z']), new Map(), 3) } }),
    });
    const query = '{ ticks(since: "' + encodeWatermark(new Map([['KG', '4.e']])) + '", filter: { regions: ["MN"] }) { resume missing } }';
    const parsed = parseFetch(query);
    const result = await executeQuery(planQuery(parsed, {}, spec, REGIONS), {
      parsed,
      variables: {},
      spec,
      transport,
      request: { deadline: Date.now() + 1000, headers: {} },
      errors: new FetchErrors(),
    });
    expect(sent.map((s) => s.country)).toEqual(['MN']);
    const feed = result.data.ticks as { resume: string; missing: string[] };
    expect(Object.fromEntries(tryDecodeWatermark(feed.resume)!)).toEqual({ KG: '4.e', MN: '1.e' });
    expect(feed.missing).toEqual([]);
  });
});
