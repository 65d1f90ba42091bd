import type http from 'node:http';
import cors from 'cors';
import vary from 'vary';
import type { CorsConfig } from '../config.js';

/** Request headers a browser client of the gateway may send (anything else fails the preflight). */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'idempotency-key',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
];
/** Response headers scripts on an allowed origin may read (ETag for their own conditional GETs). */
export const CORS_EXPOSED_HEADERS = ['etag'];
/** How long a browser may reuse a preflight answer, in seconds. */
export const CORS_PREFLIGHT_MAX_AGE = 600;

const LOCALHOST_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export function isOriginAllowed(config: CorsConfig, origin: string): boolean {
  if (config.origins.includes('*') || config.origins.includes(origin)) return true;
  return config.localhost && LOCALHOST_ORIGIN.test(origin);
}

export type CorsOutcome = 'answered' | 'continue';

/**
 * CORS for the gateway, through the `cors` package (the Express middleware, which only needs
 * Node's req/res). Allowed origins get the `Access-Control-*` headers; a preflight from any
 * other origin is refused with 403 and a message naming the setting, which is easier to debug
 * than the library's silent 204 without headers. Requests from unlisted origins still run but
 * carry no CORS headers, so a foreign page cannot read the answer.
 */
export function createCors(config: CorsConfig) {
  const anyOrigin = config.origins.includes('*');
  const middleware = cors({
    // `*` is sent literally (shared caches can keep one copy); otherwise the origin is echoed with Vary: Origin.
    origin: anyOrigin ? '*' : (origin, callback) => callback(null, origin !== undefined && isOriginAllowed(config, origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: config.credentials,
    maxAge: CORS_PREFLIGHT_MAX_AGE,
    optionsSuccessStatus: 204,
  });

  return (req: http.IncomingMessage, res: http.ServerResponse): Promise<CorsOutcome> => {
    const origin = req.headers.origin;
    const isPreflight = req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined;
    if (isPreflight && !isOriginAllowed(config, origin)) {
      const body = JSON.stringify({ error: `Origin ${origin} may not call this server from a browser; the operator lists allowed origins in CORS_ORIGINS` });
      vary(res, 'Origin');
      res.writeHead(403, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return Promise.resolve('answered');
    }
    return new Promise((resolve, reject) => {
      middleware(req as Parameters<typeof middleware>[0], res as Parameters<typeof middleware>[1], (error?: unknown) =>
        error ? reject(error) : resolve('continue'),
      );
      // The middleware ends OPTIONS requests itself (synchronously: the origin callback above is).
      if (res.writableEnded) resolve('answered');
    });
  };
}
