/**
 * docker-compose.replicas.yml (two gateway replicas sharing one Redis) is checked statically as
 * docker-compose.yml is: no Docker engine runs in CI. What it must keep true: both replicas are
 * the base file's gateway, point at the same Redis for rate-limit budgets and the response cache
 * with values the gateway accepts, and wait for that Redis to be healthy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, type Tags } from 'yaml';
import { settingsOf } from '../platform/config/settings/index.js';

const root = path.resolve(__dirname, '..');
// Compose's own merge tags (2.24.4+): the value as written replaces the base file's.
const composeTags: Tags = [{ tag: '!override', collection: 'seq', resolve: (v: unknown) => v } as never, { tag: '!reset', resolve: () => null } as never];
const load = (file: string) =>
  parse(fs.readFileSync(path.join(root, file), 'utf8'), { merge: true, customTags: composeTags }) as {
    services: Record<
      string,
      {
        image?: string;
        environment?: Record<string, string>;
        depends_on?: Record<string, { condition?: string }>;
        extends?: { file: string; service: string };
        ports?: unknown[];
        healthcheck?: { test?: string[] };
      }
    >;
  };
const base = load('docker-compose.yml').services;
const replicas = load('docker-compose.replicas.yml').services;
const gatewaySettings = new Map(settingsOf('gateway').map((s) => [s.env, s]));

test('the second replica is the base gateway, published on its own port', () => {
  expect(replicas['gateway-2']!.extends).toEqual({ file: 'docker-compose.yml', service: 'gateway' });
  expect(base.gateway).toBeDefined();
  expect(replicas['gateway-2']!.ports).toEqual(['4010:4000']);
});

test('both replicas keep budgets and cache in the same Redis, with settings the gateway accepts', () => {
  const redisUrls = ['gateway', 'gateway-2'].map((name) => {
    const env = replicas[name]!.environment!;
    for (const [key, value] of Object.entries(env)) {
      expect({ key, known: gatewaySettings.has(key) }).toEqual({ key, known: true });
      expect(() => gatewaySettings.get(key)!.kind.parse(value, key)).not.toThrow();
    }
    expect(replicas[name]!.depends_on?.redis?.condition).toBe('service_healthy');
    return [env.RATE_LIMIT_REDIS_URL, env.RESPONSE_CACHE_REDIS_URL];
  });
  expect(redisUrls[0]).toEqual(redisUrls[1]);
  const host = new URL(redisUrls[0]![0]!).hostname;
  expect(replicas[host]?.image).toMatch(/^redis:\d+\.\d+\.\d+-alpine$/);
  expect(replicas[host]!.healthcheck!.test).toContain('ping');
  // The base gateway's own start gate stays: a replica still waits for the regional subgraph.
  expect(replicas['gateway-2']!.depends_on?.regional?.condition).toBe(base.gateway!.depends_on!.regional!.condition);
});
