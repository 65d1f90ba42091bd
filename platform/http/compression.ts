import type http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Negotiator from 'negotiator';

export type Encoding = 'br' | 'gzip' | 'identity';

/** Below this a compressed body saves less than its headers and CPU cost. */
export const MIN_COMPRESS_BYTES = 1024;

const SUPPORTED: Encoding[] = ['br', 'gzip', 'identity'];

/**
 * The content-coding to answer with, from Accept-Encoding (q-values, `*`, `identity;q=0`
 * handled by `negotiator`, the library Express uses). Brotli is preferred on a tie: smaller.
 * No header means identity, as clients that do not ask (the gateway's own node client) expect.
 */
export function chooseEncoding(req: http.IncomingMessage): Encoding {
  if (!req.headers['accept-encoding']) return 'identity';
  // negotiator 1.x takes a tie-break order; @types/negotiator (0.6) does not know it yet.
  const negotiator = new Negotiator(req) as unknown as { encoding(available: string[], options: { preferred: string[] }): string | undefined };
  const best = negotiator.encoding(SUPPORTED, { preferred: SUPPORTED });
  return (best as Encoding | undefined) ?? 'identity';
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Compresses an answer generated per request. Brotli at quality 5 and gzip at level 6 are the
 * usual settings for dynamic content (quality 11 is for build-time assets: ~20× slower).
 * Runs on libuv's thread pool, not the event loop.
 */
export function compress(body: Buffer, encoding: Exclude<Encoding, 'identity'>): Promise<Buffer> {
  if (encoding === 'br') {
    return brotli(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
  }
  return gzip(body, { level: 6 });
}
