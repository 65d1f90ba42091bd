/**
 * One Node version: package.json's engines is the truth, and the README, the Docker image, the
 * Node running this suite (CI's) and every locked dependency agree with it. A dependency that
 * asks for a newer Node (npm's EBADENGINE warning on install) fails here before a user sees it.
 */
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
const floor = semver.minVersion(engines)!;

test('engines names one Node line with a floor', () => {
  expect(semver.validRange(engines)).not.toBeNull();
  // One major: what CI tests is what is supported.
  expect(semver.satisfies(`${floor.major + 1}.0.0`, engines)).toBe(false);
});

test('the Node running the tests (CI’s) is a supported one', () => {
  expect({ node: process.version, supported: semver.satisfies(process.version, engines) }).toEqual({ node: process.version, supported: true });
});

test('the README states the same version', () => {
  const stated = [...read('README.md').matchAll(/\bNode (\d+)\.(\d+)\b/g)].map((m) => `${m[1]}.${m[2]}`);
  expect(stated.length).toBeGreaterThan(0);
  expect(new Set(stated)).toEqual(new Set([`${floor.major}.${floor.minor}`]));
});

test('every base image of the Dockerfile is a supported Node', () => {
  const images = [...read('Dockerfile').matchAll(/^FROM\s+node:(\d+)\.(\d+)(?:\.(\d+))?-/gim)].map((m) => `${m[1]}.${m[2]}.${m[3] ?? 0}`);
  expect(images.length).toBe([...read('Dockerfile').matchAll(/^FROM\s/gim)].length);
  for (const version of images) expect({ version, supported: semver.satisfies(version, engines) }).toEqual({ version, supported: true });
});

test('every locked package runs on every supported Node (no EBADENGINE on install)', () => {
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
  const checked: string[] = [];
  const unsupported: Array<{ pkg: string; wants: string }> = [];
  for (const [pkg, entry] of Object.entries(lock.packages)) {
    const wants = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (!pkg || !wants) continue;
    checked.push(pkg);
    if (!semver.subset(engines, wants)) unsupported.push({ pkg, wants });
  }
  expect(checked.length).toBeGreaterThan(50);
  expect(unsupported).toEqual([]);
});
