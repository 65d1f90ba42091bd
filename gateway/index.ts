import { runService } from '../shared/cli.js';
import { loadGatewayConfig } from '../shared/config.js';
import { startGateway } from './server.js';

/** `npm run gateway`: the gateway alone, against the nodes named in COUNTRY_NODES / REGIONAL_URL. */
runService('gateway', async () => {
  const config = loadGatewayConfig(process.argv.slice(2));
  const gateway = await startGateway(config);
  gateway.logger.info({ countryNodes: config.countryNodes.map((n) => n.country) }, `country nodes: ${config.countryNodes.map((n) => n.country).join(', ')}`);
  return gateway;
});
