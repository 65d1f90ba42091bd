import cluster from 'node:cluster';
import { runService } from '../shared/cli.js';
import { ConfigError, loadGatewayConfig } from '../shared/config.js';
import { startGateway } from './server.js';
import { gatewayWorkerCount, superviseWorkers } from './workers.js';

/** `npm run gateway`: the gateway alone, against the nodes named in COUNTRY_NODES / REGIONAL_URL. */
function main(): void {
  let workers: number;
  try {
    workers = cluster.isPrimary ? gatewayWorkerCount() : 1;
  } catch (error) {
    console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
    process.exit(1);
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
