import { ConfigError } from '../../platform/env-values.js';
import { shardSettings } from '../../gateway/subgraphs/shard-settings.js';
import type { Shard } from '../../gateway/subgraphs/subgraph-list.js';

const WIDE = { breaker: { openMs: 1000, maxOpenMs: 15_000, probeTimeoutMs: 1000 }, cacheEnabled: true };
const shard = (key: string, over: Partial<Shard> = {}): Shard => ({ key, url: `http://${key.toLowerCase()}/graphql`, timeoutMs: null, ...over });

test("a shard's breaker settings reach its circuit and its probe; the others take the gateway-wide ones", () => {
  const s = shardSettings([shard('MN', { breaker: { failureThreshold: 1, openMs: 200, probeTimeoutMs: 250 } }), shard('KG')], WIDE);
  expect(s.perKey.get('MN')).toEqual({ failureThreshold: 1, openMs: 200 });
  expect(s.perKey.get('KG')).toEqual({});
  expect([s.probeTimeoutMs('MN'), s.probeTimeoutMs('KG')]).toEqual([250, 1000]);
});

test("a shard's cache setting overrides RESPONSE_CACHE either way", () => {
  const shards = [shard('MN', { cache: false }), shard('KG', { cache: true }), shard('AZ', { cache: null }), shard('VN')];
  expect(shardSettings(shards, WIDE).cacheNodes.map((n) => n.cached)).toEqual([false, true, true, true]);
  expect(shardSettings(shards, { ...WIDE, cacheEnabled: false }).cacheNodes.map((n) => n.cached)).toEqual([false, true, false, false]);
});

test('an open time longer than the longest, counting the gateway-wide one, is refused at start with one line', () => {
  const run = () => shardSettings([shard('MN', { breaker: { openMs: 30_000 } })], WIDE);
  expect(run).toThrow(ConfigError);
  expect(run).toThrow('subgraphs: shard MN: breaker openFor (30000 ms) is longer than maxOpenFor (15000 ms, BREAKER_MAX_OPEN_MS when not set)');
  expect(() => shardSettings([shard('MN', { breaker: { openMs: 30_000, maxOpenMs: 60_000 } })], WIDE)).not.toThrow();
});
