import { startFederation, type TestFederation } from './support/federation.js';
import { getUrl, testToken } from './support/web.js';

/**
 * Cross-site forgery: nothing that could change data is accepted from what a foreign page can
 * send without a preflight (an HTML form or a "simple" fetch), yet plain GET queries work.
 */
let fed: TestFederation;
let token: string;
const MUTATION = (title: string) => `mutation { createEvent(input: { country: KG, title: { lang: "en", text: "${title}" }, type: MEETING }) { id } }`;
const count = async (title: string) => (await fed.query(`{ events(filter: { countries: [KG], text: "${title}" }) { totalCount } }`)).data.events.totalCount;

beforeAll(async () => {
  fed = await startFederation({ countries: ['KG'] });
  token = await testToken('KG');
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

test.each([
  ['text/plain', (q: string) => JSON.stringify({ query: q })],
  ['text/plain;charset=UTF-8', (q: string) => JSON.stringify({ query: q })],
  ['application/x-www-form-urlencoded', (q: string) => new URLSearchParams({ query: q }).toString()],
  ['multipart/form-data; boundary=x', (q: string) => `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${q}\r\n--x--\r\n`],
])('a POST as %s (sendable by a cross-site form) is refused with 415 and writes nothing', async (type, body) => {
  const title = `Forged ${type.split(/[;/]/)[1]}`;
  const res = await fetch(fed.gateway.url, {
    method: 'POST',
    headers: { 'content-type': type, authorization: `Bearer ${token}`, origin: 'https://evil.example' },
    body: body(MUTATION(title)),
  });
  expect(res.status).toBe(415);
  const answer = (await res.json()) as any;
  expect(answer.errors[0].message).toMatch(/Content-Type: application\/json/);
  expect(await count(title)).toBe(0);
});

test('a POST without a content type is refused too', async () => {
  const res = await fetch(fed.gateway.url, {
    method: 'POST',
    body: new Uint8Array(Buffer.from(JSON.stringify({ query: MUTATION('No type') }))),
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(415);
  expect(await count('No type')).toBe(0);
});

test('the same mutation as JSON (which needs a CORS preflight cross-site) is accepted', async () => {
  const res = await fetch(fed.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: MUTATION('Proper JSON') }),
  });
  expect(res.status).toBe(200);
  expect(await count('Proper JSON')).toBe(1);
});

test('a plain GET query needs no special header (Apollo csrfPrevention used to refuse it)', async () => {
  const res = await fetch(getUrl(fed.gateway.url, '{ countries { code } }'));
  expect(res.status).toBe(200);
  expect(((await res.json()) as any).data.countries.length).toBe(4);
});

test('country nodes follow the same rules', async () => {
  const node = fed.nodes.get('KG')!;
  const get = await fetch(getUrl(node.url, '{ _service { sdl } }'));
  expect(get.status).toBe(200);
  const form = await fetch(node.url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: MUTATION('Node forged') }),
  });
  expect(form.status).toBe(415);
  expect(await count('Node forged')).toBe(0);
});

test('the development token endpoint only takes JSON as well', async () => {
  const url = new URL('/dev/token', fed.gateway.url);
  const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"country":"KG"}' });
  expect(forged.status).toBe(415);
  const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"country":"kg"}' });
  expect(ok.status).toBe(200);
  const { token: issued } = (await ok.json()) as any;
  const write = await fed.query(MUTATION('Dev token write'), {}, { authorization: `Bearer ${issued}` });
  expect(write.errors).toBeUndefined();
  const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"country":"Kyrgyzstan"}' });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as any).error).toMatch(/two-letter country code/);
  expect((await fetch(url)).status).toBe(405);
});
