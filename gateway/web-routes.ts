import type http from 'node:http';
import Negotiator from 'negotiator';
import { mintToken } from '../platform/auth.js';
import { ConfigError, countryCode, type WebConfig } from '../platform/config.js';
import { GRAPHQL_VARY } from '../platform/http/cache.js';
import { refuseForgeableRequest } from '../platform/http/csrf.js';
import { sendRepresentation } from '../platform/http/representation.js';
import { webDistDir } from '../platform/package-root.js';
import { loadWebAssets, type StaticFile } from './web-assets.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface WebRoutes {
  /** `/`, `/explore`, `/editor`, `/assets/…` and, outside production, `/dev/token`. */
  routes: Record<string, Handler>;
  /** The IDE for a browser's GET of `/graphql`; false lets GraphQL answer. */
  browserPage: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;
}

/**
 * The pages only talk to this gateway: the policy makes a stray external request (a CDN font,
 * an analytics script) fail loudly instead of quietly breaking offline use. GraphiQL and
 * Chart.js set inline styles, hence 'unsafe-inline' for styles only.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function onlyGet(handler: Handler): Handler {
  return (req, res) => {
    if (req.method === 'GET' || req.method === 'HEAD') return handler(req, res);
    sendJson(res, 405, { error: `${req.method} is not allowed here; use GET` }, { allow: 'GET, HEAD' });
  };
}

function serve(file: StaticFile, headers: Record<string, string>, vary: string[] = []): Handler {
  return (req, res) =>
    sendRepresentation(req, res, {
      status: 200,
      headers: { 'content-type': file.type, ...headers },
      body: file.body,
      precompressed: { br: file.br, gzip: file.gzip },
      etag: file.etag,
      vary,
      conditional: true,
      compress: true,
    });
}

/** Whether a GET of /graphql is a person in a browser (HTML preferred over JSON), not a GraphQL client. */
export function prefersHtml(req: http.IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  return new Negotiator(req).mediaType(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html';
}

async function readSmallBody(req: http.IncomingMessage, limit = 10_000): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > limit) throw Object.assign(new Error('Request body too large'), { status: 413 });
  }
  return body;
}

/**
 * `POST /dev/token {"country":"KG"}` → `{"token": …}`: an editor token for the editor page's
 * "development token" button, signed with the secret the nodes use in development (the same
 * token `npm run token -- --role editor --country KG` prints). Never routed in production.
 */
function devTokenRoute(secret: string): Handler {
  return async (req, res) => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST {"country":"KG"} for an editor token' }, { allow: 'POST' });
    const refusal = refuseForgeableRequest(req);
    if (refusal) return sendJson(res, refusal.status, { error: refusal.message }, refusal.headers);
    let country: string;
    try {
      const body = JSON.parse(await readSmallBody(req));
      if (body.role !== undefined && body.role !== 'editor')
        return sendJson(res, 400, { error: 'Development tokens are editor tokens; role must be "editor"' });
      country = countryCode(typeof body.country === 'string' ? body.country : undefined, 'country');
    } catch (error) {
      const message = error instanceof ConfigError ? error.message : 'Send JSON such as {"country":"KG"}';
      return sendJson(res, (error as { status?: number }).status ?? 400, { error: message });
    }
    const token = await mintToken({ secret, sub: `dev-editor-${country.toLowerCase()}`, role: 'editor', country, expiresIn: '12h' });
    sendJson(res, 200, { token, country, role: 'editor', expiresIn: '12h' }, { 'cache-control': 'no-store' });
  };
}

/** The gateway's browser surface: the IDE, the overview, the explorer, the editor, their assets, dev tokens. */
export function createWebRoutes(config: WebConfig, log: (message: string) => void = () => {}): WebRoutes {
  const web = loadWebAssets(webDistDir(), { devTokens: Boolean(config.devTokenSecret), ide: config.ide });
  const routes: Record<string, Handler> = {};
  if (config.devTokenSecret) routes['/dev/token'] = devTokenRoute(config.devTokenSecret);
  if (!web) {
    log('web pages not built (dist/public missing): run `npm run build`; /, /editor and the IDE answer 503');
    const notBuilt: Handler = (_req, res) =>
      sendJson(res, 503, { error: 'The web pages are not built on this server: run `npm run build`. GraphQL is served at /graphql' });
    routes['/'] = routes['/explore'] = routes['/editor'] = notBuilt;
    return { routes, browserPage: async (req, res) => (config.ide && prefersHtml(req) ? (notBuilt(req, res), true) : false) };
  }
  routes['/'] = onlyGet(serve(web.pages.overview, PAGE_HEADERS));
  routes['/explore'] = onlyGet(serve(web.pages.explorer, PAGE_HEADERS));
  routes['/editor'] = onlyGet(serve(web.pages.editor, PAGE_HEADERS));
  for (const [urlPath, file] of web.assets) {
    routes[urlPath] = onlyGet(
      serve(file, { 'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache', 'x-content-type-options': 'nosniff' }),
    );
  }
  // /graphql answers HTML or JSON depending on Accept, so both carry the same Vary.
  const ide = serve(web.pages.ide, PAGE_HEADERS, GRAPHQL_VARY);
  return {
    routes,
    browserPage: async (req, res) => {
      if (!config.ide || !prefersHtml(req)) return false;
      await ide(req, res);
      return true;
    },
  };
}
