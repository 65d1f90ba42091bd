import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { ConfigError, loadCountryNodeConfig, loadGatewayConfig, loadRegionalConfig } from '../platform/config.js';
import { Type } from '@sinclair/typebox';
import { fileSchema, GATEWAY_FILE_SECTIONS } from '../platform/config/schema.js';
import { SETTINGS, settingsOf } from '../platform/config/settings/index.js';
import { nodeDeadline } from '../gateway/transport/deadline.js';
import type { NodeRequest } from '../gateway/transport/transport.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-load-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(text: string, ext = 'yaml'): string {
  const f = path.join(dir, `c${files++}.${ext}`);
  fs.writeFileSync(f, text);
  return f;
}

const GATEWAY_YAML = `
countryNodes:
  KG: http://kg.example:4102/graphql
  VN: http://vn.example:4104/graphql
nodeTimeout: 2s
nodeTimeouts:
  VN: 12s
breaker:
  failures: 5
  maxOpen: 1m
responseCache:
  maxSize: 16MB
http:
  drainTimeout: 500ms
`;

describe('file and environment', () => {
  test('the file sets what the environment does not; a variable in the environment wins over its key', () => {
    const f = file(GATEWAY_YAML);
    const config = loadGatewayConfig(['--config', f], { NODE_ENV: 'test', NODE_TIMEOUT_MS: '4000' });
    expect(config.nodeTimeoutMs).toBe(4000); // environment over file
    expect(config.nodeTimeoutsMs).toEqual({ VN: 12000 });
    expect(config.countryNodes).toEqual([
      { country: 'KG', url: 'http://kg.example:4102/graphql' },
      { country: 'VN', url: 'http://vn.example:4104/graphql' },
    ]);
    expect(config.breaker).toMatchObject({ failureThreshold: 5, maxOpenMs: 60000, openMs: 1000 });
    expect(config.responseCache.maxBytes).toBe(16 * 1024 * 1024);
    // GATEWAY_CONFIG names the same file; --config wins over it.
    expect(loadGatewayConfig([], { NODE_ENV: 'test', GATEWAY_CONFIG: f }).nodeTimeoutMs).toBe(2000);
    const other = file('nodeTimeout: 7s\n');
    expect(loadGatewayConfig(['--config', other], { NODE_ENV: 'test', GATEWAY_CONFIG: f }).nodeTimeoutMs).toBe(7000);
    // An empty variable is unset, as it always was: the file's value stands.
    expect(loadGatewayConfig(['--config', f], { NODE_ENV: 'test', NODE_TIMEOUT_MS: '' }).nodeTimeoutMs).toBe(2000);
  });

  test('JSON is read as well (YAML is a superset)', () => {
    const f = file(JSON.stringify({ port: 4700, rateLimit: { requests: 10, window: '30s' } }), 'json');
    const config = loadGatewayConfig(['--config', f], { NODE_ENV: 'test' });
    expect(config.port).toBe(4700);
    expect(config.rateLimit).toMatchObject({ requests: 10, windowSeconds: 30 });
  });

  test('a country node and the regional subgraph read theirs (NODE_CONFIG, REGIONAL_CONFIG)', () => {
    const node = file('country: kg\ndatabase:\n  seedOnStart: no\n  readPoolSize: 3\n  lockTimeout: 1s\nrequestTimeout: 20s\nchangeLogRetention: 30d\n');
    const config = loadCountryNodeConfig([], { NODE_ENV: 'test', NODE_CONFIG: node });
    expect(config).toMatchObject({ country: 'KG', seedOnStart: false, dbReadPoolSize: 3, dbLockTimeoutMs: 1000, requestTimeoutMs: 20000 });
    expect(config.changeLogRetentionSeconds).toBe(30 * 86400);
    expect(loadCountryNodeConfig(['--country', 'VN'], { NODE_ENV: 'test', NODE_CONFIG: node }).country).toBe('VN'); // the flag wins
    const regional = file('port: 4901\ndatabase:\n  readPoolSize: 2\n');
    expect(loadRegionalConfig([], { NODE_ENV: 'test', REGIONAL_CONFIG: regional })).toMatchObject({ port: 4901, dbPoolSize: 2 });
  });

  test('compiled execution is on unless NODE_COMPILED_EXECUTION (or compiledExecution in the file) turns it off', () => {
    expect(loadCountryNodeConfig(['--country', 'KG'], { NODE_ENV: 'test' }).compiledExecution).toBe(true);
    expect(loadCountryNodeConfig(['--country', 'KG'], { NODE_ENV: 'test', NODE_COMPILED_EXECUTION: 'off' }).compiledExecution).toBe(false);
    expect(loadCountryNodeConfig(['--country', 'KG'], { NODE_ENV: 'test', NODE_CONFIG: file('compiledExecution: false\n') }).compiledExecution).toBe(false);
  });

  test('SEED_ON_START=0 (and no, off, false) does not seed; unset seeds', () => {
    for (const off of ['0', 'no', 'off', 'false', 'FALSE'])
      expect(loadCountryNodeConfig(['--country', 'KG'], { NODE_ENV: 'test', SEED_ON_START: off }).seedOnStart).toBe(false);
    expect(loadCountryNodeConfig(['--country', 'KG'], { NODE_ENV: 'test' }).seedOnStart).toBe(true);
    expect(() => loadRegionalConfig([], { NODE_ENV: 'test', SEED_ON_START: 'nope' })).toThrow('SEED_ON_START="nope" is not accepted');
  });

  test('bare numbers keep the unit each variable always had; units are accepted too', () => {
    const env = { NODE_ENV: 'test', REQUEST_TIMEOUT_MS: '20000', RESPONSE_CACHE_REDIS_TTL: '600', RESPONSE_CACHE_MAX_MB: '8', CACHE_MAX_AGE: '2m' };
    const config = loadGatewayConfig([], env);
    expect(config.requestTimeoutMs).toBe(20000);
    expect(config.responseCache).toMatchObject({ redisTtlSeconds: 600, maxBytes: 8 * 1024 * 1024 });
    expect(config.web.cacheMaxAgeSeconds).toBe(120);
    expect(loadGatewayConfig([], { NODE_ENV: 'test', REQUEST_TIMEOUT_MS: '20s', NODE_ANSWER_MAX_BYTES: '1MB' })).toMatchObject({
      requestTimeoutMs: 20000,
      nodeAnswer: { maxBytes: 1024 * 1024 },
    });
  });
});

