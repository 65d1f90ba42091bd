import { spawn } from 'node:child_process';
import path from 'node:path';
import type { PgBinaries, RunAs } from './binaries.js';
import { SUPERUSER } from './password.js';

// One 'exit' listener for every initdb under way: five clusters initialised at once (npm start)
// would otherwise add ten and trip Node's MaxListenersExceededWarning.
const exitActions = new Set<() => void>();
function onExit(action: () => void): () => void {
  if (exitActions.size === 0) process.once('exit', runExitActions);
  exitActions.add(action);
  return () => {
    exitActions.delete(action);
    if (exitActions.size === 0) process.removeListener('exit', runExitActions);
  };
}
function runExitActions(): void {
  for (const action of exitActions) action();
}

function run(program: string, args: string[], user: RunAs | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    // Should this process exit first (Ctrl-C during the first start), initdb stops too, and on
    // SIGTERM it removes the half-made cluster, so the next start initialises afresh.
    const forget = onExit(() => child.kill('SIGTERM'));
    child.on('close', forget);
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(program)} exited with ${code}: ${stderr.trim()}`))));
  });
}

/**
 * initdb with the superuser password read from `passwordFile` (a private file the caller wrote,
 * see password.ts), password authentication (scram-sha-256) for every connection.
 */
export async function initialise(bins: PgBinaries, dataDir: string, user: RunAs | null, passwordFile: string): Promise<void> {
  // UTF-8 text, byte-order collation: the same on every machine, whatever the caller's locale.
  await run(
    bins.initdb,
    [`--pgdata=${dataDir}`, `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'],
    user,
  );
}
