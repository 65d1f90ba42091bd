import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { chooseEncoding } from '../platform/http/compression.js';
import { webDistDir } from '../platform/package-root.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { getUrl } from './support/web.js';

/** Compression: answers and assets are sent gzip- or brotli-encoded to clients that accept it. */
let fed: TestFederation;
const BIG = '{ events(first: 100) { totalCount nodes { id title { text original translations { lang text } } sources { document excerpt } } } }';

beforeAll(async () => {
  fed = await startFederation({ countries: ['KG'] });
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

/** A raw GET (fetch would decode the body and hide Content-Encoding's effect). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('choosing the encoding', () => {
  const req = (acceptEncoding?: string) => ({ headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }) as http.IncomingMessage;
  test.each([
    [undefined, 'identity'],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0.5, br;q=0.1', 'gzip'],
    ['*', 'br'],
    ['deflate', 'identity'],
  ])('Accept-Encoding %s → %s', (header, expected) => {
    expect(chooseEncoding(req(header))).toBe(expected);
  });
});

describe('GraphQL answers', () => {
  let identity: Buffer;
  beforeAll(async () => {
    const plain = await rawGet(getUrl(fed.gateway.url, BIG));
    expect(plain.headers['content-encoding']).toBeUndefined();
    identity = plain.body;
    expect(identity.length).toBeGreaterThan(4096);
  });

  test('brotli when accepted: same bytes once decoded, smaller, tagged per encoding', async () => {
    const res = await rawGet(getUrl(fed.gateway.url, BIG), { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(identity.length / 3);
    expect(zlib.brotliDecompressSync(res.body).equals(identity)).toBe(true);
    expect(res.headers.etag).toMatch(/-br"$/);
    const revalidated = await rawGet(getUrl(fed.gateway.url, BIG), { 'accept-encoding': 'br', 'if-none-match': res.headers.etag! });
    expect(revalidated.status).toBe(304);
  });

  test('gzip when only gzip is accepted', async () => {
    const res = await rawGet(getUrl(fed.gateway.url, BIG), { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(res.body).equals(identity)).toBe(true);
  });

  test('POST answers are compressed too', async () => {
    const res = await fetch(fed.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query: BIG }),
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(((await res.json()) as any).data.events.totalCount).toBeGreaterThan(0);
  });

  test('a small answer is sent as is (compression would not pay)', async () => {
    const res = await rawGet(getUrl(fed.gateway.url, '{ countries { code } }'), { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.body.toString()).data.countries).toHaveLength(4);
  });

  test('country nodes do not compress for the gateway (it does not ask)', async () => {
    const res = await fetch(fed.nodes.get('KG')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'br' },
      body: JSON.stringify({ query: BIG }),
    });
    expect(res.headers.get('content-encoding')).toBeNull();
  });
});

describe('pages and assets', () => {
  test('the overview and its bundles come brotli-compressed; hashed bundles are immutable', async () => {
    const page = await rawGet(new URL('/', fed.gateway.url).toString(), { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    const html = zlib.brotliDecompressSync(page.body).toString();
    const script = /<script type="module" src="([^"]+)"/.exec(html)![1];
    const asset = await rawGet(new URL(script, fed.gateway.url).toString(), { 'accept-encoding': 'gzip, br' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await rawGet(new URL(script, fed.gateway.url).toString());
    expect(zlib.brotliDecompressSync(asset.body).equals(plain.body)).toBe(true);
    expect(asset.body.length).toBeLessThan(plain.body.length / 2);
  });

  test("the explorer is served at /explore with the pages' policy, and names its export worker, a script the gateway serves", async () => {
    const page = await fetch(new URL('/explore', fed.gateway.url));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const worker = /<meta name="ilo-export-worker" content="(assets\/export-sw-[A-Z0-9]{8}\.js)">/.exec(await page.text())![1];
    const script = await fetch(new URL(worker, fed.gateway.url));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('ilo-export');
  });

  test('pages are split: the overview loads no list or export code, the explorer no chart code', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(webDistDir(), 'manifest.json'), 'utf8'));
    const code = (page: string) =>
      (manifest.sizes[page].files as string[])
        .filter((f) => f.endsWith('.js'))
        .map((f) => fs.readFileSync(path.join(webDistDir(), f), 'utf8'))
        .join('\n');
    // Strings that survive minifying: Chart.js's own error text, and the export's channel name.
    expect(code('overview')).toContain('Canvas is already in use');
    expect(code('overview')).not.toContain('ilo-export');
    expect(code('explorer')).toContain('ilo-export');
    expect(code('explorer')).not.toContain('Canvas is already in use');
  });

  test('an unknown asset is 404 and a POST to a page is 405', async () => {
    expect((await fetch(new URL('/assets/nope-AAAAAAAA.js', fed.gateway.url))).status).toBe(404);
    const post = await fetch(new URL('/editor', fed.gateway.url), { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
