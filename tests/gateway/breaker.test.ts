import { loadGatewayConfig } from '../../platform/config.js';
import { CircuitBreakers, type BreakerClock, type BreakerOptions } from '../../gateway/transport/breaker.js';
import { composeTransport, failed, untrusted, type NodeAnswer, type NodeRequest, type Transport } from '../../gateway/transport/transport.js';

// Every test builds its own breaker and node on Jest's fake timers: time moves only when a test
// advances it, so open times, probes and the failure window are exact, and no test waits.

const request = (): NodeRequest => ({ query: '{ x }', operation: 'query', deadline: Date.now() + 60_000, headers: {} });

type Behaviour = 'ok' | 'garbage' | 'timeout' | 'no-time';

/** One node behind the breaker: how it answers GraphQL, and what its `/health` says (null: passes). */
function setup(options: Partial<BreakerOptions> = {}) {
  const node = { behaviour: 'ok' as Behaviour, health: null as string | null, sent: 0, probes: 0 };
  const base: Transport = {
    async send(country): Promise<NodeAnswer> {
      if (node.behaviour === 'no-time') return failed(country, 'no time left', false, 'no-time');
      node.sent += 1;
      if (node.behaviour === 'garbage') return untrusted(country, 'data is null without an error');
      if (node.behaviour === 'timeout') return failed(country, 'no answer within 3000 ms', true, 'timeout');
      return { country, response: { data: { x: 1 } } };
    },
  };
  const changes: string[] = [];
  const breakers = new CircuitBreakers(
    { failureThreshold: 3, openMs: 1000, maxOpenMs: 8000, windowMs: 10_000, minSamples: 10, failureRatio: 0.5, ...options },
    async () => {
      node.probes += 1;
      return node.health;
    },
    (country, status) => changes.push(`${country} ${status.state}`),
  );
  const t = composeTransport(base, breakers.plugin);
  const send = async () => {
    const answer = await t.send('MN', request());
    return answer.failure ? answer.failure.kind : 'ok';
  };
  /** Sends `pattern` in order: `x` a node fault (garbage), `.` a good answer. */
  const play = async (pattern: string) => {
    for (const c of pattern) {
      node.behaviour = c === 'x' ? 'garbage' : 'ok';
      await send();
    }
  };
  const state = () => breakers.status('MN').state;
  return { node, breakers, send, play, state, changes };
}

let current: ReturnType<typeof setup> | null = null;
const circuit = (options?: Partial<BreakerOptions>) => (current = setup(options));

beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-12-07T10:00:00Z') }));
afterEach(() => {
  current?.breakers.stop();
  current = null;
  jest.useRealTimers();
});

describe('closed: what opens the circuit', () => {
  test('consecutive faults open it at once; then it refuses without asking the node', async () => {
    const c = circuit();
    await c.play('xxx');
    expect(c.breakers.status('MN')).toMatchObject({ state: 'open', reason: expect.stringContaining('3 consecutive failures') });
    const sent = c.node.sent;
    const refused = await c.breakers.plugin({ send: async () => ({ country: 'MN', response: {} }) }).send('MN', request());
    expect(refused.failure).toMatchObject({
      kind: 'refused',
      sent: false,
      reason: expect.stringMatching(/^circuit open \(.*\); next health probe in 1000 ms$/),
    });
    expect(c.node.sent).toBe(sent);
    expect(c.breakers.status('KG').state).toBe('closed'); // one circuit per node
  });

  test('a failure rate at the threshold opens it, though no three faults come in a row', async () => {
    const c = circuit();
    await c.play('xx.xx.xx.'); // 6 of 9: under the minimum of 10 answers
    expect(c.state()).toBe('closed');
    await c.play('x'); // 7 of 10
    expect(c.breakers.status('MN')).toMatchObject({ state: 'open', reason: expect.stringMatching(/^7 of the last 10 answers failed, last: data is null/) });
  });

  test('below the ratio it stays closed, however many answers', async () => {
    const c = circuit();
    await c.play('x.x..'.repeat(20)); // 40 %
    expect(c.breakers.status('MN')).toMatchObject({ state: 'closed', window: { samples: 100, failures: 40 } });
  });

  test('below the minimum of answers even all faults keep it closed (the consecutive rule aside)', async () => {
    const c = circuit({ failureThreshold: 50, minSamples: 20 });
    await c.play('x'.repeat(19));
    expect(c.state()).toBe('closed');
    await c.play('x');
    expect(c.state()).toBe('open');
  });

  test('the window forgets: faults older than it no longer count', async () => {
    const c = circuit();
    await c.play('xx.xx.xx.'); // 6 of 9
    await jest.advanceTimersByTimeAsync(10_000);
    expect(c.breakers.status('MN').window).toEqual({ samples: 0, failures: 0 });
    await c.play('.x.x.x.x.x'); // 5 of 10: opens, counting none of the 6 earlier faults
    expect(c.state()).toBe('open');
    expect(c.breakers.status('MN').reason).toMatch(/^5 of the last 10/);
  });

  test("a refusal or the client's spent budget is not the node's fault", async () => {
    const c = circuit({ failureThreshold: 1, minSamples: 1 });
    c.node.behaviour = 'no-time';
    for (let i = 0; i < 5; i++) expect(await c.send()).toBe('no-time');
    expect(c.breakers.status('MN')).toMatchObject({ state: 'closed', window: { samples: 0, failures: 0 } });
  });
});

