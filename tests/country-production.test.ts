import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { startTestNode, type TestNode } from './support/nodes.js';

/**
 * Production mode. Token verification as deployed: the node fetches the issuer's public keys from a JWKS endpoint
 * (a real HTTP server here) and accepts only RS256 tokens signed with the matching private key.
 */
let jwks: http.Server;
let node: TestNode;
let privateKey: KeyLike;
let otherKey: KeyLike;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  node = await startTestNode('KG', { env: { NODE_ENV: 'production', JWKS_URL: url, JWT_ISSUER: 'https://auth.example.org/' } });
});
afterAll(async () => {
  await node?.stop();
  await new Promise<void>((resolve) => jwks.close(() => resolve()));
});

const sign = (key: KeyLike, claims: Record<string, unknown>, issuer = 'https://auth.example.org/') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('kg-editor').setIssuer(issuer).setIssuedAt().setExpirationTime('5m').sign(key);

const CREATE = `mutation { createOrganisation(input: { country: KG, name: { lang: "en", text: "JWKS test union" } }) { id } }`;

test('an RS256 editor token from the JWKS issuer may write', async () => {
  const token = await sign(privateKey, { role: 'editor', country: 'KG' });
  const res = await node.query(CREATE, {}, { authorization: `Bearer ${token}` });
  expect(res.errors).toBeUndefined();
  expect(res.data.createOrganisation.id).toMatch(/^KG:ORG:/);
});

test('a token signed with another key, or from another issuer, is UNAUTHENTICATED', async () => {
  const forged = await sign(otherKey, { role: 'editor', country: 'KG' });
  const wrongIssuer = await sign(privateKey, { role: 'editor', country: 'KG' }, 'https://elsewhere.example.org/');
  for (const token of [forged, wrongIssuer]) {
    const res = await node.query(CREATE, {}, { authorization: `Bearer ${token}` });
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  }
});

test('in production internal details are masked: no stack trace in errors', async () => {
  const res = await node.query(CREATE, {});
  expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(res.errors?.[0].extensions.stacktrace).toBeUndefined();
});

test('in production an internal failure reaches the client as INTERNAL_SERVER_ERROR without SQL', async () => {
  await node.ds.query('ALTER TABLE event RENAME TO event_hidden');
  try {
    const res = await node.query(`{ events(first: 1) { nodes { id } } }`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toEqual(expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }));
    expect(JSON.stringify(res)).not.toMatch(/relation|SELECT|event_hidden/i);
  } finally {
    await node.ds.query('ALTER TABLE event_hidden RENAME TO event');
  }
});
