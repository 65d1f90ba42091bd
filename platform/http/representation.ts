import type http from 'node:http';
import vary from 'vary';
import { etagForEncoding, etagMatches, isPublic, strongEtag } from './cache.js';
import { chooseEncoding, compress, MIN_COMPRESS_BYTES, type Encoding } from './compression.js';

export interface Representation {
  status: number;
  /** Headers decided upstream (content-type, cache-control, …). */
  headers: Record<string, string>;
  body: Buffer;
  /** Request headers the body depends on (merged into Vary). */
  vary?: string[];
  /** Build-time compressed forms of `body` (static assets); others are compressed on the fly. */
  precompressed?: Partial<Record<Exclude<Encoding, 'identity'>, Buffer>>;
  /** Tag of `body` when already known (static assets); computed otherwise. */
  etag?: string;
  /** Answer If-None-Match with 304 when the representation is cacheable. */
  conditional: boolean;
  /** Compress when the client accepts it. */
  compress: boolean;
}

/**
 * Sends a complete body with the HTTP caching and compression concerns applied in the one
 * order that is right: pick the content-coding, tag that exact representation (strong ETag),
 * answer 304 when the client already has it, else send it, compressed when worthwhile.
 */
export async function sendRepresentation(req: http.IncomingMessage, res: http.ServerResponse, rep: Representation): Promise<void> {
  for (const [key, value] of Object.entries(rep.headers)) res.setHeader(key, value);
  const varyOn = [...(rep.vary ?? []), ...(rep.compress ? ['Accept-Encoding'] : [])];
  if (varyOn.length) vary(res, varyOn);

  let encoding: Encoding = rep.compress ? chooseEncoding(req) : 'identity';
  const precompressed = encoding === 'identity' ? undefined : rep.precompressed?.[encoding];
  if (encoding !== 'identity' && !precompressed && rep.body.length < MIN_COMPRESS_BYTES) encoding = 'identity';

  const cacheable = rep.status === 200 && (req.method === 'GET' || req.method === 'HEAD') && rep.conditional;
  if (cacheable) {
    const etag = etagForEncoding(rep.etag ?? strongEtag(rep.body), encoding);
    res.setHeader('etag', etag);
    if (etagMatches(req.headers['if-none-match'], etag)) {
      res.removeHeader('content-type');
      res.writeHead(304);
      res.end();
      return;
    }
  }

  let payload = rep.body;
  if (encoding !== 'identity') {
    payload = precompressed ?? (await compress(rep.body, encoding));
    res.setHeader('content-encoding', encoding);
  }
  res.setHeader('content-length', payload.length);
  res.writeHead(rep.status);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

/** Whether a GraphQL answer may be answered with 304 / carry an ETag: a public GET answer. */
export function isConditionalGraphQL(req: http.IncomingMessage, cacheControl: string | undefined): boolean {
  return req.method === 'GET' && isPublic(cacheControl);
}
