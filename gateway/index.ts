import cluster from 'node:cluster';
import { runService } from '../shared/cli.js';
import { ConfigError, loadGatewayConfig } from '../shared/config.js';
import { defaultSubgraphs } from '../shared/default-subgraphs.js';
import { startGateway } from './server.js';
import { configFileArgument, loadSubgraphs } from './subgraphs/load.js';
import { shardKeys } from './subgraphs/subgraph-list.js';
import { gatewayWorkerCount, superviseWorkers } from './workers.js';

/**
 * `npm run gateway`: the gateway alone, federating the subgraphs of `--config gateway.yaml` (or
 * GATEWAY_CONFIG), else those the environment names (shared/default-subgraphs.ts).
 */
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
    const { file, rest } = configFileArgument(process.argv.slice(2), process.env);
    const config = loadGatewayConfig(rest);
    const subgraphs = loadSubgraphs(file, defaultSubgraphs(config));
    const gateway = await startGateway(config, undefined, { subgraphs });
    const names = [...subgraphs.ordinary.map((s) => s.name), ...(subgraphs.sharded ? [`${subgraphs.sharded.name} (${shardKeys(subgraphs).join(', ')})`] : [])];
    gateway.logger.info({ subgraphs: names, supergraphFile: subgraphs.supergraphSdl !== null }, `subgraphs: ${names.join(', ') || 'from the supergraph file'}`);
    return gateway;
  });
}

main();
