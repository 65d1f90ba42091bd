import 'reflect-metadata';
import {
  ConfigError,
  DEFAULT_GATEWAY_PORT,
  DEFAULT_NODE_PORTS,
  DEFAULT_REGIONAL_PORT,
  loadCountryNodeConfig,
  loadGatewayConfig,
  loadRegionalConfig,
} from '../shared/config.js';
import { startGateway } from '../gateway/server.js';
import { setupTracing } from '../shared/observability/tracing.js';
import { startCountryNode } from '../subgraphs/country/server.js';
import { startRegional } from '../subgraphs/regional/server.js';

/**
 * `npm start`: the whole federation on one machine. Each service gets its own embedded
 * PostgreSQL under .data/<name>/ (or DATABASE_URL_<CC> / DATABASE_URL_REGIONAL for external
 * servers), is migrated and seeded when empty; then the gateway composes them.
 */
async function main() {
  const started = Date.now();
  const env = process.env;
  const countries = (env.COUNTRIES ?? Object.keys(DEFAULT_NODE_PORTS).join(',')).split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  // PORT_OFFSET shifts every default port, so a second stack (or a test) can run beside the first.
  const offset = Number(env.PORT_OFFSET ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 60000) throw new ConfigError(`PORT_OFFSET must be an integer 0..60000, got "${env.PORT_OFFSET}"`);
  const serviceEnv = (databaseUrl: string | undefined, port: number) => ({ ...env, PORT: String(port + offset), DATABASE_URL: databaseUrl });
  // One process runs every service, so one tracer provider (OTEL_SERVICE_NAME, default ilo-federation).
  const tracing = setupTracing('ilo-federation');
  const closers: Array<() => Promise<void>> = [];
  if (tracing) closers.push(() => tracing.shutdown());
  const stopAll = async () => {
    // Gateway first, then the services it calls; each service stops its own database.
    for (const close of closers.reverse()) await close().catch((e) => console.error(e));
  };

  let stopping = false;
  const onSignal = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the gateway, nodes and databases…`);
    await stopAll();
    console.log('stopped; data kept in .data/');
    process.exit(0);
  };
  process.on('SIGINT', () => void onSignal('SIGINT'));
  process.on('SIGTERM', () => void onSignal('SIGTERM'));

  try {
    const services = await Promise.all([
      (async () => {
        const t = Date.now();
        const regional = await startRegional(loadRegionalConfig([], serviceEnv(env.DATABASE_URL_REGIONAL, DEFAULT_REGIONAL_PORT)));
        closers.push(regional.close);
        console.log(`[regional] ready in ${Date.now() - t} ms at ${regional.url}`);
        return { name: 'regional', url: regional.url };
      })(),
      ...countries.map(async (country) => {
        const t = Date.now();
        const node = await startCountryNode(loadCountryNodeConfig(['--country', country], serviceEnv(env[`DATABASE_URL_${country}`], DEFAULT_NODE_PORTS[country] ?? 4100)));
        closers.push(node.close);
        console.log(`[${country}] ready in ${Date.now() - t} ms at ${node.url}`);
        return { name: country, url: node.url };
      }),
    ]);
    const regionalUrl = services[0].url;
    const gatewayConfig = loadGatewayConfig([], {
      ...env,
      PORT: String(Number(env.PORT ?? DEFAULT_GATEWAY_PORT) + offset),
      REGIONAL_URL: regionalUrl,
      COUNTRY_NODES: services.slice(1).map((s) => `${s.name}=${s.url}`).join(','),
    });
    const gateway = await startGateway(gatewayConfig);
    closers.push(gateway.close);
    console.log('');
    console.log(`Federation up in ${Date.now() - started} ms (${Math.round(process.memoryUsage().rss / 1048576)} MiB RSS in this process)`);
    console.log(`  gateway   ${gateway.url}   health ${gateway.url.replace(/graphql$/, 'health')}   metrics ${gateway.url.replace(/graphql$/, 'metrics')}`);
    for (const s of services) console.log(`  ${s.name.padEnd(9)} ${s.url}`);
    console.log('Ctrl-C stops everything; data stays in .data/');
  } catch (error) {
    console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
    await stopAll();
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