describe('open, then half-open: the health probe and the one trial request', () => {
  test('after the open time it probes /health; a failing probe sends nothing and doubles the wait, up to the longest', async () => {
    const c = circuit();
    await c.play('xxx');
    c.node.health = 'health answered HTTP 503';
    const sent = c.node.sent;
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const next = Date.parse(c.breakers.status('MN').nextProbeAt!) - Date.now();
      waits.push(next);
      await jest.advanceTimersByTimeAsync(next);
      expect(c.breakers.status('MN')).toMatchObject({ state: 'open', reason: 'health probe failed: health answered HTTP 503' });
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(c.node.probes).toBe(5);
    expect(c.node.sent).toBe(sent); // a hung node costs no client request
  });

  test('a passing probe admits exactly one real request; the others are refused until it settles', async () => {
    const c = circuit();
    await c.play('xxx');
    await jest.advanceTimersByTimeAsync(1000);
    expect(c.breakers.status('MN')).toMatchObject({ state: 'half-open', nextProbeAt: null });
    const sent = c.node.sent;
    c.node.behaviour = 'ok';
    const answers = await Promise.all([c.send(), c.send(), c.send()]);
    expect(answers).toEqual(['ok', 'refused', 'refused']);
    expect(c.node.sent).toBe(sent + 1);
    expect(c.state()).toBe('closed'); // the trial's success closed it
    expect(c.changes).toEqual(['MN open', 'MN half-open', 'MN closed']);
  });

  test('a node that passes /health but answers garbage: the probe never closes it, each failed trial doubles the wait', async () => {
    const c = circuit();
    c.node.behaviour = 'garbage';
    await c.play('xxx');
    for (const wait of [1000, 2000, 4000]) {
      await jest.advanceTimersByTimeAsync(wait);
      expect(c.node.probes).toBeGreaterThan(0);
      expect(c.state()).toBe('half-open'); // /health passed: not closed
      expect(await c.send()).toBe('bad-answer'); // the trial, read and refused
      expect(c.breakers.status('MN')).toMatchObject({ state: 'open', reason: 'trial request failed: data is null without an error' });
      expect(Date.parse(c.breakers.status('MN').nextProbeAt!) - Date.now()).toBe(Math.min(wait * 2, 8000));
    }
    expect(c.changes).not.toContain('MN closed');
  });

  test('a passing registry poll admits the trial early but does not close a circuit that answers opened', async () => {
    const c = circuit();
    await c.play('xxx');
    c.breakers.pollSucceeded('MN');
    expect(c.state()).toBe('half-open');
    c.breakers.pollSucceeded('MN'); // a second poll admits no second trial
    const answers = await Promise.all([c.send(), c.send()]);
    expect(answers).toEqual(['bad-answer', 'refused']);
    expect(c.state()).toBe('open');
  });

  test('recovery: the node heals, the next trial succeeds, the circuit closes with a clean window', async () => {
    const c = circuit();
    await c.play('xx.xx.xx.x');
    expect(c.state()).toBe('open');
    await jest.advanceTimersByTimeAsync(1000);
    c.node.behaviour = 'ok';
    expect(await c.send()).toBe('ok');
    expect(c.breakers.status('MN')).toMatchObject({ state: 'closed', reason: null, consecutiveFailures: 0, window: { samples: 0, failures: 0 } });
    for (let i = 0; i < 20; i++) expect(await c.send()).toBe('ok');
  });

  test('a trial that never reached the node (client budget spent) leaves the trial to the next request', async () => {
    const c = circuit();
    await c.play('xxx');
    await jest.advanceTimersByTimeAsync(1000);
    c.node.behaviour = 'no-time';
    expect(await c.send()).toBe('no-time');
    expect(c.state()).toBe('half-open');
    c.node.behaviour = 'ok';
    expect(await c.send()).toBe('ok');
    expect(c.state()).toBe('closed');
  });

  test('a circuit that opens again within a window of closing keeps its longer wait (no fresh short break per lucky trial)', async () => {
    const c = circuit();
    await c.play('xxx');
    await jest.advanceTimersByTimeAsync(1000);
    await c.play('x'); // failed trial: 2 s
    await jest.advanceTimersByTimeAsync(2000);
    await c.play('.'); // lucky trial: closed
    await c.play('xxx');
    expect(Date.parse(c.breakers.status('MN').nextProbeAt!) - Date.now()).toBe(4000);
    // Closed for a whole window before it fails again: the first wait once more.
    await jest.advanceTimersByTimeAsync(4000);
    await c.play('.');
    await jest.advanceTimersByTimeAsync(10_000);
    await c.play('xxx');
    expect(Date.parse(c.breakers.status('MN').nextProbeAt!) - Date.now()).toBe(1000);
  });
});

