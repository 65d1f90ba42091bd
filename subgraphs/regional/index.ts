import 'reflect-metadata';
import { ConfigError, loadRegionalConfig } from '../../shared/config.js';
import { startRegional } from './server.js';

/** `npm run regional [-- --port N]`: the regional office's reference-data subgraph (default port 4001). */
async function main() {
  const started = Date.now();
  const config = loadRegionalConfig(process.argv.slice(2));
  const service = await startRegional(config, (m) => console.log(`[regional] ${m}`));
  console.log(`[regional] ready in ${Date.now() - started} ms at ${service.url} (health: ${service.url.replace(/graphql$/, 'health')})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[regional] ${signal}: shutting down`);
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
