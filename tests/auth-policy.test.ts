import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SignJWT, type JWTPayload } from 'jose';
import { createVerifier, tokenPolicyViolation } from '../platform/auth.js';
import { DEV_JWT_SECRET, loadGatewayConfig, type AuthConfig } from '../platform/config.js';
import { mutationTokenProblem } from '../gateway/mutation-auth.js';
import { createRateLimiter } from '../gateway/rate-limit.js';
import type http from 'node:http';

const SECRET = 'auth-policy-test-secret-0123456789';
const CONFIG: AuthConfig = { jwtSecret: SECRET, maxLifetimeSeconds: 12 * 3600, clockSkewSeconds: 60 };
const verifier = createVerifier(CONFIG);
const now = () => Math.floor(Date.now() / 1000);

function sign(claims: JWTPayload, secret = SECRET): Promise<string> {
  return new SignJWT({ role: 'editor', country: 'KG', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('policy-test')
    .sign(new TextEncoder().encode(secret));
}
const principal = async (claims: JWTPayload) => verifier.principalFrom(`Bearer ${await sign(claims)}`);

describe('token policy (every node and the gateway)', () => {
  test('a token without exp is refused', async () => {
    expect(await principal({ iat: now() })).toEqual({ kind: 'invalid', reason: expect.stringMatching(/exp/) });
  });

  test('a lifetime over the maximum is refused, with or without iat', async () => {
    expect(await principal({ iat: now(), exp: now() + 13 * 3600 })).toEqual({ kind: 'invalid', reason: expect.stringMatching(/lifetime/) });
    expect(await principal({ exp: now() + 30 * 24 * 3600 })).toEqual({ kind: 'invalid', reason: expect.stringMatching(/lifetime/) });
    expect(await principal({ iat: now(), exp: now() + 12 * 3600 })).toMatchObject({ kind: 'user', sub: 'policy-test', role: 'editor', country: 'KG' });
  });

  test('nbf is honoured, with the clock skew', async () => {
    expect(await principal({ iat: now(), exp: now() + 3600, nbf: now() + 300 })).toMatchObject({ kind: 'invalid' });
    expect(await principal({ iat: now(), exp: now() + 3600, nbf: now() + 30 })).toMatchObject({ kind: 'user' });
  });

  test('exp is checked with the clock skew; iat may not be in the future', async () => {
    expect(await principal({ iat: now() - 3600, exp: now() - 30 })).toMatchObject({ kind: 'user' });
    expect(await principal({ iat: now() - 3600, exp: now() - 120 })).toMatchObject({ kind: 'invalid' });
    expect(await principal({ iat: now() + 600, exp: now() + 3600 })).toEqual({ kind: 'invalid', reason: expect.stringMatching(/future/) });
  });

  test('the policy alone, as the gateway applies it without verification settings', () => {
    expect(tokenPolicyViolation({ exp: 1000, iat: 0 }, CONFIG, 500)).toBeNull();
    expect(tokenPolicyViolation({ iat: 0 }, CONFIG, 500)).toMatch(/exp/);
    expect(tokenPolicyViolation({ exp: 50_000, iat: 0 }, CONFIG, 500)).toMatch(/lifetime 50000 s exceeds the maximum of 43200 s/);
  });
});

describe('the gateway refuses a mutation without a usable token before any node is asked', () => {
  const policy = { maxLifetimeSeconds: CONFIG.maxLifetimeSeconds, clockSkewSeconds: CONFIG.clockSkewSeconds };
  test('with verification settings: the token is verified as the nodes will', async () => {
    expect(await mutationTokenProblem(undefined, verifier, policy)).toMatch(/no Authorization/);
    expect(await mutationTokenProblem('Bearer nope', verifier, policy)).toMatch(/not "Bearer <JWT>"/);
    expect(await mutationTokenProblem(`Bearer ${await sign({ exp: now() + 60 }, 'another-secret-entirely-0123456789')}`, verifier, policy)).toMatch(
      /signature/,
    );
    expect(await mutationTokenProblem(`Bearer ${await sign({ iat: now(), exp: now() + 60 })}`, verifier, policy)).toBeNull();
  });

  test('without them: a JWT within the expiry policy', async () => {
    expect(await mutationTokenProblem('Bearer a.b.c', null, policy)).toMatch(/not a JWT/);
    expect(await mutationTokenProblem(`Bearer ${await sign({ iat: now() })}`, null, policy)).toMatch(/exp/);
    expect(await mutationTokenProblem(`Bearer ${await sign({ iat: now() - 7200, exp: now() - 3600 })}`, null, policy)).toMatch(/expired/);
    expect(await mutationTokenProblem(`Bearer ${await sign({ iat: now(), exp: now() + 60 })}`, null, policy)).toBeNull();
  });
});

describe('per-client rate limit at the gateway', () => {
  const request = (address: string, authorization?: string) =>
    ({ headers: authorization ? { authorization } : {}, socket: { remoteAddress: address } }) as unknown as http.IncomingMessage;

  test('counts by verified token subject, else by address; over budget is RATE_LIMITED with Retry-After', async () => {
    const limiter = createRateLimiter({ requests: 2, windowSeconds: 30, refusals: 0, trustProxy: false }, verifier);
    await limiter.admit(request('10.0.0.1'), {});
    await limiter.admit(request('10.0.0.1'), {});
    const refusal = await limiter.admit(request('10.0.0.1'), {}).catch((e) => e);
    expect(refusal.extensions).toMatchObject({ code: 'RATE_LIMITED', http: { status: 429 } });
    expect(Number(refusal.extensions.http.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client, and the same address with a verified token, have their own budgets.
    await limiter.admit(request('10.0.0.2'), {});
    const token = `Bearer ${await sign({ iat: now(), exp: now() + 600 })}`;
    await limiter.admit(request('10.0.0.1', token), {});
    await limiter.admit(request('10.0.0.9', token), {});
    await expect(limiter.admit(request('10.0.0.7', token), {})).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    // A token that does not verify counts against the address.
    await expect(limiter.admit(request('10.0.0.1', 'Bearer forged.token.here'), {})).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
  });

  test('the budget comes back a window later and Retry-After counts down to it (fake clock)', async () => {
    // The window is time as logic: jest's clock moves it, no test waits 30 s.
    jest.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
    try {
      const limiter = createRateLimiter({ requests: 1, windowSeconds: 30, refusals: 0, trustProxy: false }, verifier);
      await limiter.admit(request('10.2.0.1'), {});
      jest.advanceTimersByTime(10_000);
      const refusal = await limiter.admit(request('10.2.0.1'), {}).catch((e) => e);
      expect(refusal.extensions.code).toBe('RATE_LIMITED');
      expect(refusal.extensions.http.headers.get('retry-after')).toBe('20');
      jest.advanceTimersByTime(19_000);
      await expect(limiter.admit(request('10.2.0.1'), {})).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
      jest.advanceTimersByTime(1_001);
      await limiter.admit(request('10.2.0.1'), {});
    } finally {
      jest.useRealTimers();
    }
  });

  test('blocks a client whose operations keep being refused as too complex, before parsing', async () => {
    const limiter = createRateLimiter({ requests: 1000, windowSeconds: 30, refusals: 2, trustProxy: false }, verifier);
    const refusedOnce = async (address: string) => {
      const context = {};
      await limiter.admit(request(address), context);
      const listener = await limiter.plugin.requestDidStart!({} as never);
      await (listener as any).didEncounterErrors({
        contextValue: context,
        errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, originalError: { extensions: { code: 'QUERY_TOO_COMPLEX' } } }],
      });
    };
    for (let i = 0; i < 3; i++) await refusedOnce('10.1.0.1');
    await expect(limiter.admit(request('10.1.0.1'), {})).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', http: { status: 429 } } });
    await limiter.admit(request('10.1.0.2'), {});
  });

  test('is off by default in development and on in production', () => {
    const nodes = { COUNTRY_NODES: 'MN=http://127.0.0.1:1/graphql' };
    expect(loadGatewayConfig([], { ...nodes, NODE_ENV: 'development' }).rateLimit).toBeNull();
    expect(loadGatewayConfig([], { ...nodes, NODE_ENV: 'production' }).rateLimit).toMatchObject({ requests: 600, windowSeconds: 60, refusals: 10 });
    expect(loadGatewayConfig([], { ...nodes, NODE_ENV: 'production', RATE_LIMIT_REQUESTS: '0' }).rateLimit).toBeNull();
    expect(loadGatewayConfig([], { ...nodes, NODE_ENV: 'production' }).guard.introspection).toBe(false);
    expect(loadGatewayConfig([], { ...nodes, NODE_ENV: 'production', INTROSPECTION: 'true' }).guard.introspection).toBe(true);
    expect(loadGatewayConfig([], { ...nodes, NODE_ENV: 'development' }).guard.introspection).toBe(true);
  });
});

describe('npm run token', () => {
  const script = path.resolve(__dirname, '../dist/scripts/token.js');
  const run = (args: string[], env: Record<string, string> = {}) => {
    const { JWT_SECRET: _drop, JWT_MAX_LIFETIME: _max, ...inherited } = process.env;
    return spawnSync(process.execPath, [script, ...args], { env: { ...inherited, NODE_ENV: 'development', ...env }, encoding: 'utf8' });
  };

  test('mints tokens the policy accepts and refuses lifetimes it would not', async () => {
    const ok = run(['--role', 'reader']);
    expect(ok.status).toBe(0);
    const devVerifier = createVerifier({ ...CONFIG, jwtSecret: DEV_JWT_SECRET });
    expect(await devVerifier.principalFrom(`Bearer ${ok.stdout.trim()}`)).toMatchObject({ kind: 'user', role: 'reader' });
    const tooLong = run(['--role', 'reader', '--expires', '7d']);
    expect(tooLong.status).toBe(1);
    expect(tooLong.stderr).toMatch(/longer than the maximum token lifetime of 43200 s/);
    expect(run(['--role', 'reader', '--expires', '7d'], { JWT_MAX_LIFETIME: '8d' }).status).toBe(0);
  });
});