describe('the registry poll', () => {
  test('a failed poll opens the circuit at once; a passing one closes it (health refutes health)', async () => {
    const c = circuit();
    c.breakers.pollFailed('MN', 'database unavailable');
    expect(c.breakers.status('MN')).toMatchObject({ state: 'open', reason: 'health check failed: database unavailable' });
    c.breakers.pollSucceeded('MN');
    expect(c.state()).toBe('closed');
  });

  test('a circuit a failed poll opened closes on a passing probe, no trial needed', async () => {
    const c = circuit();
    c.breakers.pollFailed('MN', 'unreachable (ECONNREFUSED)');
    await jest.advanceTimersByTimeAsync(1000);
    expect(c.node.probes).toBe(1);
    expect(c.state()).toBe('closed');
  });

  test('a passing poll of a closed circuit is one good answer: it breaks a run of faults, not the rate', async () => {
    const c = circuit();
    await c.play('xx');
    c.breakers.pollSucceeded('MN');
    await c.play('xx');
    expect(c.breakers.status('MN')).toMatchObject({ state: 'closed', consecutiveFailures: 2, window: { samples: 5, failures: 4 } });
    c.breakers.pollSucceeded('MN');
    await c.play('xx'); // 6 of 8, never three in a row
    c.breakers.pollSucceeded('MN');
    await c.play('x'); // 7 of 10
    expect(c.breakers.status('MN').reason).toMatch(/^7 of the last 10 answers failed/);
  });
});

test('the breaker reads time only from the clock it is given', async () => {
  let now = Date.parse('2030-01-01T00:00:00Z');
  const timers: Array<{ at: number; run: () => void }> = [];
  const clock: BreakerClock = {
    now: () => now,
    setTimeout: (run, ms) => timers.push({ at: now + ms, run }),
    clearTimeout: () => {},
  };
  let probes = 0;
  const breakers = new CircuitBreakers({ failureThreshold: 1, openMs: 500, maxOpenMs: 500 }, async () => (probes++, 'down'), undefined, clock);
  const t = composeTransport({ send: async (country) => failed(country, 'no answer', true, 'timeout') }, breakers.plugin);
  await t.send('AZ', request());
  expect(breakers.status('AZ')).toMatchObject({ state: 'open', since: '2030-01-01T00:00:00.000Z', nextProbeAt: '2030-01-01T00:00:00.500Z' });
  expect(timers.map((x) => x.at)).toEqual([now + 500]);
  now += 500;
  timers.shift()!.run();
  await Promise.resolve();
  expect(probes).toBe(1);
  await jest.advanceTimersByTimeAsync(0);
  expect(breakers.status('AZ')).toMatchObject({ state: 'open', nextProbeAt: '2030-01-01T00:00:01.000Z' });
  breakers.stop();
});

test('the failure-rate settings come from the environment, with defaults, and a ratio outside (0, 1] is refused', () => {
  expect(loadGatewayConfig([], { NODE_ENV: 'test' }).breaker).toMatchObject({ failureThreshold: 3, windowMs: 10_000, minSamples: 20, failureRatio: 0.5 });
  const env = { NODE_ENV: 'test', BREAKER_WINDOW_MS: '30000', BREAKER_MIN_SAMPLES: '100', BREAKER_FAILURE_RATIO: '0.25' };
  expect(loadGatewayConfig([], env).breaker).toMatchObject({ windowMs: 30_000, minSamples: 100, failureRatio: 0.25 });
  for (const bad of ['0', '1.5', 'half', '-0.2']) {
    expect(() => loadGatewayConfig([], { NODE_ENV: 'test', BREAKER_FAILURE_RATIO: bad })).toThrow(
      `BREAKER_FAILURE_RATIO=${JSON.stringify(bad)} is not accepted: expected a number above 0 and at most 1`,
    );
  }
});
