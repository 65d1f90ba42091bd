import { createHash } from 'node:crypto';
import { Client, fetchExchange, gql } from '@urql/core';
import { etagForEncoding, etagMatches, strongEtag } from '../platform/http/cache.js';
import type { RunningGateway } from '../gateway/server.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { getUrl, startGatewayWith, testToken } from './support/web.js';

/** Cacheable reads: GET queries carry Cache-Control, a strong ETag, 304s and Vary; mutations never run over GET. */
let fed: TestFederation;
let configured: RunningGateway;
let token: string;
const QUERY = '{ countries { code } events(first: 3) { totalCount nodes { id } } }';

beforeAll(async () => {
  fed = await startFederation({ countries: ['KG', 'MN'], nodeTimeoutMs: 3000 });
  configured = await startGatewayWith(fed, { CACHE_MAX_AGE: '300' });
  token = await testToken('KG');
}, 120000);
afterAll(async () => {
  await configured?.close();
  await fed?.stop();
});

describe('ETag comparison', () => {
  test('a tag is strong, per body and per content-coding', () => {
    const tag = strongEtag('{"data":1}');
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(strongEtag('{"data":2}')).not.toBe(tag);
    expect(etagForEncoding(tag, 'br')).toBe(`${tag.slice(0, -1)}-br"`);
    expect(etagForEncoding(tag, 'identity')).toBe(tag);
  });

  test('If-None-Match uses weak comparison, lists and *', () => {
    const tag = strongEtag('x');
    expect(etagMatches(tag, tag)).toBe(true);
    expect(etagMatches(`W/${tag}`, tag)).toBe(true);
    expect(etagMatches(`"other", ${etagForEncoding(tag, 'gzip')}`, etagForEncoding(tag, 'br'))).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
    expect(etagMatches('"other"', tag)).toBe(false);
    expect(etagMatches(undefined, tag)).toBe(false);
  });
});

