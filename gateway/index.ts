import cluster from 'node:cluster';
import { runService } from '../shared/cli.js';
import { loadGatewayConfig } from '../shared/config.js';
import { CONFIG_EXIT_CODE, ConfigError } from '../shared/config/error.js';
import { settingsEnv } from '../shared/config/current.js';
import { startupMessage } from '../shared/startup-error.js';
import { startGateway } from './server.js';
import { gatewayWorkerCount, superviseWorkers } from './workers.js';

/** `npm run gateway`: the gateway alone, against the nodes named in COUNTRY_NODES / REGIONAL_URL (or its --config file). */
function main(): void {
  let workers: number;
  try {
    // Read (and refused) before any worker is forked: one line and exit 2, not one per worker.
    loadGatewayConfig(process.argv.slice(2));
    workers = cluster.isPrimary ? gatewayWorkerCount(settingsEnv()) : 1;
  } catch (error) {
    console.error(startupMessage('gateway', error));
    process.exit(error instanceof ConfigError ? CONFIG_EXIT_CODE : 1);
  }
  // Several workers: this process only supervises; each worker runs the code below.
  if (workers > 1) return superviseWorkers(workers);
  runService('gateway', async () => {
    const config = loadGatewayConfig(process.argv.slice(2));
    const gateway = await startGateway(config);
    gateway.logger.info({ countryNodes: config.countryNodes.map((n) => n.country) }, `country nodes: ${config.countryNodes.map((n) => n.country).join(', ')}`);
    return gateway;
  });
}

main();
