import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateBinaries, serverUser } from '../platform/embedded-pg/binaries.js';

// Root in a private folder (a clone under /root, mode 700): PostgreSQL runs as the unprivileged
// `postgres` user, which cannot reach the programs there; they are copied to a root-owned cache
// it can read and run from there. Not root: the installed programs are used as they are.

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-binaries-'));
  fs.chmodSync(root, 0o755);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A stand-in for the platform package's native/ folder: programs that answer --version. */
function fakeNative(dir: string): string {
  const native = path.join(dir, 'native');
  fs.mkdirSync(path.join(native, 'bin'), { recursive: true });
  for (const name of ['postgres', 'initdb']) fs.writeFileSync(path.join(native, 'bin', name), '#!/bin/sh\necho "postgres (PostgreSQL) 18"\n', { mode: 0o755 });
  fs.mkdirSync(path.join(native, 'lib'));
  fs.symlinkSync('libpq.so.5.18', path.join(native, 'lib', 'libpq.so.5'));
  return native;
}

test('programs the server user cannot reach are run from a copy in the cache; reachable ones in place', () => {
  const user = serverUser();
  const open = fakeNative(path.join(root, 'open'));
  const privateDir = path.join(root, 'private');
  fs.mkdirSync(privateDir, { mode: 0o700 });
  const hidden = fakeNative(privateDir);
  const cache = path.join(root, 'cache');

  expect(locateBinaries(user, cache, { nativeDir: open, version: '18.test' }).postgres).toBe(path.join(open, 'bin', 'postgres'));
  const located = locateBinaries(user, cache, { nativeDir: hidden, version: '18.test' });
  if (!user) {
    // Not root: the server runs as this user, who can reach its own folder.
    expect(located.postgres).toBe(path.join(hidden, 'bin', 'postgres'));
    return;
  }
  const copy = path.join(cache, 'postgres-18.test');
  expect(located).toEqual({ postgres: path.join(copy, 'bin', 'postgres'), initdb: path.join(copy, 'bin', 'initdb'), version: '18.test' });
  expect(fs.statSync(copy).uid).toBe(0);
  expect(fs.statSync(copy).mode & 0o777).toBe(0o755);
  expect(fs.readlinkSync(path.join(copy, 'lib', 'libpq.so.5'))).toBe('libpq.so.5.18');
  // A second start reuses the copy.
  const mtime = fs.statSync(copy).mtimeMs;
  expect(locateBinaries(user, cache, { nativeDir: hidden, version: '18.test' }).postgres).toBe(located.postgres);
  expect(fs.statSync(copy).mtimeMs).toBe(mtime);
});

test('a cache folder others can write to is refused with what to do', () => {
  const user = serverUser();
  if (!user) return expect(user).toBeNull(); // only root copies programs
  const privateDir = path.join(root, 'private2');
  fs.mkdirSync(privateDir, { mode: 0o700 });
  const hidden = fakeNative(privateDir);
  const cache = path.join(root, 'shared-cache');
  fs.mkdirSync(cache, { mode: 0o777 });
  fs.chmodSync(cache, 0o777);
  expect(() => locateBinaries(user, cache, { nativeDir: hidden, version: '18.test' })).toThrow(
    /not a root-owned folder only root can write to: .*PG_BINARY_CACHE/,
  );
});
