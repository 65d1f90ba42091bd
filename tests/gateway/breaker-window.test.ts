import { FailureWindow } from '../../gateway/transport/breaker-window.js';

// The window takes the instant with each call, so these tests are plain arithmetic on times.

describe('failure window (rolling slices)', () => {
  test('counts answers and faults within the window', () => {
    const w = new FailureWindow(10_000);
    for (let t = 0; t < 5_000; t += 500) w.record(t, t % 1000 === 0);
    expect(w.counts(5_000)).toEqual({ samples: 10, failures: 5 });
  });

  test('samples age out one slice at a time', () => {
    const w = new FailureWindow(10_000, 10);
    w.record(0, true); // slice 0
    w.record(1_500, false); // slice 1
    expect(w.counts(9_999)).toEqual({ samples: 2, failures: 1 });
    expect(w.counts(10_000)).toEqual({ samples: 1, failures: 0 }); // slice 0 left the window
    expect(w.counts(11_000)).toEqual({ samples: 0, failures: 0 });
  });

  test('a slot reused after a full turn starts from zero', () => {
    const w = new FailureWindow(1_000, 4);
    w.record(100, true);
    w.record(1_100, false); // the same slot, a window later
    expect(w.counts(1_100)).toEqual({ samples: 1, failures: 0 });
  });

  test('constant memory at any rate', () => {
    const w = new FailureWindow(10_000, 10);
    for (let i = 0; i < 100_000; i++) w.record(i / 10, i % 3 !== 2);
    expect(w.counts(9_999)).toEqual({ samples: 100_000, failures: 66_667 });
  });

  test('a clock set back ignores the slices now in its future', () => {
    const w = new FailureWindow(10_000);
    w.record(50_000, true);
    expect(w.counts(20_000)).toEqual({ samples: 0, failures: 0 });
    w.record(20_000, false);
    expect(w.counts(20_000)).toEqual({ samples: 1, failures: 0 });
  });

  test('clear forgets everything', () => {
    const w = new FailureWindow(10_000);
    w.record(1, true);
    w.clear();
    expect(w.counts(1)).toEqual({ samples: 0, failures: 0 });
  });

  test('refuses a window it cannot slice', () => {
    expect(() => new FailureWindow(0)).toThrow(/positive length/);
    expect(() => new FailureWindow(1000, 0)).toThrow(/slice count/);
  });
});
