import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { strongEtag } from '../platform/http/cache.js';

/** One file the gateway serves, held in memory with its compressed forms and tag. */
export interface StaticFile {
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  etag: string;
  type: string;
  /** Content-hashed name: cacheable for a year, never revalidated. */
  immutable: boolean;
}

export type PageName = 'ide' | 'overview' | 'explorer' | 'editor';

export interface WebAssets {
  pages: Record<PageName, StaticFile>;
  /** URL path (`/assets/ide-ABC123.js`) → file. */
  assets: Map<string, StaticFile>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

function readIfExists(file: string): Buffer | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
}

function htmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Loads what `npm run build` put in dist/public. Hand-written rather than a static-file
 * middleware because the set is small and fixed at start: every file is read once, tagged
 * once and served from memory with its build-time brotli/gzip forms; the pages get this
 * gateway's settings written in (`pageConfig`) and are compressed here, once.
 * Returns undefined when the pages were not built.
 */
export function loadWebAssets(dir: string, pageConfig: Record<string, unknown>): WebAssets | undefined {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) return undefined;
  const assets = new Map<string, StaticFile>();
  const assetsDir = path.join(dir, 'assets');
  for (const name of fs.readdirSync(assetsDir)) {
    if (name.endsWith('.br') || name.endsWith('.gz')) continue;
    const file = path.join(assetsDir, name);
    const body = fs.readFileSync(file);
    assets.set(`/assets/${name}`, {
      body,
      br: readIfExists(`${file}.br`),
      gzip: readIfExists(`${file}.gz`),
      etag: strongEtag(body),
      type: TYPES[path.extname(name)] ?? 'application/octet-stream',
      immutable: /-[A-Z0-9]{8}\.[a-z0-9]+$/.test(name) || name.endsWith('.LEGAL.txt'),
    });
  }
  const config = htmlEscape(JSON.stringify(pageConfig));
  const page = (name: PageName): StaticFile => {
    const body = Buffer.from(fs.readFileSync(path.join(dir, `${name}.html`), 'utf8').replace('%CONFIG%', config));
    return {
      body,
      br: zlib.brotliCompressSync(body),
      gzip: zlib.gzipSync(body, { level: 9 }),
      etag: strongEtag(body),
      type: 'text/html; charset=utf-8',
      immutable: false,
    };
  };
  return { pages: { ide: page('ide'), overview: page('overview'), explorer: page('explorer'), editor: page('editor') }, assets };
}
