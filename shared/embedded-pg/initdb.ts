import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PgBinaries, RunAs } from './binaries.js';

/** The embedded cluster's superuser; it listens on 127.0.0.1 only. */
export const SUPERUSER = 'postgres';
export const PASSWORD = 'postgres';

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
 * initdb with the superuser password in a private folder (mode 700), removed whatever happens:
 * when initdb ends, and when this process exits while it runs (a Ctrl-C during the first start).
 */
export async function initialise(bins: PgBinaries, dataDir: string, user: RunAs | null): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-initdb-'));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  const forget = onExit(remove);
  try {
    const pwfile = path.join(dir, 'password');
    fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    if (user) {
      fs.chownSync(dir, user.uid, user.gid);
      fs.chownSync(pwfile, user.uid, user.gid);
    }
    // UTF-8 text, byte-order collation: the same on every machine, whatever the caller's locale.
    await run(
      bins.initdb,
      [`--pgdata=${dataDir}`, `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'],
      user,
    );
  } finally {
    forget();
    remove();
  }
}
