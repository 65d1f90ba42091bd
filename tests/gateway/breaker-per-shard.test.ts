import { CircuitBreakers, type BreakerOverride } from '../../gateway/transport/breaker.js';
import { composeTransport, untrusted, type NodeRequest } from '../../gateway/transport/transport.js';

// gateway.yaml's per-shard `breaker:` reaches the circuit of that shard only; the others keep the
// gateway-wide settings. Fake timers: open times are read exactly, nothing waits.

const GATEWAY_WIDE = { failureThreshold: 3, openMs: 1000, maxOpenMs: 8000 };
const request = (): NodeRequest => ({ query: '{ x }', operation: 'query', deadline: Date.now() + 60_000, headers: {} });

/** Breakers over nodes that answer only garbage (a node fault) and fail every health probe. */
function setup(perKey: Record<string, BreakerOverride>) {
  const breakers = new CircuitBreakers({ ...GATEWAY_WIDE, perKey: new Map(Object.entries(perKey)) }, async () => 'health answered HTTP 503');
  const t = composeTransport({ send: async (country) => untrusted(country, 'data is null without an error') }, breakers.plugin);
  const fail = async (country: string, times: number) => {
    for (let i = 0; i < times; i++) await t.send(country, request());
  };
  /** The successive open times of a circuit whose probes keep failing. */
  const waits = async (country: string, rounds: number) => {
    const seen: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const next = Date.parse(breakers.status(country).nextProbeAt!) - Date.now();
      seen.push(next);
      await jest.advanceTimersByTimeAsync(next);
    }
    return seen;
  };
  return { breakers, fail, waits };
}

let running: CircuitBreakers[] = [];
const circuits = (perKey: Record<string, BreakerOverride>) => {
  const s = setup(perKey);
  running.push(s.breakers);
  return s;
};
beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-12-07T10:00:00Z') }));
afterEach(() => {
  for (const b of running) b.stop();
  running = [];
  jest.useRealTimers();
});

test("a shard's failureThreshold opens its circuit; the other shards keep the gateway-wide one", async () => {
  const c = circuits({ MN: { failureThreshold: 1 } });
  await c.fail('MN', 1);
  await c.fail('KG', 2);
  expect(c.breakers.status('MN').state).toBe('open');
  expect(c.breakers.status('KG')).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
  await c.fail('KG', 1);
  expect(c.breakers.status('KG').state).toBe('open');
});

test("a shard's openFor and maxOpenFor set its waits between probes", async () => {
  const c = circuits({ MN: { openMs: 200, maxOpenMs: 400 } });
  await c.fail('MN', 3); // the threshold was not overridden: the gateway-wide 3
  expect(await c.waits('MN', 4)).toEqual([200, 400, 400, 400]);
});

test('a shard without overrides waits the gateway-wide open times', async () => {
  const c = circuits({ MN: { openMs: 200, maxOpenMs: 400 } });
  await c.fail('KG', 3);
  expect(await c.waits('KG', 5)).toEqual([1000, 2000, 4000, 8000, 8000]);
});
