import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../platform/env-values.js';
import { configFileArgument, loadSubgraphs } from '../../gateway/subgraphs/load.js';
import { durationMs } from '../../gateway/subgraphs/duration.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-yaml-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const FALLBACK = { subgraphs: [{ name: 'env', url: 'http://127.0.0.1:1/graphql' }] };
const load = (text: string) => loadSubgraphs(file('gateway.yaml', text), FALLBACK);

describe('gateway.yaml subgraphs', () => {
  test('ordinary and sharded entries, with per-subgraph and per-shard timeouts', () => {
    const list = load(`
subgraphs:
  - name: facts
    url: http://facts:4001/graphql
    timeout: 1.5s
  - name: offices
    timeout: 2s
    shards:
      mn: http://mn:4101/graphql
      KG: { url: http://kg:4102/graphql, timeout: 500ms }
`);
    expect(list).toEqual({
      ordinary: [{ name: 'facts', url: 'http://facts:4001/graphql', timeoutMs: 1500 }],
      sharded: {
        name: 'offices',
        shards: [
          { key: 'MN', url: 'http://mn:4101/graphql', timeoutMs: 2000, breaker: {}, cache: null },
          { key: 'KG', url: 'http://kg:4102/graphql', timeoutMs: 500, breaker: {}, cache: null },
        ],
      },
      supergraphSdl: null,
    });
  });

  test("breaker and cache per sharded subgraph and per shard: a shard's key overrides the subgraph's, key by key", () => {
    const list = load(`
subgraphs:
  - name: offices
    breaker: { failureThreshold: 5, openFor: 2s, probeTimeout: 300ms }
    cache: { enabled: false }
    shards:
      MN: http://mn:4101/graphql
      KG: { url: http://kg:4102/graphql, breaker: { openFor: 500ms, maxOpenFor: 4s }, cache: { enabled: true } }
`);
    expect(list.sharded!.shards).toEqual([
      { key: 'MN', url: 'http://mn:4101/graphql', timeoutMs: null, breaker: { failureThreshold: 5, openMs: 2000, probeTimeoutMs: 300 }, cache: false },
      {
        key: 'KG',
        url: 'http://kg:4102/graphql',
        timeoutMs: null,
        breaker: { failureThreshold: 5, openMs: 500, maxOpenMs: 4000, probeTimeoutMs: 300 },
        cache: true,
      },
    ]);
  });

  test('without a file the fallback (from the environment) is used', () => {
    expect(loadSubgraphs(undefined, FALLBACK).ordinary).toEqual([{ name: 'env', url: 'http://127.0.0.1:1/graphql', timeoutMs: null }]);
  });

  test('a supergraph file is read relative to gateway.yaml', () => {
    file('supergraph.graphql', 'schema { query: Query }');
    expect(load('supergraphSdl: supergraph.graphql\n').supergraphSdl).toBe('schema { query: Query }');
  });

  test.each([
    [
      'a bad duration',
      'subgraphs:\n  - { name: a, url: http://a/graphql, timeout: 2 seconds }',
      /subgraphs\.0\.timeout = "2 seconds": a duration with its unit/,
    ],
    ['a URL that is not http', 'subgraphs:\n  - { name: a, url: ftp://a }', /subgraphs\.0\.url = "ftp:\/\/a": an http\(s\) URL/],
    ['an unknown key in an entry', 'subgraphs:\n  - { name: a, url: http://a/graphql, retries: 3 }', /subgraphs\.0/],
    ['a key of another section', 'port: 4000\nsubgraphs:\n  - { name: a, url: http://a/graphql }', /port: not a key of the subgraphs section/],
    ['a name used twice', 'subgraphs:\n  - { name: a, url: http://a/graphql }\n  - { name: a, url: http://b/graphql }', /"a" is used twice/],
    [
      'two sharded subgraphs',
      'subgraphs:\n  - { name: a, shards: { MN: http://a/graphql } }\n  - { name: b, shards: { KG: http://b/graphql } }',
      /one sharded subgraph/,
    ],
    ['a shard key twice', 'subgraphs:\n  - { name: a, shards: { mn: http://a/graphql, MN: http://b/graphql } }', /lists MN twice/],
    [
      'a breaker on an ordinary subgraph',
      'subgraphs:\n  - { name: a, url: http://a/graphql, breaker: { failureThreshold: 2 } }',
      /subgraphs: a\.breaker: only a sharded subgraph \(shards:\) has a breaker/,
    ],
    [
      'a cache on an ordinary subgraph',
      'subgraphs:\n  - { name: a, url: http://a/graphql, cache: { enabled: false } }',
      /subgraphs: a\.cache: only a sharded subgraph/,
    ],
    [
      'a shard that opens for longer than its longest open time',
      'subgraphs:\n  - { name: a, breaker: { maxOpenFor: 1s }, shards: { MN: { url: http://a/graphql, breaker: { openFor: 2s } } } }',
      /a\.shards\.MN\.breaker: openFor = 2s is longer than maxOpenFor = 1s/,
    ],
    [
      'a bad failureThreshold',
      'subgraphs:\n  - { name: a, shards: { MN: { url: http://a/graphql, breaker: { failureThreshold: 0 } } } }',
      /failureThreshold = 0/,
    ],
    ['ordinary entries beside a supergraph file', 'supergraphSdl: s.graphql\nsubgraphs:\n  - { name: a, url: http://a/graphql }', /supergraphSdl: is set/],
    ['neither key', '{}', /set subgraphs:/],
    ['not YAML', 'subgraphs: [', /is not YAML/],
  ])('%s is refused with one line naming it', (_kind, text, message) => {
    let error: unknown;
    try {
      load(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('a missing file is named', () => {
    expect(() => loadSubgraphs(path.join(dir, 'absent.yaml'), FALLBACK)).toThrow(/absent\.yaml cannot be read: ENOENT/);
  });
});

describe('where gateway.yaml is', () => {
  test('--config wins over GATEWAY_CONFIG and is taken out of the other arguments', () => {
    expect(configFileArgument(['--port', '0', '--config', 'a.yaml'], { GATEWAY_CONFIG: 'b.yaml' })).toEqual({ file: 'a.yaml', rest: ['--port', '0'] });
    expect(configFileArgument(['--config=c.yaml'], {})).toEqual({ file: 'c.yaml', rest: [] });
    expect(configFileArgument([], { GATEWAY_CONFIG: 'b.yaml' })).toEqual({ file: 'b.yaml', rest: [] });
    expect(configFileArgument([], {})).toEqual({ file: undefined, rest: [] });
    expect(() => configFileArgument(['--config'], {})).toThrow(/--config needs a file/);
  });
});

test('durations with their units', () => {
  expect([durationMs('500ms'), durationMs('2s'), durationMs('1.5m')]).toEqual([500, 2000, 90_000]);
  expect(() => durationMs('2')).toThrow(/not a duration/);
});

test('the gateway command refuses a bad gateway.yaml at start with one line naming the key (needs npm run build)', () => {
  const bad = file('bad.yaml', 'subgraphs:\n  - { name: a, url: http://a/graphql, timeout: 2 seconds }\n');
  const run = spawnSync(process.execPath, [path.resolve(__dirname, '../../dist/gateway/index.js'), '--config', bad], {
    env: { ...process.env, PORT: '0', GATEWAY_WORKERS: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  // The typed configuration checks the section against its schema first: exit 2 for configuration errors.
  expect(run.status).toBe(2);
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^\[gateway\] Configuration error: .*bad\.yaml: "subgraphs\.0"/)]);
});