describe('refused at start, in one line', () => {
  const refusal = (load: () => unknown): string => {
    try {
      load();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('\n');
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  test('an unknown key names itself and what is accepted there; a secret is not a file key', () => {
    const f = file('breaker:\n  failurs: 3\n');
    expect(refusal(() => loadGatewayConfig(['--config', f], { NODE_ENV: 'test' }))).toBe(
      `${f}: unknown setting "breaker.failurs" (accepted here: failureRatio, failures, maxOpen, minSamples, open, probeTimeout, window)`,
    );
    expect(refusal(() => loadGatewayConfig(['--config', file('auth:\n  jwtSecret: s3cret\n')], { NODE_ENV: 'test' }))).toMatch(
      /unknown setting "auth.jwtSecret"/,
    );
    // A node's file does not take the gateway's settings.
    expect(refusal(() => loadCountryNodeConfig(['--country', 'KG'], { NODE_ENV: 'test', NODE_CONFIG: file('nodeTimeout: 2s\n') }))).toMatch(
      /unknown setting "nodeTimeout"/,
    );
  });

  test('a bad value in the file names the file and key; in the environment, the variable', () => {
    const f = file('http:\n  drainTimeout: soon\n');
    expect(refusal(() => loadGatewayConfig(['--config', f], { NODE_ENV: 'test' }))).toBe(
      `${f}: http.drainTimeout="soon" is not accepted: expected a duration such as 500ms, 2s, 5m, 12h or 90d (a bare number is milliseconds)`,
    );
    expect(refusal(() => loadGatewayConfig([], { NODE_ENV: 'test', DRAIN_MS: 'x' }))).toMatch(/^DRAIN_MS="x" is not accepted: expected a duration/);
    expect(refusal(() => loadGatewayConfig([], { NODE_ENV: 'test', PAGE_FETCH: 'bogus' }))).toBe(
      'PAGE_FETCH="bogus" is not accepted: expected one of auto, topk, full',
    );
    expect(refusal(() => loadRegionalConfig([], { NODE_ENV: 'test', EMBEDDED_PG_RESTART_MS: '-1' }))).toMatch(/^EMBEDDED_PG_RESTART_MS="-1" is not accepted/);
    expect(refusal(() => loadGatewayConfig(['--config', file('http: 3\n')], { NODE_ENV: 'test' }))).toMatch(/"http" must be a map of /);
    expect(refusal(() => loadGatewayConfig(['--config', file('a: [\n')], { NODE_ENV: 'test' }))).toMatch(/is not valid YAML or JSON/);
    expect(refusal(() => loadGatewayConfig(['--config', path.join(dir, 'missing.yaml')], { NODE_ENV: 'test' }))).toMatch(/cannot be read \(ENOENT\)/);
  });
});

describe('sections that are not settings (where the subgraphs of the gateway plug in)', () => {
  beforeAll(() => {
    GATEWAY_FILE_SECTIONS.subgraphs = Type.Record(Type.String(), Type.Object({ url: Type.String() }, { additionalProperties: false }));
  });
  afterAll(() => {
    delete GATEWAY_FILE_SECTIONS.subgraphs;
  });

  test('are validated by their schema and handed over as written, beside the settings', () => {
    const f = file('nodeTimeout: 2s\nsubgraphs:\n  finance:\n    url: http://finance:4200/graphql\n');
    const config = loadGatewayConfig(['--config', f], { NODE_ENV: 'test' });
    expect(config.fileSections).toEqual({ subgraphs: { finance: { url: 'http://finance:4200/graphql' } } });
    expect(config.nodeTimeoutMs).toBe(2000);
    const bad = file('subgraphs:\n  finance:\n    url: http://finance:4200/graphql\n    timeoutt: 3s\n');
    expect(() => loadGatewayConfig(['--config', bad], { NODE_ENV: 'test' })).toThrow(`${bad}: "subgraphs.finance.timeoutt" unexpected property`);
  });
});

describe('the catalogue', () => {
  test('every setting has a unique variable, a kind, words for the reference, and a unique file key', () => {
    const envs = SETTINGS.map((s) => s.env);
    expect(new Set(envs).size).toBe(envs.length);
    for (const service of ['gateway', 'node', 'regional'] as const) {
      const keys = settingsOf(service).flatMap((s) => (s.key ? [s.key] : []));
      expect(new Set(keys).size).toBe(keys.length);
    }
    for (const s of SETTINGS) expect({ env: s.env, doc: s.doc.length > 5, default: s.default.length > 0 }).toEqual({ env: s.env, doc: true, default: true });
  });

  test('the file schema is JSON Schema refusing unknown keys, and accepts the example file', () => {
    const schema = fileSchema('gateway');
    expect(schema.additionalProperties).toBe(false);
    expect(Value.Check(schema, parseYaml(GATEWAY_YAML))).toBe(true);
    expect(Value.Check(schema, { breaker: { failurs: 3 } })).toBe(false);
  });
});

test('per-node timeouts: a node named in NODE_TIMEOUTS gets its own read cap, writes keep theirs', async () => {
  const seen: Record<string, number> = {};
  const transport = nodeDeadline({ readTimeoutMs: 3000, writeTimeoutMs: 10000, readTimeoutMsByCountry: { VN: 12000 } })({
    send: async (country, request) => {
      seen[`${country}:${request.operation}`] = request.deadline - now;
      return { country, data: {} } as never;
    },
  });
  const now = Date.now();
  jest.useFakeTimers({ now });
  try {
    const request = (operation: NodeRequest['operation']): NodeRequest => ({ query: '{x}', operation, deadline: now + 60000, headers: {} });
    await transport.send('KG', request('query'));
    await transport.send('VN', request('query'));
    await transport.send('VN', request('mutation'));
  } finally {
    jest.useRealTimers();
  }
  expect(seen).toEqual({ 'KG:query': 3000, 'VN:query': 12000, 'VN:mutation': 10000 });
});
