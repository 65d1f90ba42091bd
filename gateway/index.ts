import { ConfigError, loadGatewayConfig } from '../shared/config.js';
import { startGateway } from './server.js';

/** `npm run gateway`: the gateway alone, against the nodes named in COUNTRY_NODES / REGIONAL_URL. */
async function main() {
  const config = loadGatewayConfig(process.argv.slice(2));
  const gateway = await startGateway(config, (m) => console.log(`[gateway] ${m}`));
  console.log(`[gateway] ready at ${gateway.url} over ${config.countryNodes.map((n) => n.country).join(', ')} (health: ${gateway.url.replace(/graphql$/, 'health')})`);
  const stop = async (signal: string) => {
    console.log(`[gateway] ${signal}: shutting down`);
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
