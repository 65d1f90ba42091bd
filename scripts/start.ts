import 'reflect-metadata';
import { dataRoot, DEFAULT_GATEWAY_PORT, DEFAULT_REGIONAL_PORT, loadCountryNodeConfig, loadGatewayConfig, loadRegionalConfig } from '../platform/config.js';
import { startGateway } from '../gateway/server.js';
import { CONFIG_EXIT_CODE, ConfigError } from '../platform/config/error.js';
import { read } from '../platform/config/setting.js';
import { S } from '../platform/config/settings/index.js';
import { DataFolderInUseError } from '../platform/embedded-pg/owner.js';
import { readFdLimit, sharedConnectionBudget } from '../platform/http/fd-budget.js';
import { setupTracing } from '../platform/observability/tracing.js';
import { nodePorts, portOffset } from '../platform/ports.js';
import { handleShutdownSignals } from '../platform/shutdown.js';
import { startupMessage } from '../platform/startup-error.js';
import { startCountryNode } from '../subgraphs/country/server.js';
import { startRegional } from '../subgraphs/regional/server.js';

/**
 * `npm start`: the whole federation on one machine. Each service gets its own embedded
 * PostgreSQL under DATA_DIR/<name>/ (default .data; or DATABASE_URL_<CC> / DATABASE_URL_REGIONAL
 * for external servers), is migrated and seeded; then the gateway composes them. Ctrl-C drains
 * and stops everything (a second Ctrl-C forces it; see platform/shutdown.ts).
 */
async function main() {
  const started = Date.now();
  const env = process.env;
  const countries = read(env, S.COUNTRIES, ['MN', 'KG', 'AZ', 'VN']);
  const ports = nodePorts(countries);
  const offset = portOffset(env);
  const dataDir = dataRoot(env);
  const serviceEnv = (databaseUrl: string | undefined, port: number) => ({ ...env, PORT: String(port + offset), DATABASE_URL: databaseUrl });
  const shutdown = handleShutdownSignals((message) => console.log(`\n${message}`));
  // One process runs every service, so one tracer provider (OTEL_SERVICE_NAME, default ilo-federation).
  const tracing = setupTracing('ilo-federation');
  const closers: Array<() => Promise<void>> = [];
  if (tracing) closers.push(() => tracing.shutdown());
  let gatewayClose: (() => Promise<void>) | null = null;
  const stopAll = async () => {
    // Gateway first (it drains the requests it is answering, which need the nodes), then the
    // services it calls side by side; each service stops its own database.
    if (gatewayClose) await gatewayClose().catch((e) => console.error(e));
    await Promise.all(closers.splice(0).map((close) => close().catch((e) => console.error(e))));
  };

  const startService = async (name: string, start: () => Promise<{ url: string; close(): Promise<void> }>) => {
    const t = Date.now();
    try {
      const service = await start();
      closers.push(service.close);
      console.log(`[${name}] ready in ${Date.now() - t} ms at ${service.url}`);
      return { name, url: service.url };
    } catch (error) {
      throw { service: name, error };
    }
  };
  const settled = await Promise.allSettled([
    startService('regional', () =>
      startRegional(withSetting(loadRegionalConfig([], serviceEnv(env.DATABASE_URL_REGIONAL, DEFAULT_REGIONAL_PORT)), 'DATABASE_URL_REGIONAL')),
    ),
    ...countries.map((country) =>
      startService(`node ${country}`, () =>
        startCountryNode(
          withSetting(
            loadCountryNodeConfig(['--country', country], serviceEnv(env[`DATABASE_URL_${country}`], ports.get(country)!)),
            `DATABASE_URL_${country}`,
          ),
        ),
      ),
    ),
  ]);
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed.length || shutdown.requested) {
    reportFailures(
      failed.map((f) => f.reason as Failure),
      dataDir,
    );
    await stopAll();
    process.exit(failed.every((f) => (f.reason as Failure).error instanceof ConfigError) ? CONFIG_EXIT_CODE : 1);
  }
  const services = settled.map((s) => (s as PromiseFulfilledResult<{ name: string; url: string }>).value);
  const gatewayPort = read(env, S.PORT, DEFAULT_GATEWAY_PORT) + offset;
  let gateway;
  try {
    gateway = await startGateway(
      loadGatewayConfig([], {
        ...env,
        PORT: String(gatewayPort),
        REGIONAL_URL: services[0].url,
        COUNTRY_NODES: services
          .slice(1)
          .map((s, i) => `${countries[i]}=${s.url}`)
          .join(','),
      }),
    );
  } catch (error) {
    console.error(startupMessage('gateway', error));
    await stopAll();
    process.exit(error instanceof ConfigError ? CONFIG_EXIT_CODE : 1);
  }
  gatewayClose = gateway.close;
  shutdown.ready(stopAll);
  console.log('');
  console.log(`Federation up in ${Date.now() - started} ms (${Math.round(process.memoryUsage().rss / 1048576)} MiB RSS in this process)`);
  console.log(`  gateway   ${gateway.url}   health ${gateway.url.replace(/graphql$/, 'health')}   metrics ${gateway.url.replace(/graphql$/, 'metrics')}`);
  for (const s of services) console.log(`  ${s.name.padEnd(9)} ${s.url}`);
  console.log(`Ctrl-C stops everything (requests in progress are answered first); data stays in ${dataDir}`);
  console.log(fdLine());
}

/**
 * Every service of `npm start` shares this process's file descriptors. Node raised the soft limit
 * to the hard one when it started (see platform/http/fd-budget.ts), so what is left to say is how
 * many that is and, when it is small, how to raise the hard limit.
 */
function fdLine(): string {
  const limit = readFdLimit();
  const budget = sharedConnectionBudget();
  const line = `File descriptors: ${limit.known ? limit.soft : `unknown (assumed ${limit.soft})`}; up to ${budget.total} client connections across the services, the rest kept for node connections, databases and files`;
  return limit.soft < 8192
    ? `${line}. That is low for a server: raise the hard limit (ulimit -Hn 65536 as root, LimitNOFILE= in a systemd unit, docker run --ulimit nofile=65536:65536)`
    : line;
}

interface Failure {
  service: string;
  error: unknown;
}

/** One line per failed service, or one line in all when another stack holds the whole DATA_DIR. */
function reportFailures(failures: Failure[], dataDir: string): void {
  const owners = new Set(failures.map((f) => (f.error instanceof DataFolderInUseError ? f.error.owner.pid : null)));
  const first = failures[0].error;
  if (owners.size === 1 && first instanceof DataFolderInUseError) {
    const { pid, startedAt } = first.owner;
    console.error(
      `[start] ${dataDir} is in use by another running stack (pid ${pid}, running since ${startedAt}); it was left alone: stop it first (Ctrl-C in its terminal, or kill -INT ${pid}), or run this one with its own DATA_DIR and PORT_OFFSET`,
    );
    return;
  }
  for (const f of failures) console.error(startupMessage(f.service, f.error));
}

/** Start-up errors about an external database name the setting `npm start` read it from. */
function withSetting<C extends { database: { url?: string; urlSetting?: string } }>(config: C, setting: string): C {
  return { ...config, database: { ...config.database, urlSetting: setting } };
}

main().catch((error) => {
  console.error(startupMessage('start', error));
  process.exit(error instanceof ConfigError ? CONFIG_EXIT_CODE : 1);
});
