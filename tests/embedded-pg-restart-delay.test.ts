import { restartDelay } from '../platform/embedded-pg/cluster.js';

// The supervised database's backoff (platform/embedded-pg/cluster.ts) as numbers; the restart itself
// is seen end to end in tests/fault-database-supervised.test.ts.

test('doubles from 250 ms after each failed restart, up to 5 s', () => {
  expect([0, 1, 2, 3, 4, 5, 6, 10].map((failures) => restartDelay(failures, {}))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
});

test('EMBEDDED_PG_RESTART_MS sets the first delay; a first delay over 5 s is also the cap; a bad value is refused', () => {
  expect([0, 1, 2].map((failures) => restartDelay(failures, { EMBEDDED_PG_RESTART_MS: '1500' }))).toEqual([1500, 3000, 5000]);
  expect([0, 1].map((failures) => restartDelay(failures, { EMBEDDED_PG_RESTART_MS: '7000' }))).toEqual([7000, 7000]);
  // Not a positive duration: refused with the setting's name (the settings catalogue's parser).
  expect(() => restartDelay(0, { EMBEDDED_PG_RESTART_MS: 'soon' })).toThrow(/EMBEDDED_PG_RESTART_MS/);
  expect(() => restartDelay(0, { EMBEDDED_PG_RESTART_MS: '-5' })).toThrow(/EMBEDDED_PG_RESTART_MS/);
});
