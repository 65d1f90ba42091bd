import net from 'node:net';
import { choosePortOffset } from './support/stack-process.js';

// The end-to-end tests' choice of ports for a stack of their own (tests/lifecycle-e2e.test.ts).

test('an offset that would put a port on one fetch refuses (10080) is passed over', async () => {
  const offset = await choosePortOffset([4000], 6080, 20);
  expect(offset).toBeGreaterThan(6080);
  expect((offset - 6080) % 20).toBe(0);
});

test('an offset that would put a port on one in use is passed over', async () => {
  // A port below the ephemeral range, as the stacks' ports are (port 0 would give one above it).
  const held = net.createServer();
  let port = 20000 + (process.pid % 1000) * 10;
  while (!(await new Promise<boolean>((resolve) => held.once('error', () => resolve(false)).listen(port, '127.0.0.1', () => resolve(true))))) port += 1;
  try {
    // Start where the second port lands on the held one.
    const first = port - 4001;
    const offset = await choosePortOffset([4000, 4001], first, 1);
    expect(offset).toBeGreaterThan(first);
    expect([4000 + offset, 4001 + offset]).not.toContain(port);
  } finally {
    held.close();
  }
});
