import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { parse } from 'graphql';
import { loadGatewayConfig } from '../platform/config.js';
import { listen, type RunningService } from '../platform/http-server.js';
import { startGateway, type GatewayOptions, type RunningGateway } from '../gateway/server.js';
import { sumOf } from '../platform/observability/prometheus-text.js';

export interface BenchNode {
  country: string;
  pid: number;
  url: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts one country node in its own process (bench/node-process.ts) and waits until it listens;
 * `script` runs another build's node-process.js (before/after comparisons of node-cost.ts).
 */
export function startNodeProcess(country: string, databaseUrl: string, script = path.join(__dirname, 'node-process.js')): Promise<BenchNode> {
  const child: ChildProcess = fork(script, [country, databaseUrl], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`node ${country} exited (${code}) before listening`)));
    child.once('message', (m: { url?: string; error?: string }) => {
      if (!m.url) return reject(new Error(`node ${country} failed: ${m.error}`));
      resolve({
        country,
        pid: child.pid!,
        url: m.url,
        databaseUrl,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            // Disconnecting asks the node to close its HTTP server, pool and exit.
            if (child.connected) child.disconnect();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(timer);
          }
        },
      });
    });
  });
}

/** SQL statements the node has sent since it started (`ilo_sql_statements_total` at its GET /metrics). */
export async function sqlStatements(node: BenchNode): Promise<number> {
  const res = await fetch(node.url.replace(/\/graphql$/, '/metrics'));
  return sumOf(await res.text(), 'ilo_sql_statements_total');
}

export async function postJson(url: string, body: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return res.json();
}

/** Our shard-aware gateway over `nodes`, listening on a free port; `env` overrides its settings (single-flight off unless `options` turn it on). */
export function startOurGateway(
  regionalUrl: string,
  nodes: Array<Pick<BenchNode, 'country' | 'url'>>,
  env: Record<string, string> = {},
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  return startGateway(
    loadGatewayConfig(['--port', '0'], {
      NODE_ENV: 'production',
      // Access lines cost what they cost in production; they go to stdout only when asked for.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      REGIONAL_URL: regionalUrl,
      COUNTRY_NODES: nodes.map((n) => `${n.country}=${n.url}`).join(','),
      // Under saturation with 50 nodes on 2 cores a node can be slow; a timeout would turn into a partial answer.
      NODE_TIMEOUT_MS: '60000',
      // No re-polling during a measurement.
      POLL_INTERVAL_MS: '3600000',
      // One load generator on one address is not abuse; production's per-client limit would cap it.
      RATE_LIMIT_REQUESTS: '0',
      // Scenarios measure the federation's work; the response cache has its own (10), which turns it on.
      RESPONSE_CACHE: 'off',
      ...env,
    }),
    undefined,
    // Like the response cache, coalescing of identical concurrent reads is measured on its own
    // (scenario 3d): the other scenarios' clients all send one query, and would share answers.
    { singleFlight: false, ...options },
  );
}

async function sdlOf(url: string): Promise<string> {
  const body = await postJson(url, JSON.stringify({ query: '{ _service { sdl } }' }));
  return body.data._service.sdl;
}

/**
 * The baseline: a stock @apollo/gateway over the regional subgraph and ONE country node, with
 * Apollo's own RemoteGraphQLDataSource (no shard-aware data source), served the same way as ours.
 */
export async function startPlainGateway(regionalUrl: string, node: BenchNode): Promise<RunningService> {
  const composed = composeServices([
    { name: 'regional', url: regionalUrl, typeDefs: parse(await sdlOf(regionalUrl)) },
    { name: 'country', url: node.url, typeDefs: parse(await sdlOf(node.url)) },
  ]);
  if (composed.errors) throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: ({ url }) => new RemoteGraphQLDataSource({ url }),
  });
  const apollo = new ApolloServer({
    gateway,
    introspection: true,
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const service = await listen({ apollo, context: async () => ({}), health: () => ({ status: 'ok' }) }, 0);
  return {
    ...service,
    close: async () => {
      await service.close();
      await apollo.stop();
    },
  };
}
