import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder holding package.json, found from this file's location, so the compiled code
 * (dist/…) and the TypeScript sources the tests run agree on where the built pages are.
 */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Where `npm run build` writes the bundled web pages (see scripts/build-web.ts). */
export function webDistDir(): string {
  return path.join(packageRoot(), 'dist', 'public');
}
