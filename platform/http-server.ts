import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { GuardConfig } from './config.js';
import { compiledExecution } from './compiled-execution.js';
import { makeErrorFormatter } from './error-formatter.js';
import { refusedDocumentRule, requestGuardPlugin } from './guard/plugin.js';
import { observabilityPlugin } from './observability/apollo-plugin.js';
import { currentScope } from './observability/request-scope.js';
import { drainServer } from './http/drain.js';
import { cacheControlPlugin } from './http/cache.js';
import { guardConnections, type ConnectionGuard } from './http/connection-guard.js';
import { trustFunction } from './http/client-address.js';
import { registerConnectionMetrics } from './http/connection-metrics.js';
import { sharedConnectionBudget } from './http/fd-budget.js';
import { createRequestHandler, type ServiceOptions } from './http/request-handler.js';
import { serverLimitsFromEnv } from './http/server-limits.js';
import { settingsEnv } from './config/current.js';
import { read } from './config/setting.js';
import { S } from './config/settings/index.js';

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

/** How long a stopping server keeps answering the requests in progress (DRAIN_MS, default 5 s). */
function drainMs(): number {
  return read(settingsEnv(), S.DRAIN_MS, 5000);
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
  /** A subgraph's queries run compiled (platform/compiled-execution.ts); only with `schema`. */
  compiledExecution?: boolean;
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
  const { schema, gateway, development, guard, compiledExecution: compiled = false, plugins: own = [], ...service } = options;
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
  // Apollo Server takes another executor only as a gateway's; the service stays a subgraph (role, plugins).
  const apollo = schema
    ? compiled
      ? new ApolloServer<TContext>({ ...common, gateway: compiledExecution(schema) })
      : new ApolloServer<TContext>({ ...common, schema })
    : new ApolloServer<TContext>({ ...common, gateway: gateway! });
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
