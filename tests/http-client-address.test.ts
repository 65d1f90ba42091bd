import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGatewayConfig } from '../platform/config.js';
import { clientAddress, parseTrustProxy, trustFunction, type TrustProxy } from '../platform/http/client-address.js';
import { createRateLimiter } from '../gateway/rate-limit.js';

// TRUST_PROXY: the client address is the one the nearest trusted proxy saw, never the leftmost
// X-Forwarded-For entry a client wrote itself.

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as http.IncomingMessage;
const address = (trust: TrustProxy, remote: string, forwardedFor?: string) => clientAddress(request(remote, forwardedFor), trustFunction(trust));

describe('TRUST_PROXY values', () => {
  test('false, true, hop counts and address lists', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('true')).toEqual(['loopback']);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy(' 10.0.0.5, 10.1.0.0/16 ,loopback')).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback']);
  });

  test('anything else is a configuration error naming the setting', () => {
    expect(() => parseTrustProxy('10.0.0.300')).toThrow(/TRUST_PROXY must be/);
    expect(() => parseTrustProxy('proxy.example.org')).toThrow(/TRUST_PROXY must be/);
    expect(() => parseTrustProxy('1000')).toThrow(/hop count up to 100/);
    expect(() => loadGatewayConfig([], { NODE_ENV: 'production', JWT_SECRET: 's', TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });
});

describe('the client address', () => {
  test('without trust: the socket peer, whatever X-Forwarded-For says', () => {
    expect(address(false, '203.0.113.9', '6.6.6.6')).toBe('203.0.113.9');
    expect(address(false, '::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  test('one hop: what the proxy appended (the rightmost entry), not what the client wrote', () => {
    expect(address(1, '10.0.0.2', '6.6.6.6, 203.0.113.9')).toBe('203.0.113.9');
    expect(address(1, '10.0.0.2')).toBe('10.0.0.2'); // a request that bypassed the proxy's header
  });

  test('two hops: the entry the second proxy saw', () => {
    expect(address(2, '10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.3')).toBe('203.0.113.9');
  });

  test('a named proxy: trusted hops are skipped from the right, the first other address is the client', () => {
    const proxies = ['10.0.0.0/24'];
    expect(address(proxies, '10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.3')).toBe('203.0.113.9');
    // A client that reaches the service directly (not through a trusted proxy) cannot choose its address.
    expect(address(proxies, '198.51.100.4', '10.0.0.7, 6.6.6.6')).toBe('198.51.100.4');
  });

  test('true trusts only a proxy on this machine', () => {
    expect(address(parseTrustProxy('true'), '127.0.0.1', '6.6.6.6, 203.0.113.9')).toBe('203.0.113.9');
    expect(address(parseTrustProxy('true'), '10.0.0.2', '6.6.6.6')).toBe('10.0.0.2');
  });

  test('an entry that is not an address (a hop count larger than the real chain) falls back to the nearest trusted hop', () => {
    expect(address(3, '10.0.0.2', 'evil, 203.0.113.9')).toBe('203.0.113.9');
    expect(address(3, '10.0.0.2', `${'x'.repeat(5000)}, 203.0.113.9`)).toBe('203.0.113.9');
  });
});

describe('the rate limit over real HTTP behind one trusted proxy', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    const limiter = createRateLimiter({ requests: 2, windowSeconds: 60, refusals: 0, trustProxy: 1 }, null);
    server = http.createServer((req, res) => {
      limiter.admit(req, {}).then(
        () => res.writeHead(200).end('ok'),
        (refusal: { extensions?: { code?: string } }) => res.writeHead(429).end(refusal.extensions?.code ?? 'error'),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A request as the proxy (at 127.0.0.1) forwards it: the client's own header, then the address the proxy saw. */
  const viaProxy = (written: string | null, seen: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port, path: '/', agent: false, headers: { 'x-forwarded-for': written ? `${written}, ${seen}` : seen } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
    });

  test('a client cannot escape its budget by writing X-Forwarded-For, nor spend a victim’s', async () => {
    const attacker = '203.0.113.66';
    const victim = '198.51.100.7';
    expect(await viaProxy('1.1.1.1', attacker)).toBe(200);
    expect(await viaProxy('2.2.2.2', attacker)).toBe(200);
    expect(await viaProxy('3.3.3.3', attacker)).toBe(429); // a new leftmost entry is not a new client
    for (let i = 0; i < 5; i++) expect(await viaProxy(victim, attacker)).toBe(429); // naming the victim costs only the attacker
    expect(await viaProxy(null, victim)).toBe(200);
    expect(await viaProxy(null, victim)).toBe(200);
  });
});
