import cluster from 'node:cluster';
import { runService } from '../platform/cli.js';
import { loadGatewayConfig } from '../platform/config.js';
import { CONFIG_EXIT_CODE, ConfigError } from '../platform/config/error.js';
import { settingsEnv } from '../platform/config/current.js';
import { GATEWAY_FILE_SECTIONS } from '../platform/config/schema.js';
import { defaultSubgraphs } from '../platform/default-subgraphs.js';
import { startupMessage } from '../platform/startup-error.js';
import { startGateway } from './server.js';
import { configFileArgument, registerSubgraphSections, subgraphsFromSections } from './subgraphs/load.js';
import { shardKeys } from './subgraphs/subgraph-list.js';
import { gatewayWorkerCount, superviseWorkers } from './workers.js';

/**
 * `npm run gateway`: the gateway alone, federating the subgraphs of `--config gateway.yaml` (or
 * GATEWAY_CONFIG), else those the environment names (platform/default-subgraphs.ts).
 */
function main(): void {
  registerSubgraphSections(GATEWAY_FILE_SECTIONS);
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
    const { file } = configFileArgument(process.argv.slice(2), process.env);
    const subgraphs = subgraphsFromSections(config.fileSections, file, defaultSubgraphs(config));
    const gateway = await startGateway(config, undefined, { subgraphs });
    const names = [...subgraphs.ordinary.map((s) => s.name), ...(subgraphs.sharded ? [`${subgraphs.sharded.name} (${shardKeys(subgraphs).join(', ')})`] : [])];
    gateway.logger.info({ subgraphs: names, supergraphFile: subgraphs.supergraphSdl !== null }, `subgraphs: ${names.join(', ') || 'from the supergraph file'}`);
    return gateway;
  });
}

main();
