import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPostmasterOf, readPostmasterPid } from '../platform/embedded-pg/postmaster.js';
import { heldRequest, killEverything, portFree, signalGroup, startStack } from '../tests/support/stack-process.js';

/**
 * `node dist/scripts/stop-timing.js [runs]`: how long `npm start` (run through npm, as a user
 * does) takes from a stop signal to its exit, and whether anything is left: a listener on its
 * ports or a postmaster on its data folders. Ctrl-C as a terminal sends it (SIGINT to the whole
 * process group), SIGTERM to npm alone (a supervisor), and two Ctrl-C (the forced exit).
 */
const runs = Number(process.argv[2] ?? 3);
const OFFSET = 1100;
const PORTS = [4000, 4001, 4101, 4102, 4103, 4104].map((p) => p + OFFSET);
const FOLDERS = ['regional', 'mn', 'kg', 'az', 'vn'];

const QUERY = '{ events { totalCount } }';
const later = (ms: number, fn: () => void) =>
  setTimeout(() => {
    try {
      fn();
    } catch {
      // Already stopped.
    }
  }, ms);

/** Each sends its signal(s) to npm's process group (pid = npm's pid) or to npm alone. */
const MODES: Array<{ name: string; send(pid: number, gatewayUrl: string): void }> = [
  { name: 'Ctrl-C (SIGINT to the process group), idle', send: (pid) => process.kill(-pid, 'SIGINT') },
  { name: 'SIGTERM to npm only, idle', send: (pid) => process.kill(pid, 'SIGTERM') },
  {
    name: 'Ctrl-C with a request in flight for 1 s',
    send: (pid, url) => {
      const held = heldRequest(url, QUERY);
      later(100, () => process.kill(-pid, 'SIGINT'));
      later(1100, held.release);
    },
  },
  {
    name: 'Ctrl-C with a request that never ends (drain bound)',
    send: (pid, url) => {
      heldRequest(url, QUERY).answer.catch(() => {});
      later(100, () => process.kill(-pid, 'SIGINT'));
    },
  },
  {
    name: 'Ctrl-C twice 1 s apart, a request that never ends (forced)',
    send: (pid, url) => {
      heldRequest(url, QUERY).answer.catch(() => {});
      later(100, () => process.kill(-pid, 'SIGINT'));
      later(1100, () => process.kill(-pid, 'SIGINT'));
    },
  },
];

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-stop-timing-'));
  fs.chmodSync(dataDir, 0o755);
  const children = [];
  try {
    for (const mode of MODES) {
      const times: number[] = [];
      let leftovers = 0;
      for (let i = 0; i < runs; i++) {
        const stack = await startStack({ DATA_DIR: dataDir, PORT_OFFSET: String(OFFSET), LOG_LEVEL: 'warn' }, 180000, ['npm', 'start', '--silent']);
        children.push(stack.child);
        const pids = FOLDERS.map((f) => readPostmasterPid(path.join(dataDir, f))?.pid ?? 0);
        const t0 = Date.now();
        mode.send(stack.child.pid!, stack.gatewayUrl);
        await stack.exited;
        times.push(Date.now() - t0);
        // npm has exited; give its script's process up to 10 s in all before looking.
        const until = t0 + 10000;
        const busy = async () =>
          (await Promise.all(PORTS.map(portFree))).some((free) => !free) || pids.some((pid, j) => isPostmasterOf(pid, path.join(dataDir, FOLDERS[j])));
        while ((await busy()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
        if (await busy()) leftovers++;
        signalGroup(stack.child, 'SIGKILL');
      }
      times.sort((a, b) => a - b);
      console.log(
        `${mode.name}: signal to exit min ${times[0]} ms, median ${times[Math.floor(times.length / 2)]} ms, max ${times[times.length - 1]} ms over ${runs} runs; runs leaving a port or postmaster behind after 10 s: ${leftovers}`,
      );
    }
  } finally {
    killEverything(children, dataDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
