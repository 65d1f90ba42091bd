import 'reflect-metadata';
import { ConfigError, loadCountryNodeConfig } from '../../shared/config.js';
import { startCountryNode } from './server.js';

/** `npm run node -- --country KG [--port N]`: what a country office deploys. */
async function main() {
  const started = Date.now();
  const config = loadCountryNodeConfig(process.argv.slice(2));
  const node = await startCountryNode(config, (m) => console.log(`[${config.country}] ${m}`));
  console.log(`[${config.country}] country node ready in ${Date.now() - started} ms at ${node.url} (health: ${node.url.replace(/graphql$/, 'health')})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[${config.country}] ${signal}: shutting down`);
    await node.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
