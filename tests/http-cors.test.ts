import { ConfigError, parseCorsConfig } from '../platform/config.js';
import { isOriginAllowed } from '../platform/http/cors.js';
import type { RunningGateway } from '../gateway/server.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { getUrl, startGatewayWith } from './support/web.js';

/** CORS: allowed origins get working preflights and readable answers; others are refused. */
let fed: TestFederation;
let production: RunningGateway;
let listed: RunningGateway;
let anyOrigin: RunningGateway;

beforeAll(async () => {
  fed = await startFederation({ countries: ['KG'] });
  production = await startGatewayWith(fed, { NODE_ENV: 'production' });
  listed = await startGatewayWith(fed, { NODE_ENV: 'production', CORS_ORIGINS: 'https://bi.example.org, https://dash.example.org', CORS_CREDENTIALS: 'true' });
  anyOrigin = await startGatewayWith(fed, { NODE_ENV: 'production', CORS_ORIGINS: '*' });
}, 120000);
afterAll(async () => {
  await Promise.all([production, listed, anyOrigin].map((g) => g?.close()));
  await fed?.stop();
});

function preflight(url: string, origin: string, headers = 'content-type, authorization, idempotency-key') {
  return fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });
}

describe('settings', () => {
  test('development allows localhost origins by default, production none', () => {
    const dev = parseCorsConfig({}, 'development');
    expect(isOriginAllowed(dev, 'http://localhost:5173')).toBe(true);
    expect(isOriginAllowed(dev, 'http://127.0.0.1:8080')).toBe(true);
    expect(isOriginAllowed(dev, 'http://[::1]:3000')).toBe(true);
    expect(isOriginAllowed(dev, 'http://localhost.evil.example')).toBe(false);
    expect(isOriginAllowed(dev, 'https://bi.example.org')).toBe(false);
    const prod = parseCorsConfig({}, 'production');
    expect(isOriginAllowed(prod, 'http://localhost:5173')).toBe(false);
  });

  test('CORS_ORIGINS lists exact origins and replaces the default', () => {
    const config = parseCorsConfig({ CORS_ORIGINS: 'https://bi.example.org' }, 'development');
    expect(isOriginAllowed(config, 'https://bi.example.org')).toBe(true);
    expect(isOriginAllowed(config, 'https://bi.example.org:8443')).toBe(false);
    expect(isOriginAllowed(config, 'http://localhost:5173')).toBe(false);
    expect(parseCorsConfig({ CORS_ORIGINS: '' }, 'development')).toEqual({ origins: [], localhost: false, credentials: false });
  });

  test('malformed settings are refused with a clear message', () => {
    expect(() => parseCorsConfig({ CORS_ORIGINS: 'https://bi.example.org/' }, 'production')).toThrow(/exactly an origin, e.g. https:\/\/bi.example.org/);
    expect(() => parseCorsConfig({ CORS_ORIGINS: 'bi.example.org' }, 'production')).toThrow(ConfigError);
    expect(() => parseCorsConfig({ CORS_ORIGINS: '*', CORS_CREDENTIALS: 'true' }, 'production')).toThrow(/cannot be combined/);
    expect(() => parseCorsConfig({ CORS_CREDENTIALS: 'maybe' }, 'production')).toThrow(/true, false/);
  });
});

describe('development gateway (localhost origins)', () => {
  test('a preflight from a localhost origin is allowed with the headers clients send', async () => {
    const res = await preflight(fed.gateway.url, 'http://localhost:5173');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
    const allowed = res.headers.get('access-control-allow-headers')!.split(',');
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'authorization', 'idempotency-key']));
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('vary')).toMatch(/Origin/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('a preflight from any other origin is refused and names the setting', async () => {
    const res = await preflight(fed.gateway.url, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await res.json()) as any).error).toMatch(/CORS_ORIGINS/);
  });

  test('an answer to an allowed origin is readable by its scripts (and exposes ETag)', async () => {
    const res = await fetch(getUrl(fed.gateway.url, '{ countries { code } }'), { headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-expose-headers')).toBe('etag');
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  test('an answer to an unlisted origin carries no CORS headers, so its scripts cannot read it', async () => {
    const res = await fetch(getUrl(fed.gateway.url, '{ countries { code } }'), { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('production gateway', () => {
  test('allows no foreign origin by default, not even localhost', async () => {
    expect((await preflight(production.url, 'http://localhost:5173')).status).toBe(403);
  });

  test('allows exactly the listed origins, with credentials when configured', async () => {
    const ok = await preflight(listed.url, 'https://dash.example.org');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://dash.example.org');
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    const refused = await preflight(listed.url, 'https://other.example.org');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('a preflight asking for a header clients never need is not granted it', async () => {
    const res = await preflight(listed.url, 'https://bi.example.org', 'content-type, x-internal-debug');
    expect(res.headers.get('access-control-allow-headers')).not.toMatch(/x-internal-debug/);
  });

  test('has no development token endpoint', async () => {
    const res = await fetch(new URL('/dev/token', production.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"country":"KG"}',
    });
    expect(res.status).toBe(404);
  });

  test('CORS_ORIGINS=* answers any origin with a literal * and no credentials', async () => {
    const res = await preflight(anyOrigin.url, 'https://anyone.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
