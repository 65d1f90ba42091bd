import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type BaseContext, type ContextFunction } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { CorsConfig, GuardConfig } from './config.js';
import { makeErrorFormatter } from './error-formatter.js';
import { refusedDocumentRule, requestGuardPlugin } from './guard/plugin.js';
import { observabilityPlugin } from './observability/apollo-plugin.js';
import { currentScope } from './observability/request-scope.js';
import { instrumentHandler, type ServiceObservability } from './observability/service.js';
import { drainServer } from './http/drain.js';
import { capResponse } from './http/response-cap.js';
import { cacheControlPlugin, GRAPHQL_VARY, UNCACHEABLE } from './http/cache.js';
import { createCors } from './http/cors.js';
import { mediaTypeOf, refuseForgeableRequest } from './http/csrf.js';
import { isConditionalGraphQL, sendRepresentation } from './http/representation.js';
import { guardConnections, type ConnectionGuard } from './http/connection-guard.js';
import { trustFunction } from './http/client-address.js';
import { registerConnectionMetrics } from './http/connection-metrics.js';
import { sharedConnectionBudget, type ConnectionBudget } from './http/fd-budget.js';
import { serverLimitsFromEnv, type ServerLimits, type ServerRole } from './http/server-limits.js';
import { checkBodyDepth, checkQueryString, checkVariables, jsonLimitsFromEnv, type JsonLimits, type JsonRefusal } from './http/json-limits.js';
import { settingsEnv } from './config/current.js';
import { read } from './config/setting.js';
import { S } from './config/settings/index.js';

export interface HttpContextArgs {
  req: http.IncomingMessage;
}

export interface ServiceOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: ContextFunction<[HttpContextArgs], TContext>;
  /** Body of `GET /health`; a `status` of "down" answers 503 ("degraded" still serves). */
  health: () => Promise<Record<string, unknown> & { status: string }> | (Record<string, unknown> & { status: string });
  /** Extra routes (path → handler) answered before GraphQL, e.g. `/metrics`. */
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

export interface RunningService {
  url: string;
  port: number;
  server: http.Server;
  /** Connection admission (caps, first-request deadline); its stats for tests and operators. */
  connections: ConnectionGuard;
  close(): Promise<void>;
}

/** Connections a server may always hold, whatever the other servers of its process hold. */
const RESERVED_CONNECTIONS = 256;
/** Even with descriptors to spare, idle sockets cost memory (a few KB each in Node and the kernel). */
const MAX_CONNECTIONS_CEILING = 50_000;

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** How long a stopping server keeps answering the requests in progress (DRAIN_MS, default 5 s). */
function drainMs(): number {
  return read(settingsEnv(), S.DRAIN_MS, 5000);
}

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
      const route = options.routes?.[url.pathname];
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

