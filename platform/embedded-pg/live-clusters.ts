import { onForcedExit, type ForcedExitHook } from '../shutdown.js';
import { quitPostmasterNow, waitGone } from './postmaster.js';

/** What a forced exit needs of a running cluster: its postmaster's pid (null while it restarts). */
interface LiveCluster {
  pid(): number | null;
}

/** The clusters this process runs, so a forced exit (platform/shutdown.ts) can abort every one. */
const live = new Set<LiveCluster>();

export function trackCluster(cluster: LiveCluster): void {
  // A second Ctrl-C (platform/shutdown.ts) aborts every cluster this process started.
  onForcedExit(FORCED_EXIT);
  live.add(cluster);
}

export function untrackCluster(cluster: LiveCluster): void {
  live.delete(cluster);
}

/** A forced exit (second Ctrl-C): every postmaster of this process aborts now (SIGQUIT), SIGKILL after `ms`. */
export async function killAllClusters(ms = 2000): Promise<void> {
  const pids = [...live].map((c) => c.pid()).filter((p): p is number => p !== null);
  for (const pid of pids) quitPostmasterNow(pid);
  await Promise.all(
    pids.map(async (pid) => {
      if (!(await waitGone(pid, ms))) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
    }),
  );
}

/** How many embedded clusters this process runs. */
export function runningClusterCount(): number {
  return live.size;
}

/** Synchronous, for process 'exit': every postmaster of this process aborts (SIGQUIT). */
export function quitAllClustersNow(): void {
  for (const cluster of live) {
    const pid = cluster.pid();
    if (pid !== null) quitPostmasterNow(pid);
  }
}

const FORCED_EXIT: ForcedExitHook = { count: runningClusterCount, abort: killAllClusters, abortNow: quitAllClustersNow };
