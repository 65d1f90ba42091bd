import type http from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import type { CorsConfig } from '../config.js';
import { currentScope } from '../observability/request-scope.js';
import { instrumentHandler, type ServiceObservability } from '../observability/service.js';
import { capResponse } from './response-cap.js';
import { GRAPHQL_VARY, UNCACHEABLE } from './cache.js';
import { createCors } from './cors.js';
import { mediaTypeOf, refuseForgeableRequest } from './csrf.js';
import { isConditionalGraphQL, sendRepresentation } from './representation.js';
import type { ConnectionBudget } from './fd-budget.js';
import type { ServerLimits, ServerRole } from './server-limits.js';
import { checkBodyDepth, checkQueryString, checkVariables, jsonLimitsFromEnv, type JsonLimits, type JsonRefusal } from './json-limits.js';
import { settingsEnv } from '../config/current.js';

export interface HttpContextArgs {
  req: http.IncomingMessage;
}

export interface ServiceOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: ContextFunction<[HttpContextArgs], TContext>;
  /** Body of `GET /health`; a `status` of "down" answers 503 ("degraded" still serves). */
  health: () => Promise<Record<string, unknown> & { status: string }> | (Record<string, unknown> & { status: string });
  /** Extra routes (path → handler) answered before GraphQL, e.g. `/metrics`; `/a/*` answers every path directly under `/a/` with no route of its own. */
  routes?: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>>;
  /** Answers a browser's request for `/graphql` (the IDE); returns false to let GraphQL answer. */
  browserPage?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;
  /** Browser-facing HTTP concerns (the gateway's); services without them keep plain answers. */
  http?: HttpPolicy;
  /** Largest answer body sent, in bytes (nodes set it; see platform/http/response-cap.ts). */
  maxResponseBytes?: number;
  /** Request ids, access lines, HTTP metrics and server spans (see platform/observability/service.ts). */
  observability?: ServiceObservability;
  /** Nesting and size bounds of request JSON (default: MAX_JSON_DEPTH, MAX_VARIABLES_DEPTH, MAX_VARIABLES_BYTES). */
  jsonLimits?: JsonLimits;
  /** Which defaults of the connection limits apply (see platform/http/server-limits.ts). */
  role?: ServerRole;
  /** Connection limits and timeouts (default: from the environment for `role`). */
  limits?: ServerLimits;
  /** The descriptor budget this server shares (default: the process's; tests give their own). */
  budget?: ConnectionBudget;
}

export interface HttpPolicy {
  cors?: CorsConfig;
  /** Compress answers (gzip/br) for clients that accept it. */
  compression?: boolean;
  /** Cache-Control max-age of complete anonymous GET answers; also turns on ETag and 304. */
  cacheMaxAgeSeconds?: number;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  // An oversized body is read to its end (up to a bound) and dropped, so the 413 reaches the
  // client on a healthy keep-alive connection instead of a reset.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES * 8) break;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) throw Object.assign(new Error(`Request body over ${MAX_BODY_BYTES} bytes`), { status: 413 });
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * Serves an ApolloServer at `/graphql` and `GET /health` on a plain Node HTTP server, so that
 * the same code backs the country nodes, the regional subgraph and the gateway.
 */
export function createRequestHandler<TContext extends BaseContext>(options: ServiceOptions<TContext>) {
  const cors = options.http?.cors ? createCors(options.http.cors) : undefined;
  const jsonLimits = options.jsonLimits ?? jsonLimitsFromEnv(settingsEnv());
  const refuseJson = (res: http.ServerResponse, refusal: JsonRefusal) => sendJson(res, 400, { errors: [refusal] });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (cors && (await cors(req, res)) === 'answered') return;
      if (url.pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
        const body = await options.health();
        sendJson(res, body.status === 'down' ? 503 : 200, body);
        return;
      }
      const route = options.routes?.[url.pathname] ?? options.routes?.[`${url.pathname.slice(0, url.pathname.lastIndexOf('/'))}/*`];
      if (route) {
        await route(req, res);
        return;
      }
      if (url.pathname !== '/graphql') {
        sendJson(res, 404, { error: `Not found: ${url.pathname}. GraphQL is served at /graphql` });
        return;
      }
      if (options.browserPage && (await options.browserPage(req, res))) return;
      const refusal = refuseForgeableRequest(req);
      if (refusal) {
        sendJson(res, refusal.status, { errors: [{ message: refusal.message, extensions: { code: 'BAD_REQUEST' } }] }, refusal.headers);
        return;
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const tooDeepQuery = req.method === 'POST' ? null : checkQueryString(url.searchParams, jsonLimits);
      if (tooDeepQuery) return refuseJson(res, tooDeepQuery);
      const raw = req.method === 'POST' ? await readBody(req) : '';
      let body: unknown = raw;
      if (raw && mediaTypeOf(req).endsWith('json')) {
        // Bounded before anything reads it (see platform/http/json-limits.ts).
        const tooDeep = checkBodyDepth(raw, jsonLimits);
        if (tooDeep) return refuseJson(res, tooDeep);
        try {
          body = JSON.parse(raw);
        } catch {
          sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
        const variables = body && typeof body === 'object' && !Array.isArray(body) ? (body as { variables?: unknown }).variables : undefined;
        const tooLarge = checkVariables(variables, jsonLimits);
        if (tooLarge) return refuseJson(res, tooLarge);
      }
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: () => options.context({ req }),
      });
      if (response.body.kind === 'complete') {
        const policy = options.http ?? {};
        const answerHeaders = Object.fromEntries(response.headers);
        const caching = policy.cacheMaxAgeSeconds !== undefined && req.method === 'GET';
        // Answers the cache plugin never saw (malformed request, 405) must not be kept either.
        if (caching) answerHeaders['cache-control'] ??= UNCACHEABLE;
        await sendRepresentation(req, res, {
          status: response.status ?? 200,
          headers: answerHeaders,
          body: capResponse(Buffer.from(response.body.string), options.maxResponseBytes),
          vary: caching ? GRAPHQL_VARY : undefined,
          conditional: caching && isConditionalGraphQL(req, answerHeaders['cache-control']),
          compress: policy.compression === true,
        });
      } else {
        for (const [key, value] of response.headers) res.setHeader(key, value);
        res.statusCode = response.status ?? 200;
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      if (status === 500) (currentScope()?.log ?? options.observability?.logger)?.error({ err: error }, 'request failed');
      const body =
        status === 500
          ? { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }
          : { message: (error as Error).message, extensions: { code: 'BAD_REQUEST' } };
      if (!res.headersSent) sendJson(res, status, { errors: [body] });
      else res.end();
    }
  };
  return options.observability ? instrumentHandler(options.observability, handle) : handle;
}
