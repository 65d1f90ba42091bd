import { LastKnownWarmer, type WarmRead, type WarmerClock } from '../../gateway/last-known/warm.js';
import { OVERVIEW_LANGUAGES } from '../../contract/overview.js';
import { UI_LANGUAGES } from '../../web/shared/i18n.js';

/** Timers run only when the test says so. */
function manualClock() {
  let next = 1;
  const timers = new Map<number, () => void>();
  const clock: WarmerClock = {
    setTimeout: (callback) => {
      timers.set(next, callback);
      return next++;
    },
    clearTimeout: (timer) => void timers.delete(timer as number),
  };
  const fire = () => {
    const due = [...timers.values()];
    timers.clear();
    for (const callback of due) callback();
  };
  return { clock, fire, pending: () => timers.size };
}

const READS: WarmRead[] = [
  { query: '{ a }', variables: {} },
  { query: '{ b }', variables: { x: 1 } },
];
const settle = () => new Promise((r) => setImmediate(r));

test('announcements within the settle time cost one round; every read is sent, in order', async () => {
  const { clock, fire, pending } = manualClock();
  const sent: string[] = [];
  const warmer = new LastKnownWarmer(
    READS,
    async (read) => void sent.push(read.query),
    50,
    () => {},
    clock,
  );
  warmer.changed();
  warmer.changed();
  warmer.changed();
  expect(pending()).toBe(1);
  fire();
  await settle();
  expect(sent).toEqual(['{ a }', '{ b }']);
});

test('an announcement during a round brings one more round after it, never two at once', async () => {
  const { clock, fire } = manualClock();
  let release!: () => void;
  let inFlight = 0;
  let most = 0;
  const sent: string[] = [];
  const warmer = new LastKnownWarmer(
    READS,
    async (read) => {
      inFlight++;
      most = Math.max(most, inFlight);
      if (sent.length === 0) await new Promise<void>((r) => (release = r));
      sent.push(read.query);
      inFlight--;
    },
    50,
    () => {},
    clock,
  );
  warmer.changed();
  fire(); // the first round starts and waits in its first read
  warmer.changed();
  fire(); // due while the first round runs: remembered, not run alongside
  release();
  await settle();
  await settle();
  fire(); // the round owed
  await settle();
  expect(sent).toEqual(['{ a }', '{ b }', '{ a }', '{ b }']);
  expect(most).toBe(1);
});

test('a failed read is logged and the next one still goes; stop cancels what is due', async () => {
  const { clock, fire, pending } = manualClock();
  const logged: string[] = [];
  const sent: string[] = [];
  const warmer = new LastKnownWarmer(
    READS,
    async (read) => {
      if (read.query === '{ a }') throw new Error('HTTP 503');
      sent.push(read.query);
    },
    50,
    (m) => logged.push(m),
    clock,
  );
  warmer.changed();
  fire();
  await settle();
  expect(sent).toEqual(['{ b }']);
  expect(logged).toEqual(['last known data: warming a read failed: HTTP 503']);
  warmer.changed();
  warmer.stop();
  expect(pending()).toBe(0);
  warmer.changed();
  expect(pending()).toBe(0);
});

test('the overview is warmed in every language the pages speak', () => {
  expect([...OVERVIEW_LANGUAGES]).toEqual([...UI_LANGUAGES]);
});