/**
 * Node's HTTP parser refuses some requests itself (a URL or headers over 16 KB: 431, garbage:
 * 400) with an empty body; answer those with a coded JSON error like every other client mistake.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || !error.code?.startsWith('HPE_')) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const payload = JSON.stringify({
    errors: [{ message: status === 431 ? 'Request URL or headers too large' : 'Malformed HTTP request', extensions: { code: 'BAD_REQUEST' } }],
  });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`,
  );
}

/** Listens on `port` (0 picks a free one) and resolves once bound. */
export async function listen<TContext extends BaseContext>(options: ServiceOptions<TContext>, port: number, host = '127.0.0.1'): Promise<RunningService> {
  const limits = options.limits ?? serverLimitsFromEnv(settingsEnv(), options.role ?? 'subgraph');
  const handle = createRequestHandler(options);
  const server = http.createServer(
    {
      // Node checks header and request deadlines this often (default 30 s, so a 10 s deadline
      // could hold a socket 40 s).
      connectionsCheckingInterval: 1000,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestReceiveTimeoutMs,
    },
    (req, res) => {
      // A refused connection got its answer when it connected; a request it sends anyway is not served.
      if (connections.isRefused(req.socket)) req.resume();
      else void handle(req, res);
    },
  );
  server.on('clientError', answerClientError);
  // At a node, an idle kept-alive socket stays open a minute (Node's default is 5 s): a gateway far
  // away that sees a pause of more than 5 s between requests would otherwise pay a new TCP
  // handshake, one more round trip, on the next one (bench scenario 9 showed it). close() still
  // returns at once: it closes every connection.
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.timeout = limits.socketIdleTimeoutMs;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  const budget = options.budget ?? sharedConnectionBudget();
  const maxConnections = limits.maxConnections ?? Math.min(budget.total, MAX_CONNECTIONS_CEILING);
  const connections = guardConnections(server, {
    maxConnections,
    maxPerClient: limits.maxConnectionsPerClient,
    firstRequestTimeoutMs: limits.headersTimeoutMs,
    trust: trustFunction(limits.trustProxy),
    budget,
    reserved: RESERVED_CONNECTIONS,
  });
  if (options.observability) registerConnectionMetrics(options.observability.metrics.registry, connections, budget, maxConnections);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // The kernel queues this many connections not yet accepted (Node's default 511): a flood
    // of connects must not fill it before the event loop gets to accept and sort them.
    server.listen({ port, host, backlog: 4096 }, () => resolve());
  }).catch((error: unknown) => {
    connections.stop();
    throw error;
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}/graphql`,
    port: bound,
    server,
    connections,
    // Requests in progress are answered first (up to DRAIN_MS), so a restart cuts no answer short.
    close: async () => {
      await drainServer(server, drainMs());
      connections.stop();
    },
  };
}

export interface ApolloServiceOptions<TContext extends BaseContext> extends Omit<ServiceOptions<TContext>, 'apollo'> {
  /** A subgraph schema, or … */
  schema?: GraphQLSchema;
  /** … a gateway. */
  gateway?: GatewayInterface;
  /** development/test show stack traces; production masks internal errors (see contract/errors.ts). */
  development: boolean;
  /** Cost limits and introspection (platform/guard). */
  guard: GuardConfig;
  /** The service's own Apollo plugins (e.g. releasing per-request resources), after the shared ones. */
  plugins?: ApolloServerPlugin<TContext>[];
}

/**
 * Builds the ApolloServer every service of the federation uses (same error masking, no landing
 * page, no Apollo Studio traces, no signal handlers of its own: the entry points stop services
 * in order) and listens. close() stops HTTP, then Apollo.
 */
export async function startApolloService<TContext extends BaseContext>(
  options: ApolloServiceOptions<TContext>,
  port: number,
  host?: string,
): Promise<RunningService> {
  const { schema, gateway, development, guard, plugins: own = [], ...service } = options;
  const observability = service.observability;
  const cacheMaxAge = service.http?.cacheMaxAgeSeconds;
  // Apollo's per-field cache hints are not used (cacheControlPlugin decides per answer), and that
  // plugin's per-field hook was a visible share of a node's CPU in the fan-out profile; traces
  // are for Apollo's hosted studio.
  const plugins: ApolloServerPlugin<TContext>[] = [
    requestGuardPlugin<TContext>(guard.cost),
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginCacheControlDisabled(),
    ...(schema ? [ApolloServerPluginInlineTraceDisabled()] : []),
    ...own,
    ...(observability ? [observabilityPlugin(observability.metrics)] : []),
    ...(cacheMaxAge !== undefined ? [cacheControlPlugin<TContext>(cacheMaxAge)] : []),
  ];
  const common = {
    logger: observability?.logger,
    formatError: makeErrorFormatter(
      development,
      (error, formatted) =>
        (currentScope()?.log ?? observability?.logger)?.error(
          { err: error, graphqlPath: formatted.path, code: formatted.extensions?.code },
          'internal error (masked to the client)',
        ),
      guard.cost.maxTokens,
    ),
    includeStacktraceInErrorResponses: development,
    introspection: guard.introspection,
    // graphql-js stops parsing at the limit, so a token bomb costs at most maxTokens of parsing.
    parseOptions: { maxTokens: guard.cost.maxTokens },
    validationRules: [refusedDocumentRule],
    // Replaced by our own rules (platform/http/csrf.ts): Apollo's also refused plain GET queries.
    csrfPrevention: false,
    plugins,
    stopOnTerminationSignals: false,
  };
  const apollo = schema ? new ApolloServer<TContext>({ ...common, schema }) : new ApolloServer<TContext>({ ...common, gateway: gateway! });
  await apollo.start();
  let running: RunningService;
  try {
    running = await listen<TContext>({ role: gateway ? 'gateway' : 'subgraph', ...service, apollo }, port, host);
  } catch (error) {
    await apollo.stop();
    throw error;
  }
  const closeHttp = running.close;
  return {
    ...running,
    close: async () => {
      await closeHttp();
      await apollo.stop();
    },
  };
}
