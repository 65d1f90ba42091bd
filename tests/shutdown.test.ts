import { spawn } from 'node:child_process';
import path from 'node:path';

// The entry points' signal handling (platform/shutdown.ts), in a child process that stops in 1 s:
// one signal stops it in order (exit 0); the same Ctrl-C delivered twice at once (terminal and
// npm) still counts once; a second press forces the exit (130); a stop that hangs is forced at
// the deadline.

const SHUTDOWN = path.resolve(__dirname, '..', 'dist', 'platform', 'shutdown.js');

function run(stopMs: number, deadlineMs: number, signals: number[], hook = ''): Promise<{ code: number | null; out: string }> {
  const script = `
    const { handleShutdownSignals, onForcedExit } = require(${JSON.stringify(SHUTDOWN)});
    ${hook}
    const s = handleShutdownSignals((m) => console.log(m), ${deadlineMs});
    s.ready(() => new Promise((r) => setTimeout(() => { console.log('stopped in order'); r(); }, ${stopMs})));
    console.log('ready');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.startsWith('ready') && !child.killed && signals.length) {
      const plan = signals.splice(0);
      for (const at of plan) setTimeout(() => child.exitCode === null && child.kill('SIGINT'), at);
    }
  });
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 20000);
  return new Promise((resolve) => child.on('exit', (code) => (clearTimeout(guard), resolve({ code, out }))));
}

test('one signal: stopped in order, exit 0', async () => {
  const { code, out } = await run(1000, 9000, [0]);
  expect(code).toBe(0);
  expect(out).toContain('stopped in order');
});

test('the same Ctrl-C twice at once (terminal and npm) counts once', async () => {
  const { code, out } = await run(1000, 9000, [0, 5]);
  expect(code).toBe(0);
  expect(out).not.toContain('forcing');
});

test('a second press forces the exit', async () => {
  const { code, out } = await run(5000, 9000, [0, 600]);
  expect(code).toBe(130);
  expect(out).toContain('second SIGINT: forcing exit');
  expect(out).not.toContain('stopped in order');
});

test('a stop that does not finish is forced at the deadline', async () => {
  const { code, out } = await run(60000, 800, [0]);
  expect(code).toBe(130);
  expect(out).toContain('not stopped within 800 ms');
});

test('a forced exit aborts what registered for it, once per hook, and says so', async () => {
  // What an embedded PostgreSQL cluster registers (platform/embedded-pg/cluster.ts), as a probe.
  const hook = `
    const probe = { count: () => 1, abort: async (ms) => console.log('abort within ' + ms), abortNow: () => console.log('abort now') };
    onForcedExit(probe);
    onForcedExit(probe);
  `;
  const { code, out } = await run(5000, 9000, [0, 600], hook);
  expect(code).toBe(130);
  expect(out).toContain('second SIGINT: forcing exit, aborting the databases');
  expect(out.match(/abort within 1500/g)).toHaveLength(1);
  expect(out).toContain('abort now');
});
