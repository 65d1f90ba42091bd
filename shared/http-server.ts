import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type BaseContext, type ContextFunction } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { makeErrorFormatter } from './errors.js';
import { observabilityPlugin } from './observability/apollo-plugin.js';
import { currentScope } from './observability/request-scope.js';
import { instrumentHandler, type ServiceObservability } from './observability/service.js';

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
  /** Request ids, access lines, HTTP metrics and server spans (see shared/observability/service.ts). */
  observability?: ServiceObservability;
}

export interface RunningService {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('Request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * Serves an ApolloServer at `/graphql` and `GET /health` on a plain Node HTTP server, so that
 * the same code backs the country nodes, the regional subgraph and the gateway.
 */
export function createRequestHandler<TContext extends BaseContext>(options: ServiceOptions<TContext>) {
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
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
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const raw = req.method === 'POST' ? await readBody(req) : '';
      let body: unknown = raw;
      if (raw && (headers.get('content-type') ?? '').toLowerCase().includes('json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
      }
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: () => options.context({ req }),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
      } else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      if (status === 500) (currentScope()?.log ?? options.observability?.logger)?.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, status, { errors: [{ message: status === 500 ? 'Internal server error' : (error as Error).message }] });
      else res.end();
    }
  };
  return options.observability ? instrumentHandler(options.observability, handle) : handle;
}

/** Listens on `port` (0 picks a free one) and resolves once bound. */
export async function listen<TContext extends BaseContext>(
  options: ServiceOptions<TContext>,
  port: number,
  host = '127.0.0.1',
): Promise<RunningService> {
  const server = http.createServer(createRequestHandler(options));
  // Keep-alive sockets from the gateway would otherwise hold close() open.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}/graphql`,
    port: bound,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface ApolloServiceOptions<TContext extends BaseContext> extends Omit<ServiceOptions<TContext>, 'apollo'> {
  /** A subgraph schema, or … */
  schema?: GraphQLSchema;
  /** … a gateway. */
  gateway?: GatewayInterface;
  /** development/test show stack traces; production masks internal errors (see shared/errors.ts). */
  development: boolean;
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
  const { schema, gateway, development, ...service } = options;
  const observability = service.observability;
  // No HTTP cache hints are used, and the cache-control plugin's per-field hook was a visible
  // share of a node's CPU in the fan-out profile; traces are for Apollo's hosted studio.
  const plugins = [
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginCacheControlDisabled(),
    ...(schema ? [ApolloServerPluginInlineTraceDisabled()] : []),
    ...(observability ? [observabilityPlugin(observability.metrics)] : []),
  ];
  const common = {
    logger: observability?.logger,
    formatError: makeErrorFormatter(development, (error, formatted) =>
      (currentScope()?.log ?? observability?.logger)?.error({ err: error, graphqlPath: formatted.path, code: formatted.extensions?.code }, 'internal error (masked to the client)'),
    ),
    includeStacktraceInErrorResponses: development,
    introspection: true,
    plugins,
    stopOnTerminationSignals: false,
  };
  const apollo = schema ? new ApolloServer<TContext>({ ...common, schema }) : new ApolloServer<TContext>({ ...common, gateway: gateway! });
  await apollo.start();
  let running: RunningService;
  try {
    running = await listen<TContext>({ ...service, apollo }, port, host);
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
