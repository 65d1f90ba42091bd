/**
 * Watchdog for the test run's embedded PostgreSQL: `node pg-watchdog.js <jest pid> <root dir>`.
 *
 * Started detached (its own session, so a Ctrl-C in the terminal does not reach it) by the jest
 * global setup. When the jest process is gone without having run its teardown (SIGINT, SIGTERM,
 * SIGKILL, a crash), it stops the postmaster named in <root>/data/postmaster.pid and deletes <root>
 * (the cluster and initdb's password file). A normal teardown cleans up itself and kills this
 * process. Plain JavaScript so that it runs with bare `node`, without the test transform.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [parentPid, root] = [Number(process.argv[2]), process.argv[3]];
// Tests of the watchdog itself inject a short poll and ask for a line per poll, so that they can
// await "it polled while jest lived" instead of sleeping for it.
const POLL_MS = /^[1-9][0-9]{0,4}$/.test(process.env.PG_WATCHDOG_POLL_MS ?? '') ? Number(process.env.PG_WATCHDOG_POLL_MS) : 500;
const TRACE = process.env.PG_WATCHDOG_TRACE === '1';
const STOP_GRACE_MS = 10_000;

/** Alive and not a zombie (PID 1 here may not reap the orphaned postmaster). */
function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

function postmasterPid() {
  try {
    const pid = Number(fs.readFileSync(path.join(root, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function cleanUp() {
  const pid = postmasterPid();
  if (pid && alive(pid)) {
    // SIGINT is PostgreSQL's fast shutdown (sessions aborted); SIGKILL if it does not finish.
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + STOP_GRACE_MS;
    while (alive(pid) && Date.now() < deadline) await sleep(100);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    while (alive(pid)) await sleep(100);
  }
  fs.rmSync(root, { recursive: true, force: true });
}

async function main() {
  if (!Number.isInteger(parentPid) || !root) throw new Error('usage: pg-watchdog.js <pid> <root dir>');
  while (alive(parentPid)) {
    if (!fs.existsSync(root)) return; // cleaned up already
    if (TRACE) process.stderr.write('poll\n');
    await sleep(POLL_MS);
  }
  await cleanUp();
}

main().catch((error) => {
  console.error(`pg-watchdog: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