describe('GET queries', () => {
  test('a complete anonymous answer is public for the default max-age, with a strong ETag and Vary', async () => {
    const res = await fetch(getUrl(fed.gateway.url, QUERY));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(res.headers.get('vary')).toBe('Accept, Accept-Encoding, Authorization');
    const body = await res.text();
    expect(JSON.parse(body).data.events.totalCount).toBeGreaterThan(0);
    expect(etag).toBe(`"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`);
  });

  test('CACHE_MAX_AGE sets the max-age', async () => {
    const res = await fetch(getUrl(configured.url, QUERY));
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  test('If-None-Match with the current tag → 304 without a body; a stale tag → 200', async () => {
    const first = await fetch(getUrl(fed.gateway.url, QUERY));
    const etag = first.headers.get('etag')!;
    const again = await fetch(getUrl(fed.gateway.url, QUERY), { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await again.text()).toBe('');
    const weak = await fetch(getUrl(fed.gateway.url, QUERY), { headers: { 'if-none-match': `W/${etag}` } });
    expect(weak.status).toBe(304);
    const stale = await fetch(getUrl(fed.gateway.url, QUERY), { headers: { 'if-none-match': '"not-the-current-tag"' } });
    expect(stale.status).toBe(200);
  });

  test('a change to the data changes the tag, so a cached copy is not revalidated as fresh', async () => {
    const q = '{ events(filter: { countries: [KG] }, orderBy: UPDATED_AT_DESC, first: 1) { totalCount } }';
    const before = await fetch(getUrl(fed.gateway.url, q));
    const etag = before.headers.get('etag')!;
    const created = await fed.query(
      'mutation { createEvent(input: { country: KG, title: { lang: "en", text: "Cache probe" }, type: MEETING }) { id } }',
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(created.errors).toBeUndefined();
    const after = await fetch(getUrl(fed.gateway.url, q), { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
  });

  test('an answer to a request with Authorization is private and not stored, without an ETag', async () => {
    const res = await fetch(getUrl(fed.gateway.url, QUERY), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('etag')).toBeNull();
  });

  test('an answer with errors (bad input) is not stored', async () => {
    const res = await fetch(getUrl(fed.gateway.url, '{ events(filter: { from: "2017-13-45" }) { totalCount } }'));
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('etag')).toBeNull();
  });

  test('a request GraphQL cannot run (no query) is not stored either', async () => {
    const res = await fetch(getUrl(fed.gateway.url, ''), { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });

  test('POST answers carry no cache headers (HTTP caches do not keep them)', async () => {
    const res = await fetch(fed.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBeNull();
    expect(res.headers.get('etag')).toBeNull();
  });

  test('urql with its defaults (GET within the URL limit) works out of the box', async () => {
    const methods: string[] = [];
    const client = new Client({
      url: fed.gateway.url,
      exchanges: [fetchExchange],
      fetch: (input, init) => {
        methods.push(init?.method ?? 'GET');
        return fetch(input, init);
      },
    });
    const result = await client
      .query(
        gql`
          {
            countries {
              code
            }
          }
        `,
        {},
      )
      .toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data.countries.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['KG', 'MN']));
    expect(methods).toEqual(['GET']);
  });
});

describe('mutations over GET', () => {
  test('are refused with 405 and Allow: POST, and write nothing', async () => {
    const count = async () => (await fed.query('{ events(filter: { countries: [KG], text: "Over GET" }) { totalCount } }')).data.events.totalCount;
    const mutation = 'mutation { createEvent(input: { country: KG, title: { lang: "en", text: "Over GET" }, type: MEETING }) { id } }';
    const res = await fetch(getUrl(fed.gateway.url, mutation), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(await count()).toBe(0);
  });
});

describe('automatic persisted queries over GET', () => {
  const query = '{ countries { code name { text } } }';
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const extensions = { persistedQuery: { version: 1, sha256Hash } };

  test('hash only → PERSISTED_QUERY_NOT_FOUND (not stored); with the query → registered; then hash only → cacheable answer', async () => {
    const miss = await fetch(getUrl(fed.gateway.url, '', undefined, extensions));
    const missBody = (await miss.json()) as any;
    expect(missBody.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(miss.headers.get('cache-control')).toBe('private, no-store');

    const register = await fetch(getUrl(fed.gateway.url, query, undefined, extensions));
    expect(register.status).toBe(200);
    expect(((await register.json()) as any).data.countries.length).toBe(4);

    const hit = await fetch(getUrl(fed.gateway.url, '', undefined, extensions));
    expect(hit.status).toBe(200);
    expect(((await hit.json()) as any).data.countries.length).toBe(4);
    expect(hit.headers.get('cache-control')).toBe('public, max-age=60');
    const revalidated = await fetch(getUrl(fed.gateway.url, '', undefined, extensions), { headers: { 'if-none-match': hit.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
  });
});

describe('partial answers', () => {
  test('are never cached: a country down makes the answer private, no-store', async () => {
    fed.proxies.get('MN')!.mode = 'hang';
    try {
      const res = await fetch(getUrl(fed.gateway.url, '{ events(first: 5) { totalCount nodes { id } } }'));
      const body = (await res.json()) as any;
      expect(body.errors.map((e: any) => [e.extensions.code, e.extensions.country])).toEqual([['COUNTRY_UNAVAILABLE', 'MN']]);
      expect(body.data.events.totalCount).toBeGreaterThan(0);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('etag')).toBeNull();
    } finally {
      fed.proxies.get('MN')!.mode = 'pass';
    }
  });
});

describe('the IDE on the same URL', () => {
  test('a browser (Accept: text/html) gets the IDE, a GraphQL client JSON, and both vary on Accept', async () => {
    const html = await fetch(fed.gateway.url, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('vary')).toMatch(/Accept,/);
    expect(await html.text()).toMatch(/<div id="ide">/);
    const json = await fetch(getUrl(fed.gateway.url, '{ countries { code } }'), { headers: { accept: '*/*' } });
    expect(json.headers.get('content-type')).toMatch(/json/);
  });

  test('IDE=false turns it off', async () => {
    const off = await startGatewayWith(fed, { IDE: 'false' });
    try {
      const res = await fetch(off.url, { headers: { accept: 'text/html' } });
      expect(res.headers.get('content-type')).not.toMatch(/html/);
    } finally {
      await off.close();
    }
  });
});
