import fs from 'node:fs';
import path from 'node:path';

/**
 * The running-server facts PostgreSQL itself records in `<data>/postmaster.pid` (first line the
 * postmaster's pid, second its data folder, fourth its port), and pg_ctl's stop semantics over
 * them: a signal to that pid, then wait until the pid is gone.
 */
export interface PostmasterPid {
  pid: number;
  dataDir: string;
  port: number | null;
}

export function readPostmasterPid(dataDir: string): PostmasterPid | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const port = Number(lines[3]);
  return { pid, dataDir: lines[1] ?? '', port: Number.isInteger(port) && port > 0 ? port : null };
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's command line, or null where /proc is not available (or it is gone). */
export function commandLine(pid: number): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/**
 * Whether `pid` is a PostgreSQL server of `dataDir` (and not another process that got the pid
 * after a reboot). Without /proc the pid file's own data folder line is all there is to go by.
 */
export function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (!processAlive(pid)) return false;
  const args = commandLine(pid);
  if (!args) return readPostmasterPid(dataDir)?.dataDir === path.resolve(dataDir);
  const d = args.indexOf('-D');
  return /postgres/.test(path.basename(args[0] ?? '')) && d >= 0 && path.resolve(args[d + 1] ?? '') === path.resolve(dataDir);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `pid` is gone; true when it went within `ms`. */
export async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (processAlive(pid)) {
    if (Date.now() >= until) return false;
    await sleep(25);
  }
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/**
 * `pg_ctl stop`'s modes in turn until the pid is gone: smart (SIGTERM: waits for clients to
 * disconnect; our pools are closing, so it is the quiet way for the last of their connections
 * to go), fast (SIGINT: rolls back open transactions, disconnects, checkpoints), immediate
 * (SIGQUIT: aborts, recovery on the next start), and SIGKILL only when even that is ignored.
 */
export async function stopPostmaster(pid: number, { smartMs = 0, fastMs = 5000, immediateMs = 2000 } = {}): Promise<'smart' | 'fast' | 'immediate' | 'killed'> {
  if (smartMs > 0) {
    signal(pid, 'SIGTERM');
    if (await waitGone(pid, smartMs)) return 'smart';
  }
  signal(pid, 'SIGINT');
  if (await waitGone(pid, fastMs)) return 'fast';
  signal(pid, 'SIGQUIT');
  if (await waitGone(pid, immediateMs)) return 'immediate';
  signal(pid, 'SIGKILL');
  await waitGone(pid, 2000);
  return 'killed';
}

/** For a forced exit: no waiting, the postmaster aborts its backends itself on SIGQUIT. */
export function quitPostmasterNow(pid: number): void {
  signal(pid, 'SIGQUIT');
}

/**
 * A postmaster still running on this folder whose owner is gone (the owner file was just claimed,
 * so no live process of ours holds it): stopped as pg_ctl would, data untouched. A pid file naming
 * a dead process is left to PostgreSQL, which recovers.
 */
export async function stopOrphan(dataDir: string, log: (m: string) => void): Promise<void> {
  const found = readPostmasterPid(dataDir);
  if (!found || !processAlive(found.pid)) return;
  if (!isPostmasterOf(found.pid, dataDir)) {
    // The pid now belongs to another program (after a reboot or in a new container), which
    // PostgreSQL cannot tell from a live postmaster and would refuse to start; /proc can.
    if (commandLine(found.pid)) {
      log(`postmaster.pid names pid ${found.pid}, which is not a PostgreSQL of ${dataDir} any more: removing the stale pid file`);
      fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
    }
    return;
  }
  log(`PostgreSQL pid ${found.pid} was left running on ${dataDir} by a crashed process; stopping it (data kept)`);
  const how = await stopPostmaster(found.pid);
  log(`orphaned PostgreSQL pid ${found.pid} stopped (${how})`);
}
